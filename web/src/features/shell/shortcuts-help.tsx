import { Group, Kbd, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { createContext, useContext } from 'react';

const SECTIONS: { title: string; keys: [string[], string][] }[] = [
  {
    title: 'Anywhere',
    keys: [
      [['?'], 'Show this help'],
      [['/'], 'Search tickets'],
      [['c'], 'New ticket'],
    ],
  },
  {
    title: 'Ticket list',
    keys: [
      [['j'], 'Next ticket'],
      [['k'], 'Previous ticket'],
      [['Enter'], 'Open ticket'],
      [['x'], 'Select or unselect ticket'],
    ],
  },
  {
    title: 'Ticket',
    keys: [
      [['j'], 'Next ticket in the list'],
      [['k'], 'Previous ticket in the list'],
      [['r'], 'Reply to the customer'],
      [['n'], 'Add an internal note'],
      [['m'], 'Apply a macro'],
      [['a'], 'Assign to me'],
      [['s'], 'Change status'],
      [['Ctrl', 'Enter'], 'Send (in the composer)'],
      [['Esc'], 'Leave the composer'],
    ],
  },
];

export const ShortcutHelpContext = createContext<() => void>(() => {});
export const useOpenShortcutHelp = () => useContext(ShortcutHelpContext);

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        {SECTIONS.map((section) => (
          <Stack key={section.title} gap={6}>
            <Title order={2} size="h6" c="dimmed" tt="uppercase">
              {section.title}
            </Title>
            <dl style={{ margin: 0 }}>
              {section.keys.map(([keys, label]) => (
                <Group key={label} justify="space-between" py={4} wrap="nowrap">
                  <Text component="dt" size="sm">
                    {label}
                  </Text>
                  <Group component="dd" gap={4} m={0} wrap="nowrap">
                    {keys.map((key) => (
                      <Kbd key={key} size="xs">
                        {key}
                      </Kbd>
                    ))}
                  </Group>
                </Group>
              ))}
            </dl>
          </Stack>
        ))}
      </SimpleGrid>
    </Modal>
  );
}
