import { addCalendarDays } from "../../shared/days.ts";

/** Automatic backups kept: the newest of each of the 7 latest days that have one… */
export const KEEP_DAILY = 7;
/** …and beyond them, the newest of each of 4 earlier weeks (Monday to Sunday) that have one. */
export const KEEP_WEEKLY = 4;

/** The Monday ("YYYY-MM-DD") of a day's week, weeks running Monday to Sunday as in Senegal (ISO 8601). */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addCalendarDays(day, -((weekday + 6) % 7));
}

/**
 * Which automatic backups to keep and which to delete, from their days alone
 * ("YYYY-MM-DD", one backup a day) and today's. The rule of `borg prune
 * --keep-daily 7 --keep-weekly 4`: the 7 latest days that have a backup; then,
 * going back week by week (Monday to Sunday), the latest backup of each week,
 * a week whose latest backup the daily rule already keeps not counting, until 4
 * more are kept. In a normal run: the last 7 days and the Sundays of the 4 weeks
 * before them, about 5 weeks back. Only periods holding a backup count: after
 * weeks with the server off, the older backups stay rather than leaving only the
 * newest. A day after today (a clock set wrong) is kept and not counted.
 */
export function selectBackupsToKeep(days: readonly string[], today: string): { keep: string[]; remove: string[] } {
  const future = days.filter((day) => day > today);
  const past = [...new Set(days.filter((day) => day <= today))].sort().reverse();
  const keep = new Set<string>([...future, ...past.slice(0, KEEP_DAILY)]);
  let weekly = 0;
  let lastWeek: string | undefined;
  for (const day of past) {
    if (weekly === KEEP_WEEKLY) break;
    const week = weekOf(day);
    if (week === lastWeek) continue;
    lastWeek = week;
    if (keep.has(day)) continue;
    keep.add(day);
    weekly++;
  }
  const sorted = (list: Iterable<string>) => [...list].sort();
  return { keep: sorted(keep), remove: sorted(new Set(past.filter((day) => !keep.has(day)))) };
}
