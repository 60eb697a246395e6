/** "2026-03-02" + 30 → "2026-04-01" (calendar arithmetic, no time zone involved). */
export function addCalendarDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
