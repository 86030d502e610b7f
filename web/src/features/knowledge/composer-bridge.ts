import type { Editor } from '@tiptap/react';
import { useEffect } from 'react';

type Insert = (html: string) => void;
const composers = new Map<number, Insert>();

/** The reply composer of a ticket offers itself here, so panels beside it can put text into it. */
export function useComposerInsertTarget(ticketId: number, editor: Editor): void {
  useEffect(() => {
    const insert: Insert = (html) => {
      editor.chain().focus('end').insertContent(html).run();
    };
    composers.set(ticketId, insert);
    return () => {
      if (composers.get(ticketId) === insert) composers.delete(ticketId);
    };
  }, [ticketId, editor]);
}

/** Puts HTML at the end of the ticket's reply or note; false while the composer is not there. */
export function insertIntoComposer(ticketId: number, html: string): boolean {
  const insert = composers.get(ticketId);
  if (!insert) return false;
  insert(html);
  return true;
}
