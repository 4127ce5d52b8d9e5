import { LogThrottle, type ThrottledLine } from './log-throttle';

describe('LogThrottle', () => {
  it('writes one line per interval during a burst and counts the ones it held back', () => {
    let now = 1_000;
    const lines: ThrottledLine[] = [];
    const throttle = new LogThrottle(
      (line) => lines.push(line),
      10_000,
      () => now,
    );

    const written = Array.from({ length: 654 }, (_, i) => {
      now += 10; // 654 failures in 6.5 s
      return throttle.log({ msg: 'enqueue refused', requestId: `r${i}` });
    });
    expect(written.filter(Boolean)).toHaveLength(1);
    expect(lines).toEqual([{ msg: 'enqueue refused', requestId: 'r0' }]);

    now += 10_000;
    throttle.log({ msg: 'enqueue refused', requestId: 'later' });
    expect(lines[1]).toEqual({
      msg: 'enqueue refused (653 similar line(s) held back)',
      requestId: 'later',
      suppressed: 653,
    });
  });

  it('writes every line when they are further apart than the interval', () => {
    let now = 0;
    const lines: ThrottledLine[] = [];
    const throttle = new LogThrottle(
      (line) => lines.push(line),
      100,
      () => now,
    );
    for (let i = 0; i < 3; i++) {
      throttle.log({ msg: `line ${i}` });
      now += 100;
    }
    expect(lines.map((line) => line.msg)).toEqual([
      'line 0',
      'line 1',
      'line 2',
    ]);
  });
});
