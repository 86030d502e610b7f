import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { type Holiday, type OpeningInterval, WEEKDAYS, type Weekday } from '../../api/sla';

export const DAY_LABEL: Record<Weekday, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

export type WeeklyHours = Record<Weekday, OpeningInterval[]>;

const week = (hours: (day: Weekday) => OpeningInterval[]) =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, hours(day)])) as WeeklyHours;

export const PRESETS: { label: string; hours: () => WeeklyHours }[] = [
  {
    label: 'Weekdays 09:00–17:00',
    hours: () =>
      week((day) => (day === 'saturday' || day === 'sunday' ? [] : [{ start: '09:00', end: '17:00' }])),
  },
  {
    label: 'Weekdays, split shift',
    hours: () =>
      week((day) =>
        day === 'saturday' || day === 'sunday'
          ? []
          : [
              { start: '08:00', end: '12:00' },
              { start: '13:00', end: '17:00' },
            ],
      ),
  },
  { label: '24/7', hours: () => week(() => [{ start: '00:00', end: '24:00' }]) },
];

export const emptyWeek = () => week(() => []);

/** One row per weekday; several intervals make a split shift, 00:00–24:00 every day is 24/7. */
export function WeeklyHoursEditor({
  value,
  onChange,
}: {
  value: WeeklyHours;
  onChange: (value: WeeklyHours) => void;
}) {
  const setDay = (day: Weekday, intervals: OpeningInterval[]) => onChange({ ...value, [day]: intervals });
  return (
    <Stack gap={6}>
      <Group gap={6}>
        <Text size="sm" fw={500} id="weekly-hours-label">
          Weekly hours
        </Text>
        {PRESETS.map((preset) => (
          <Button
            key={preset.label}
            size="compact-xs"
            variant="light"
            onClick={() => onChange(preset.hours())}
          >
            {preset.label}
          </Button>
        ))}
      </Group>
      <Table verticalSpacing={4} aria-labelledby="weekly-hours-label">
        <Table.Tbody>
          {WEEKDAYS.map((day) => (
            <Table.Tr key={day}>
              <Table.Th w={110} scope="row">
                {DAY_LABEL[day]}
              </Table.Th>
              <Table.Td>
                <Group gap={6}>
                  {value[day].length === 0 && (
                    <Text size="sm" c="dimmed">
                      Closed
                    </Text>
                  )}
                  {value[day].map((interval, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: intervals are edited in place by position
                    <Group key={index} gap={4} wrap="nowrap">
                      <TextInput
                        size="xs"
                        w={72}
                        aria-label={`${DAY_LABEL[day]} opens (interval ${index + 1})`}
                        placeholder="09:00"
                        value={interval.start}
                        onChange={(event) =>
                          setDay(
                            day,
                            value[day].map((item, at) =>
                              at === index ? { ...item, start: event.currentTarget.value } : item,
                            ),
                          )
                        }
                      />
                      <Text size="sm" aria-hidden="true">
                        –
                      </Text>
                      <TextInput
                        size="xs"
                        w={72}
                        aria-label={`${DAY_LABEL[day]} closes (interval ${index + 1})`}
                        placeholder="17:00"
                        value={interval.end}
                        onChange={(event) =>
                          setDay(
                            day,
                            value[day].map((item, at) =>
                              at === index ? { ...item, end: event.currentTarget.value } : item,
                            ),
                          )
                        }
                      />
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove ${DAY_LABEL[day]} ${interval.start}–${interval.end}`}
                        onClick={() =>
                          setDay(
                            day,
                            value[day].filter((_, at) => at !== index),
                          )
                        }
                      >
                        <IconX size={14} />
                      </ActionIcon>
                    </Group>
                  ))}
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    leftSection={<IconPlus size={12} />}
                    aria-label={`Add hours on ${DAY_LABEL[day]}`}
                    onClick={() => {
                      const last = value[day].at(-1);
                      setDay(day, [
                        ...value[day],
                        last
                          ? { start: last.end === '24:00' ? '00:00' : last.end, end: '24:00' }
                          : { start: '09:00', end: '17:00' },
                      ]);
                    }}
                  >
                    Hours
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        Times are wall-clock times in the calendar's zone ("HH:mm", 24:00 for midnight at the end of a day).
        Hours past midnight are two intervals, e.g. Friday 22:00–24:00 and Saturday 00:00–06:00.
      </Text>
    </Stack>
  );
}

const KIND_LABEL: Record<Holiday['kind'], string> = {
  date: 'Single date',
  range: 'Date range',
  yearly: 'Every year',
};

function changeKind(holiday: Holiday, kind: Holiday['kind']): Holiday {
  const start = holiday.kind === 'range' ? holiday.from : holiday.kind === 'date' ? holiday.date : '';
  switch (kind) {
    case 'date':
      return { kind, name: holiday.name, date: start };
    case 'range':
      return { kind, name: holiday.name, from: start, to: holiday.kind === 'range' ? holiday.to : start };
    case 'yearly':
      return { kind, name: holiday.name, date: holiday.kind === 'yearly' ? holiday.date : start.slice(5) };
  }
}

/** Holidays close whole local days: a single date, a range (both days included), or a day every year. */
export function HolidaysEditor({
  value,
  onChange,
}: {
  value: Holiday[];
  onChange: (value: Holiday[]) => void;
}) {
  const set = (index: number, holiday: Holiday) =>
    onChange(value.map((item, at) => (at === index ? holiday : item)));
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={500} id="holidays-label">
          Holidays ({value.length})
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconPlus size={12} />}
          onClick={() => onChange([...value, { kind: 'date', name: '', date: '' }])}
        >
          Add holiday
        </Button>
      </Group>
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          No holidays. Add them here or import an .ics file from the list.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-labelledby="holidays-label">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>Kind</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Day(s)</Table.Th>
              <Table.Th w={40}>
                <span className="sr-only">Remove</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {value.map((holiday, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: holidays are edited in place by position
              <Table.Tr key={index}>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`Kind of holiday ${index + 1}`}
                    data={(Object.keys(KIND_LABEL) as Holiday['kind'][]).map((kind) => ({
                      value: kind,
                      label: KIND_LABEL[kind],
                    }))}
                    value={holiday.kind}
                    allowDeselect={false}
                    onChange={(kind) => kind && set(index, changeKind(holiday, kind as Holiday['kind']))}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Name of holiday ${index + 1}`}
                    value={holiday.name}
                    onChange={(event) => set(index, { ...holiday, name: event.currentTarget.value })}
                  />
                </Table.Td>
                <Table.Td>
                  {holiday.kind === 'date' && (
                    <TextInput
                      size="xs"
                      type="date"
                      aria-label={`Date of holiday ${index + 1}`}
                      value={holiday.date}
                      onChange={(event) => set(index, { ...holiday, date: event.currentTarget.value })}
                    />
                  )}
                  {holiday.kind === 'range' && (
                    <Group gap={4} wrap="nowrap">
                      <TextInput
                        size="xs"
                        type="date"
                        aria-label={`First day of holiday ${index + 1}`}
                        value={holiday.from}
                        onChange={(event) => set(index, { ...holiday, from: event.currentTarget.value })}
                      />
                      <TextInput
                        size="xs"
                        type="date"
                        aria-label={`Last day of holiday ${index + 1}`}
                        value={holiday.to}
                        onChange={(event) => set(index, { ...holiday, to: event.currentTarget.value })}
                      />
                    </Group>
                  )}
                  {holiday.kind === 'yearly' && (
                    <TextInput
                      size="xs"
                      w={90}
                      placeholder="12-25"
                      aria-label={`Month and day of holiday ${index + 1} (MM-DD)`}
                      value={holiday.date}
                      onChange={(event) => set(index, { ...holiday, date: event.currentTarget.value })}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove holiday ${holiday.name || index + 1}`}
                    onClick={() => onChange(value.filter((_, at) => at !== index))}
                  >
                    <IconX size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** "Mon–Fri 09:00–17:00", "24/7", or the days listed, for the calendars table. */
export function summariseHours(hours: WeeklyHours): string {
  const text = (day: Weekday) => hours[day].map((interval) => `${interval.start}–${interval.end}`).join(', ');
  if (WEEKDAYS.every((day) => text(day) === '00:00–24:00')) return '24/7';
  const parts: string[] = [];
  let runStart = 0;
  for (let index = 1; index <= WEEKDAYS.length; index++) {
    const previous = WEEKDAYS[index - 1]!;
    const current = WEEKDAYS[index];
    if (current && text(current) === text(previous)) continue;
    const first = WEEKDAYS[runStart]!;
    if (text(previous)) {
      const days =
        first === previous
          ? DAY_LABEL[first].slice(0, 3)
          : `${DAY_LABEL[first].slice(0, 3)}–${DAY_LABEL[previous].slice(0, 3)}`;
      parts.push(`${days} ${text(previous)}`);
    }
    runStart = index;
  }
  return parts.join('; ') || 'Always closed';
}
