import { Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { AttachmentChips } from '../tickets/attachment-chips';
import { type useAttachments, useFileDrop } from '../tickets/use-attachments';

/** A drop area with a button fallback, for people who do not drag files. */
export function AttachmentDropzone({ attachments }: { attachments: ReturnType<typeof useAttachments> }) {
  const drop = useFileDrop(attachments.add);
  return (
    <Stack gap={6}>
      <div className="dropzone" data-dragging={drop.dragging} {...drop.handlers}>
        <Group justify="center" gap="sm">
          <IconUpload size={18} aria-hidden="true" />
          <Text size="sm">Drop screenshots or files here, or</Text>
          <FileButton onChange={(files) => attachments.add(files)} multiple>
            {(props) => (
              <Button {...props} size="compact-sm" variant="light">
                choose files
              </Button>
            )}
          </FileButton>
        </Group>
      </div>
      <AttachmentChips items={attachments.items} onRemove={attachments.remove} />
    </Stack>
  );
}
