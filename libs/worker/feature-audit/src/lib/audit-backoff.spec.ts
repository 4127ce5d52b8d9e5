import { cappedBackoff } from './audit-backoff';

describe('audit job backoff', () => {
  const noJitter = () => 1;

  it('doubles from the base delay', () => {
    expect(
      [1, 2, 3, 4].map((attempt) =>
        cappedBackoff(attempt, 1000, 60_000, noJitter),
      ),
    ).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap, however many attempts were made', () => {
    expect(cappedBackoff(7, 1000, 60_000, noJitter)).toBe(60_000);
    expect(cappedBackoff(999_999, 1000, 60_000, noJitter)).toBe(60_000);
  });

  it('spreads retries by up to a fifth below the delay', () => {
    expect(cappedBackoff(1, 1000, 60_000, () => 0)).toBe(800);
  });
});
