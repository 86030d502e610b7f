import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function PanelSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={8} component="section" aria-label={title}>
      <Text className="field-label" component="h2" m={0}>
        {title}
      </Text>
      {children}
    </Stack>
  );
}
