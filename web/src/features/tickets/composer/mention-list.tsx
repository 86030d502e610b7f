import { Paper, Text, UnstyledButton } from '@mantine/core';
import type { User } from '../../../api/types';

export interface MentionQuery {
  query: string;
  from: number;
  to: number;
}

export function mentionCandidates(staff: User[], query: string): User[] {
  const needle = query.toLowerCase();
  return staff
    .filter((user) => user.name.toLowerCase().includes(needle) || user.email.toLowerCase().startsWith(needle))
    .slice(0, 6);
}

/** The @mention picker: a listbox above the composer, driven from the editor's keyboard. */
export function MentionList({
  candidates,
  activeIndex,
  onPick,
}: {
  candidates: User[];
  activeIndex: number;
  onPick: (user: User) => void;
}) {
  if (candidates.length === 0) return null;
  return (
    <Paper
      shadow="md"
      withBorder
      p={4}
      style={{ position: 'absolute', bottom: 'calc(100% + 4px)', left: 8, zIndex: 20, minWidth: 240 }}
    >
      <div role="listbox" aria-label="Mention a colleague" id="mention-listbox">
        {candidates.map((user, index) => (
          <UnstyledButton
            key={user.id}
            role="option"
            id={`mention-${user.id}`}
            aria-selected={index === activeIndex}
            onMouseDown={(event) => {
              event.preventDefault();
              onPick(user);
            }}
            display="block"
            w="100%"
            px={8}
            py={4}
            style={{
              borderRadius: 4,
              background: index === activeIndex ? 'var(--tl-row-active)' : undefined,
            }}
          >
            <Text size="sm" fw={500}>
              {user.name}
            </Text>
            <Text size="xs" c="dimmed">
              {user.position || user.role}
            </Text>
          </UnstyledButton>
        ))}
      </div>
    </Paper>
  );
}
