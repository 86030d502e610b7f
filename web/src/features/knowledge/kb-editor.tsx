import { Box, Text } from '@mantine/core';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useId } from 'react';
import { EditorToolbar } from '../tickets/composer/editor-toolbar';

/** The article text: the same Tiptap editor and toolbar as the reply composer, with headings. */
export function KbEditor({
  initialHtml,
  onChange,
  readOnly = false,
  label = 'Article text',
}: {
  /** Read once: a new article or language remounts the editor (key it). */
  initialHtml: string;
  onChange: (html: string) => void;
  readOnly?: boolean;
  label?: string;
}) {
  const labelId = useId();
  const editor = useEditor({
    extensions: [StarterKit.configure({ link: { openOnClick: false, autolink: true } })],
    content: initialHtml,
    editable: !readOnly,
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': labelId },
    },
    onUpdate: ({ editor: current, transaction }) => {
      if (transaction.docChanged) onChange(current.isEmpty ? '' : current.getHTML());
    },
  });
  useEffect(() => {
    editor.setEditable(!readOnly);
  }, [editor, readOnly]);
  return (
    <Box>
      <Text id={labelId} size="sm" fw={500} display="block" mb={4}>
        {label}
      </Text>
      <Box className="composer-box" data-mode="reply">
        {!readOnly && (
          <Box style={{ borderBottom: '1px solid var(--tl-border)' }}>
            <EditorToolbar editor={editor} />
          </Box>
        )}
        <Box className="composer-editor kb-editor">
          <EditorContent editor={editor} />
        </Box>
      </Box>
    </Box>
  );
}
