/**
 * deleteWhen: the hours of the day (local time, 0..23) at which expired commit-log files are
 * deleted, written "04" or "01;04" (UtilAll.isItTimeToDo: the current hour equals one of them).
 */
import { RetentionConfigError } from './retention-config.error';

const HOUR = /^\d{1,2}$/;

export function parseDeleteWhen(deleteWhen: string): ReadonlySet<number> {
  const hours = new Set<number>();
  for (const part of deleteWhen.split(';')) {
    const text = part.trim();
    const hour = HOUR.test(text) ? Number(text) : NaN;
    if (!(hour >= 0 && hour <= 23)) {
      throw new RetentionConfigError(
        'deleteWhen',
        deleteWhen,
        `"${part}" is not an hour of the day (00..23)`,
      );
    }
    hours.add(hour);
  }
  return hours;
}

/** The local hour of day of a time in ms (what Java's Calendar.HOUR_OF_DAY gives). */
export function localHourOfDay(nowMs: number): number {
  return new Date(nowMs).getHours();
}
