import { Group, Text } from '@mantine/core';

export function Logo({ size = 22, label = 'Tierline' }: { size?: number; label?: string }) {
  return (
    <Group gap={8} wrap="nowrap" role="img" aria-label={label}>
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-blue-7)" />
        <path d="M8 10h16M8 16h11M8 22h6" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <Text fw={700} size={size > 26 ? 'xl' : 'md'} style={{ letterSpacing: '-0.01em' }} aria-hidden="true">
        {label}
      </Text>
    </Group>
  );
}
