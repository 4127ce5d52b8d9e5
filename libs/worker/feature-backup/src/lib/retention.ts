import { backupTime } from './backup-name';

export interface RetentionPolicy {
  /** The newest backup of each of the last `daily` days that have one. */
  daily: number;
  /** The newest backup of each of the last `weekly` ISO weeks that have one. */
  weekly: number;
}

/** ISO 8601 week of a UTC instant, as `2026-W49`. */
export function isoWeek(at: Date): string {
  const day = new Date(
    Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()),
  );
  const weekday = day.getUTCDay() || 7; // Monday 1 … Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday decides the year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The backups to delete under a policy. A backup is kept when it is the newest of one of the
 * last `daily` days, or the newest of one of the last `weekly` weeks; names that are not backups
 * are never touched. The newest backup is always kept.
 */
export function expiredBackups(
  names: readonly string[],
  policy: RetentionPolicy,
): string[] {
  const dated = names
    .map((name) => ({ name, at: backupTime(name) }))
    .filter((b): b is { name: string; at: Date } => b.at !== undefined)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const keep = new Set<string>();
  const newestPer = (key: (at: Date) => string, count: number) => {
    const seen = new Set<string>();
    for (const backup of dated) {
      const bucket = key(backup.at);
      if (seen.has(bucket)) continue;
      if (seen.size >= count) break;
      seen.add(bucket);
      keep.add(backup.name);
    }
  };
  newestPer((at) => at.toISOString().slice(0, 10), policy.daily);
  newestPer(isoWeek, policy.weekly);
  if (dated[0]) keep.add(dated[0].name);
  return dated.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
