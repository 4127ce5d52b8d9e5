import { statusClass } from './http-metrics';
import { intakeOutcomeForStatus } from './intake-metrics';

describe('intakeOutcomeForStatus', () => {
  it.each([
    [400, 'invalid'],
    [413, 'invalid'],
    [415, 'invalid'],
    [429, 'rate_limited'],
    [500, 'unavailable'],
    [503, 'unavailable'],
  ])('counts a %i answer as %s', (status, outcome) => {
    expect(intakeOutcomeForStatus(status)).toBe(outcome);
  });

  it('leaves successes to the intake service, which alone knows accepted from duplicate', () => {
    expect([200, 202].map(intakeOutcomeForStatus)).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe('statusClass', () => {
  it('keeps the label bounded whatever the status', () => {
    expect([200, 202, 404, 429, 503, 99, 600, 1000].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '4xx',
      '4xx',
      '5xx',
      'other',
      'other',
      'other',
    ]);
  });
});
