import { type LeadSubmittedJob } from '@landing/shared/contracts-lead';

export interface LeadUpsert {
  phone: string;
  name: string | null;
  email: string | null;
  lastSubmittedAt: string;
}

/**
 * Folds a batch into one row per phone: Postgres refuses an upsert that touches the same
 * row twice in one statement. The newest submission's name and email win.
 */
export function foldByPhone(jobs: readonly LeadSubmittedJob[]): LeadUpsert[] {
  const byPhone = new Map<string, LeadUpsert>();
  for (const job of jobs) {
    const current = byPhone.get(job.phone);
    if (!current) {
      byPhone.set(job.phone, {
        phone: job.phone,
        name: job.name,
        email: job.email,
        lastSubmittedAt: job.receivedAt,
      });
    } else if (job.receivedAt >= current.lastSubmittedAt) {
      current.name = job.name ?? current.name;
      current.email = job.email ?? current.email;
      current.lastSubmittedAt = job.receivedAt;
    } else {
      current.name = current.name ?? job.name;
      current.email = current.email ?? job.email;
    }
  }
  // A fixed lock order keeps concurrent batches from deadlocking on the same phones.
  return [...byPhone.values()].sort((a, b) =>
    a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0,
  );
}

export interface FirstTouch {
  receivedAt: string;
  utmSource: string | null;
  utmCampaign: string | null;
}

/**
 * Each phone's earliest submission in the batch (ties: the smaller submission id), whose
 * attribution is the lead's first touch unless the lead already has an earlier one.
 */
export function firstTouchByPhone(
  jobs: readonly LeadSubmittedJob[],
): Map<string, FirstTouch & { submissionId: string }> {
  const first = new Map<string, FirstTouch & { submissionId: string }>();
  for (const job of jobs) {
    const current = first.get(job.phone);
    if (
      current &&
      (current.receivedAt < job.receivedAt ||
        (current.receivedAt === job.receivedAt &&
          current.submissionId <= job.submissionId))
    )
      continue;
    first.set(job.phone, {
      submissionId: job.submissionId,
      receivedAt: job.receivedAt,
      utmSource: job.attribution.utm_source ?? null,
      utmCampaign: job.attribution.utm_campaign ?? null,
    });
  }
  return first;
}
