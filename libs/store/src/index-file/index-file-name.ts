/**
 * Index files are named after their creation time, yyyyMMddHHmmssSSS (RocketMQ's
 * UtilAll.timeMillisToHumanString). RocketMQ formats in the JVM's local time zone; the zone is a
 * parameter so tests can pin it.
 */
export type IndexFileTimeZone = 'local' | 'utc';

export const INDEX_FILE_NAME = /^\d{17}$/;

export function indexFileNameOf(ms: number, zone: IndexFileTimeZone = 'local'): string {
  const d = new Date(ms);
  const utc = zone === 'utc';
  const parts = [
    [utc ? d.getUTCFullYear() : d.getFullYear(), 4],
    [(utc ? d.getUTCMonth() : d.getMonth()) + 1, 2],
    [utc ? d.getUTCDate() : d.getDate(), 2],
    [utc ? d.getUTCHours() : d.getHours(), 2],
    [utc ? d.getUTCMinutes() : d.getMinutes(), 2],
    [utc ? d.getUTCSeconds() : d.getSeconds(), 2],
    [utc ? d.getUTCMilliseconds() : d.getMilliseconds(), 3],
  ] as const;
  return parts.map(([value, digits]) => String(value).padStart(digits, '0')).join('');
}
