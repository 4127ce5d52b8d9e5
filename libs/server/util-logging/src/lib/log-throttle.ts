/** What a throttled line carries besides its text: fields for the JSON line. */
export interface ThrottledLine {
  msg: string;
  [field: string]: unknown;
}

/**
 * Lets one line through per interval and counts the rest, so an outage that fails every
 * request writes a few lines with counts instead of one line per request. The first line
 * after a quiet interval names how many were held back (`suppressed`).
 */
export class LogThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly write: (line: ThrottledLine) => void,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes the line unless one was written less than the interval ago. Returns whether it wrote. */
  log(line: ThrottledLine): boolean {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.suppressed++;
      return false;
    }
    this.lastAt = now;
    const held = this.suppressed;
    this.suppressed = 0;
    this.write(
      held > 0
        ? {
            ...line,
            msg: `${line.msg} (${held} similar line(s) held back)`,
            suppressed: held,
          }
        : line,
    );
    return true;
  }
}
