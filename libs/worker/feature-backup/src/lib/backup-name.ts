/**
 * A backup's name is the UTC instant it was taken, so names sort by time and retention can
 * read a backup's day and week from its name alone: `landing-20261201T074512Z`.
 */
const NAME = /^landing-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function backupName(at: Date): string {
  const iso = at.toISOString(); // 2026-12-01T07:45:12.345Z
  return `landing-${iso.slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** The instant a backup name stands for, or undefined for anything else found at a destination. */
export function backupTime(name: string): Date | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const at = new Date(
    Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0),
  );
  return backupName(at) === name ? at : undefined;
}
