import { Injectable } from '@nestjs/common';
import { counter } from './metric-registry';

export const INTAKE_OUTCOMES = [
  'accepted',
  'duplicate',
  'spam',
  'invalid',
  'rate_limited',
  'unavailable',
] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

/**
 * What became of a failed intake request, from its status code alone. A 429 is counted as
 * rate limited whoever produced it.
 */
export function intakeOutcomeForStatus(
  status: number,
): IntakeOutcome | undefined {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  if (status >= 400) return 'invalid';
  return undefined;
}

@Injectable()
export class IntakeMetrics {
  readonly submissions = counter({
    name: 'landing_intake_submissions_total',
    help: 'Intake submissions by outcome',
    labelNames: ['outcome'] as const,
  });

  constructor() {
    // Every outcome is exported from the start, so rates and alerts never see a missing series.
    for (const outcome of INTAKE_OUTCOMES) this.submissions.inc({ outcome }, 0);
  }

  record(outcome: IntakeOutcome): void {
    this.submissions.inc({ outcome });
  }
}
