import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Center mih="60vh" component="main">
      <Stack align="center" gap="xs">
        <Title order={1} size="h2">
          Page not found
        </Title>
        <Text c="dimmed">The page does not exist, or you may not see it.</Text>
        <Button component={Link} to="/" variant="light" mt="sm">
          Go to start
        </Button>
      </Stack>
    </Center>
  );
}
