import { type DragEvent as ReactDragEvent, useCallback, useState } from 'react';
import { errorMessage } from '../../api/client';
import { uploadAttachment } from '../../api/tickets';

export interface PendingAttachment {
  key: string;
  name: string;
  size: number;
  status: 'uploading' | 'done' | 'failed';
  id?: number;
  error?: string;
}

/** Files dropped or picked upload at once; the message then refers to them by id. */
export function useAttachments() {
  const [items, setItems] = useState<PendingAttachment[]>([]);

  const add = useCallback((files: Iterable<File>) => {
    for (const file of files) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      setItems((current) => [...current, { key, name: file.name, size: file.size, status: 'uploading' }]);
      uploadAttachment(file).then(
        (uploaded) =>
          setItems((current) =>
            current.map((item) => (item.key === key ? { ...item, status: 'done', id: uploaded.id } : item)),
          ),
        (error: unknown) =>
          setItems((current) =>
            current.map((item) =>
              item.key === key ? { ...item, status: 'failed', error: errorMessage(error) } : item,
            ),
          ),
      );
    }
  }, []);

  const remove = useCallback(
    (key: string) => setItems((current) => current.filter((item) => item.key !== key)),
    [],
  );
  const clear = useCallback(() => setItems([]), []);

  return {
    items,
    add,
    remove,
    clear,
    uploading: items.some((item) => item.status === 'uploading'),
    ids: items.filter((item) => item.status === 'done' && item.id !== undefined).map((item) => item.id!),
  };
}

/** Drag-and-drop handlers for any element, with a flag for the "drop here" state. */
export function useFileDrop(onFiles: (files: FileList) => void) {
  const [dragging, setDragging] = useState(false);
  const hasFiles = (event: ReactDragEvent) => [...event.dataTransfer.types].includes('Files');
  return {
    dragging,
    handlers: {
      onDragEnter: (event: ReactDragEvent) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      },
      onDragOver: (event: ReactDragEvent) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave: (event: ReactDragEvent) => {
        if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
        setDragging(false);
      },
      onDrop: (event: ReactDragEvent) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        if (event.dataTransfer.files.length) onFiles(event.dataTransfer.files);
      },
    },
  };
}
