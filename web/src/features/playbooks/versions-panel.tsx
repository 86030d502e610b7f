import { Badge, Box, Button, Group, Loader, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { type PlaybookDefinition, type PlaybookVersion, usePlaybookVersions } from '../../api/playbooks';
import { formatDateTime } from '../../lib/time';

/** A read-only outline of a script: each question with where its answers lead. */
export function DefinitionOutline({ definition }: { definition: PlaybookDefinition }) {
  const outcome = (id: string) => definition.outcomes.find((candidate) => candidate.id === id);
  return (
    <Stack gap="sm">
      {definition.steps.map((step, index) => (
        <Box key={step.id}>
          <Text size="sm" fw={600}>
            {index + 1}. {step.prompt}
            {definition.startStepId === step.id && (
              <Badge size="xs" ml={6} variant="light">
                Start
              </Badge>
            )}
          </Text>
          <Box component="ul" m={0} pl="lg">
            {step.answers.map((answer) => {
              const ending = answer.outcomeId ? outcome(answer.outcomeId) : undefined;
              return (
                <Text component="li" size="sm" key={answer.id}>
                  {answer.label} →{' '}
                  {answer.nextStepId
                    ? `question ${definition.steps.findIndex((s) => s.id === answer.nextStepId) + 1}`
                    : ending
                      ? `${ending.kind === 'solved' ? 'solved' : 'escalate'}: ${ending.title}`
                      : 'nowhere'}
                </Text>
              );
            })}
          </Box>
        </Box>
      ))}
    </Stack>
  );
}

/** Published versions, newest first; each can be read or taken back into the editor. */
export function VersionsPanel({
  playbookId,
  currentVersion,
  onLoad,
}: {
  playbookId: number;
  currentVersion: number | null;
  onLoad: (definition: PlaybookDefinition, version: number) => void;
}) {
  const versions = usePlaybookVersions(playbookId);
  const [viewing, setViewing] = useState<PlaybookVersion | null>(null);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="versions-heading">
      <Title order={2} size="h5" id="versions-heading" mb="xs">
        Versions
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        Publishing makes a new version. Runs already going keep the version they started with.
      </Text>
      {versions.isPending ? (
        <Loader size="xs" aria-label="Loading versions" />
      ) : versions.isError ? (
        <Text size="sm" c="red">
          {errorMessage(versions.error)}
        </Text>
      ) : versions.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not published yet.
        </Text>
      ) : (
        <Stack
          gap="xs"
          component="ol"
          aria-label="Published versions"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
        >
          {versions.data.map((version) => (
            <Group component="li" key={version.version} justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Text size="sm" fw={600}>
                    Version {version.version}
                  </Text>
                  {version.version === currentVersion && (
                    <Badge size="xs" color="teal" variant="light">
                      Live
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" truncate>
                  {formatDateTime(version.publishedAt)}
                  {version.note ? ` · ${version.note}` : ''}
                </Text>
              </div>
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() => setViewing(version)}
                aria-label={`Show version ${version.version}`}
              >
                Show
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      <Modal
        opened={viewing !== null}
        onClose={() => setViewing(null)}
        title={viewing ? `Version ${viewing.version}` : ''}
        size="lg"
      >
        {viewing && (
          <Stack>
            {viewing.note && <Text size="sm">{viewing.note}</Text>}
            <DefinitionOutline definition={viewing.definition} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setViewing(null)}>
                Close
              </Button>
              <Button
                onClick={() => {
                  onLoad(viewing.definition, viewing.version);
                  setViewing(null);
                }}
              >
                Edit from this version
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
