import type { SubmitLeadRequest } from '@landing/shared/contracts-lead';

/** A submission the server has not acknowledged yet, kept across reloads. */
export interface PendingSubmission {
  request: SubmitLeadRequest & { submissionId: string; website?: string };
  /** Epoch ms of the first attempt. */
  createdAt: number;
  attempts: number;
}

export const PENDING_SUBMISSION_KEY = 'lp.pendingLead.v1';

/**
 * Local storage holding at most one pending submission. Storage can be missing or
 * full (private modes, quotas): then it degrades to memory for this page's life.
 */
export class PendingSubmissionStore {
  private memory: PendingSubmission | null = null;

  constructor(private readonly storage: Storage | null) {}

  load(): PendingSubmission | null {
    const raw = this.read();
    if (raw === null) return this.memory;
    try {
      const parsed = JSON.parse(raw) as Partial<PendingSubmission> | null;
      if (
        parsed &&
        typeof parsed.request?.submissionId === 'string' &&
        typeof parsed.request.phone === 'string'
      ) {
        return {
          request: parsed.request,
          createdAt:
            typeof parsed.createdAt === 'number'
              ? parsed.createdAt
              : Date.now(),
          attempts: typeof parsed.attempts === 'number' ? parsed.attempts : 0,
        };
      }
    } catch {
      // Corrupt entry: dropping it is all we can do.
    }
    this.clear();
    return null;
  }

  save(pending: PendingSubmission): void {
    this.memory = pending;
    try {
      this.storage?.setItem(PENDING_SUBMISSION_KEY, JSON.stringify(pending));
    } catch {
      // Quota or disabled storage: memory still holds it for this page.
    }
  }

  clear(): void {
    this.memory = null;
    try {
      this.storage?.removeItem(PENDING_SUBMISSION_KEY);
    } catch {
      // Nothing to clean if storage is unusable.
    }
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(PENDING_SUBMISSION_KEY) ?? null;
    } catch {
      return null;
    }
  }
}
