import { Cron } from 'croner';
import { toString as cronInWords } from 'cronstrue';
import type { JobSchedule } from '../store/jobs/types';

/** A schedule that cannot be used; `field` names the bad part (e.g. "day of month", "timezone"). */
export class ScheduleError extends Error {
  constructor(
    message: string,
    readonly field: string
  ) {
    super(message);
  }
}

const FIELDS_5 = ['minute', 'hour', 'day of month', 'month', 'day of week'];
const FIELDS_6 = ['second', ...FIELDS_5];

function cronOf(schedule: JobSchedule): Cron {
  return new Cron(schedule.cron, { paused: true, timezone: schedule.timezone, mode: '5-or-6-parts' });
}

/** Throws ScheduleError when `zone` is not an IANA time zone this Node knows. */
export function checkTimezone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ScheduleError(
      `Unknown time zone "${zone}": give an IANA name such as "Europe/Berlin", "America/New_York" or "UTC".`,
      'timezone'
    );
  }
}

/**
 * Checks a schedule: five cron fields (minute hour day-of-month month day-of-week) or six with
 * a leading seconds field, and an IANA time zone. The error names the field at fault; croner
 * parses, and each field is tried alone (the others as `*`) to find which one it refused.
 */
export function checkSchedule(schedule: JobSchedule): void {
  checkTimezone(schedule.timezone);
  const parts = schedule.cron.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new ScheduleError(
      `The cron expression "${schedule.cron}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; ` +
        'it needs 5: minute hour day-of-month month day-of-week (e.g. "0 6 * * 1-5").',
      'cron'
    );
  }
  try {
    cronOf(schedule);
    return;
  } catch (error) {
    const names = parts.length === 5 ? FIELDS_5 : FIELDS_6;
    for (let i = 0; i < parts.length; i++) {
      const alone = parts.map((p, j) => (j === i ? p : '*')).join(' ');
      try {
        cronOf({ ...schedule, cron: alone });
      } catch {
        throw new ScheduleError(
          `The cron expression "${schedule.cron}" has an invalid ${names[i]} field: "${parts[i]}".`,
          names[i]
        );
      }
    }
    throw new ScheduleError(
      `The cron expression "${schedule.cron}" is invalid: ${(error as Error).message}`,
      'cron'
    );
  }
}

/** The fire times after `after` (exclusive), at most `count`. */
export function nextTimes(schedule: JobSchedule, after: number, count: number): number[] {
  return cronOf(schedule)
    .nextRuns(count, new Date(after))
    .map(d => d.getTime());
}

/** The next fire time after `after` (exclusive), or null when there is none. */
export function nextTime(schedule: JobSchedule, after: number): number | null {
  return cronOf(schedule).nextRun(new Date(after))?.getTime() ?? null;
}

/**
 * The fire times in (after, until], oldest first; when there are more than `max`, the latest
 * `max` of them (a scheduler that was down for a month does not walk every minute of it).
 */
export function timesBetween(schedule: JobSchedule, after: number, until: number, max: number): number[] {
  const cron = cronOf(schedule);
  const times: number[] = [];
  // Forward from `after`: the usual case is none or one (a tick at each due time).
  for (let t = cron.nextRun(new Date(after)); t && t.getTime() <= until; t = cron.nextRun(t)) {
    if (times.length === max) {
      // A long gap: only its latest `max` times matter.
      return cron
        .previousRuns(max, new Date(until + 1))
        .map(d => d.getTime())
        .filter(time => time > after)
        .reverse();
    }
    times.push(t.getTime());
  }
  return times;
}

/** The schedule in plain words, e.g. "At 06:00, Monday through Friday (Europe/Berlin)". */
export function describeSchedule(schedule: JobSchedule): string {
  const words = cronInWords(schedule.cron, { use24HourTimeFormat: true, verbose: false });
  return `${words} (${schedule.timezone})`;
}
