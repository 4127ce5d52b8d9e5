import { handOutPolicy } from './desk.contract';

describe('handOutPolicy', () => {
  it('hands the shared queue out in turn when assignment on arrival is off', () => {
    expect(handOutPolicy('off')).toBe('round_robin');
  });

  it('keeps a chosen policy', () => {
    expect(handOutPolicy('round_robin')).toBe('round_robin');
    expect(handOutPolicy('fewest_open')).toBe('fewest_open');
  });
});
