import { Group, Loader, Pill, Text } from '@mantine/core';
import { IconAlertTriangle, IconPaperclip } from '@tabler/icons-react';
import { formatBytes } from '../../lib/time';
import type { PendingAttachment } from './use-attachments';

export function AttachmentChips({
  items,
  onRemove,
}: {
  items: PendingAttachment[];
  onRemove: (key: string) => void;
}) {
  if (items.length === 0) return null;
  return (
    <Group gap={6} aria-label="Attachments to send" role="list">
      {items.map((item) => (
        <Pill
          key={item.key}
          role="listitem"
          withRemoveButton
          onRemove={() => onRemove(item.key)}
          removeButtonProps={{ 'aria-label': `Remove ${item.name}` }}
          title={item.error}
        >
          <Group gap={4} wrap="nowrap">
            {item.status === 'uploading' ? (
              <Loader size={10} aria-label="Uploading" />
            ) : item.status === 'failed' ? (
              <IconAlertTriangle size={12} color="var(--mantine-color-red-7)" aria-label="Upload failed" />
            ) : (
              <IconPaperclip size={12} aria-hidden="true" />
            )}
            <Text size="xs" span>
              {item.name} ({formatBytes(item.size)})
            </Text>
          </Group>
        </Pill>
      ))}
    </Group>
  );
}
