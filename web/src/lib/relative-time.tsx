import { Tooltip } from '@mantine/core';
import { formatDateTime, formatRelative, useNow } from './time';

/** "5 min ago", with the exact time in the viewer's time zone on hover and for assistive tech. */
export function RelativeTime({ value }: { value: string }) {
  const now = useNow();
  const exact = formatDateTime(value);
  return (
    <Tooltip label={exact}>
      <time dateTime={value} title={exact}>
        {formatRelative(value, now)}
      </time>
    </Tooltip>
  );
}
