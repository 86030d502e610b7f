import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconCalendarPlus, IconFileImport, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useOrganisations, useTeams } from '../../api/directory';
import {
  type BusinessCalendar,
  type CalendarInput,
  sla,
  slaKeys,
  useCalendarAssignments,
  useCalendars,
  useSlaSave,
} from '../../api/sla';
import { AdminHeader, failed, QueryState, saved, TIME_ZONES } from '../admin/admin-kit';
import { emptyWeek, HolidaysEditor, PRESETS, summariseHours, WeeklyHoursEditor } from './calendar-editors';

const refreshes = [slaKeys.calendars, slaKeys.assignments, slaKeys.atRisk] as const;

function blankCalendar(): CalendarInput {
  return {
    name: '',
    description: '',
    isDefault: false,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    weeklyHours: PRESETS[0]!.hours(),
    holidays: [],
  };
}

function CalendarModal({
  calendar,
  opened,
  onClose,
}: {
  calendar: BusinessCalendar | null;
  opened: boolean;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<CalendarInput>(blankCalendar);
  useEffect(() => {
    if (!opened) return;
    setDraft(
      calendar
        ? {
            name: calendar.name,
            description: calendar.description,
            isDefault: calendar.isDefault,
            timeZone: calendar.timeZone,
            weeklyHours: { ...emptyWeek(), ...calendar.weeklyHours },
            holidays: calendar.holidays,
          }
        : blankCalendar(),
    );
  }, [opened, calendar]);
  const save = useSlaSave(async () => {
    const body = {
      ...draft,
      name: draft.name.trim(),
      holidays: draft.holidays.map((h) => ({ ...h, name: h.name.trim() })),
    };
    return calendar ? sla.updateCalendar(calendar.id, body) : sla.createCalendar(body);
  }, refreshes);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(undefined, {
      onSuccess: () => {
        saved(`${draft.name} saved; open tickets are recomputed`);
        onClose();
      },
    });
  };
  const set = <K extends keyof CalendarInput>(key: K, value: CalendarInput[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={calendar ? `Edit ${calendar.name}` : 'New business calendar'}
      size="xl"
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              required
              data-autofocus
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
            />
            <Select
              label="Time zone"
              required
              searchable
              data={TIME_ZONES}
              value={draft.timeZone}
              allowDeselect={false}
              onChange={(value) => value && set('timeZone', value)}
            />
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={1}
            value={draft.description}
            onChange={(e) => set('description', e.currentTarget.value)}
          />
          <Checkbox
            label="Default calendar (used when neither the organisation, the policy nor the team names one)"
            checked={draft.isDefault}
            onChange={(e) => set('isDefault', e.currentTarget.checked)}
          />
          <WeeklyHoursEditor value={draft.weeklyHours} onChange={(value) => set('weeklyHours', value)} />
          <HolidaysEditor value={draft.holidays} onChange={(value) => set('holidays', value)} />
          {save.isError && (
            <Alert color="red" role="alert" title="Not saved">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!draft.name.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ImportModal({ calendar, onClose }: { calendar: BusinessCalendar | null; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const importIcs = useSlaSave(
    async () => sla.importHolidays(calendar!.id, await file!.text(), replace),
    refreshes,
  );
  useEffect(() => {
    if (!calendar) return;
    setFile(null);
    setReplace(false);
    importIcs.reset();
  }, [calendar, importIcs.reset]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    importIcs.mutate(undefined);
  };
  const result = importIcs.data;
  return (
    <Modal
      opened={calendar !== null}
      onClose={onClose}
      title={`Import holidays into ${calendar?.name ?? ''}`}
      size="lg"
    >
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            An iCalendar (.ics) file, e.g. a public-holiday feed. All-day events become holidays; yearly
            events stay yearly. Timed events and moving rules are listed below so you can add them by hand.
          </Text>
          <FileInput
            label="iCalendar file"
            placeholder="Choose an .ics file"
            accept=".ics,text/calendar"
            required
            value={file}
            onChange={setFile}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          />
          <Checkbox
            label="Replace the calendar's holidays instead of adding to them"
            checked={replace}
            onChange={(e) => setReplace(e.currentTarget.checked)}
          />
          {importIcs.isError && (
            <Alert color="red" role="alert" title="Not imported">
              {errorMessage(importIcs.error)}
            </Alert>
          )}
          {result && (
            <Alert
              color="teal"
              title={`${result.imported} holiday${result.imported === 1 ? '' : 's'} imported`}
              role="status"
            >
              {result.skipped.length === 0 ? (
                'Nothing was skipped.'
              ) : (
                <>
                  <Text size="sm">Skipped {result.skipped.length}:</Text>
                  <List size="sm">
                    {result.skipped.map((entry, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: skipped entries may lack a uid
                      <List.Item key={index}>
                        {entry.summary ?? entry.uid ?? 'An event'}: {entry.reason}
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {result ? 'Close' : 'Cancel'}
            </Button>
            <Button
              type="submit"
              loading={importIcs.isPending}
              disabled={!file}
              leftSection={<IconFileImport size={16} />}
            >
              Import
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Which organisations and teams count business time on their own calendar. */
function Assignments({ calendars }: { calendars: BusinessCalendar[] }) {
  const assignments = useCalendarAssignments();
  const organisations = useOrganisations();
  const teams = useTeams();
  const assign = useSlaSave(
    ({ kind, id, calendarId }: { kind: 'organisation' | 'team'; id: number; calendarId: number | null }) =>
      kind === 'organisation' ? sla.assignOrganisation(id, calendarId) : sla.assignTeam(id, calendarId),
    refreshes,
  );
  const options = calendars.map((calendar) => ({ value: String(calendar.id), label: calendar.name }));
  const row = (kind: 'organisation' | 'team', id: number, name: string, current: number | undefined) => (
    <Table.Tr key={`${kind}-${id}`}>
      <Table.Td>{name}</Table.Td>
      <Table.Td w={260}>
        <Select
          size="xs"
          aria-label={`Calendar of ${name}`}
          placeholder={kind === 'organisation' ? "The policy's calendar" : 'Default calendar'}
          clearable
          data={options}
          value={current === undefined ? null : String(current)}
          onChange={(value) =>
            assign.mutate(
              { kind, id, calendarId: value ? Number(value) : null },
              { onSuccess: () => saved(`Calendar of ${name} saved`), onError: failed },
            )
          }
        />
      </Table.Td>
    </Table.Tr>
  );
  return (
    <QueryState query={assignments}>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder radius="md" p="sm">
          <Title order={2} size="h5" mb={4}>
            Organisations
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            An organisation's calendar wins over the policy's: clients are served in their own hours.
          </Text>
          <Table verticalSpacing={4} aria-label="Calendars of organisations">
            <Table.Tbody>
              {(organisations.data ?? []).map((organisation) =>
                row(
                  'organisation',
                  organisation.id,
                  organisation.name,
                  assignments.data?.organisations.find((entry) => entry.organisationId === organisation.id)
                    ?.calendarId,
                ),
              )}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder radius="md" p="sm">
          <Title order={2} size="h5" mb={4}>
            Teams
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            Used when the policy names no calendar.
          </Text>
          <Table verticalSpacing={4} aria-label="Calendars of teams">
            <Table.Tbody>
              {(teams.data ?? []).map((team) =>
                row(
                  'team',
                  team.id,
                  `${team.name} · Tier ${team.tier}`,
                  assignments.data?.teams.find((entry) => entry.teamId === team.id)?.calendarId,
                ),
              )}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
    </QueryState>
  );
}

export default function CalendarsPage() {
  useDocumentTitle('Business calendars · Administration · Tierline');
  const calendars = useCalendars();
  const [editing, setEditing] = useState<BusinessCalendar | null>(null);
  const [importing, setImporting] = useState<BusinessCalendar | null>(null);
  const [opened, modal] = useDisclosure(false);
  const remove = useSlaSave((id: number) => sla.deleteCalendar(id), refreshes);
  const open = (calendar: BusinessCalendar | null) => {
    setEditing(calendar);
    modal.open();
  };
  return (
    <>
      <AdminHeader
        title="Business calendars"
        description="Opening hours, holidays and time zone: SLA targets in business time count only while a calendar is open."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => open(null)}>
            New calendar
          </Button>
        }
      />
      <QueryState query={calendars}>
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" aria-label="Business calendars">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Calendar</Table.Th>
                <Table.Th>Time zone</Table.Th>
                <Table.Th>Hours</Table.Th>
                <Table.Th>Holidays</Table.Th>
                <Table.Th w={230}>
                  <span className="sr-only">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(calendars.data ?? []).map((calendar) => (
                <Table.Tr key={calendar.id}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" fw={500}>
                        {calendar.name}
                      </Text>
                      {calendar.isDefault && (
                        <Badge size="xs" variant="light">
                          Default
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {calendar.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>{calendar.timeZone}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{summariseHours({ ...emptyWeek(), ...calendar.weeklyHours })}</Text>
                  </Table.Td>
                  <Table.Td>{calendar.holidays.length}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => open(calendar)}
                        aria-label={`Edit ${calendar.name}`}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        leftSection={<IconCalendarPlus size={12} />}
                        onClick={() => setImporting(calendar)}
                        aria-label={`Import holidays into ${calendar.name}`}
                      >
                        Import .ics
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${calendar.name}`}
                        onClick={() =>
                          window.confirm(`Delete the calendar "${calendar.name}"?`) &&
                          remove.mutate(calendar.id, {
                            onSuccess: () => saved(`${calendar.name} deleted`),
                            onError: failed,
                          })
                        }
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {calendars.data?.length === 0 && (
            <Text c="dimmed" ta="center" py="lg">
              No calendars yet: every target counts calendar time (always open, UTC).
            </Text>
          )}
        </Paper>
        <Title order={2} size="h4" mt="md">
          Who uses which calendar
        </Title>
        <Assignments calendars={calendars.data ?? []} />
      </QueryState>
      <CalendarModal calendar={editing} opened={opened} onClose={modal.close} />
      <ImportModal calendar={importing} onClose={() => setImporting(null)} />
    </>
  );
}
