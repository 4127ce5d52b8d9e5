import { DOCUMENT, isPlatformBrowser } from '@angular/common';
import {
  DestroyRef,
  Injectable,
  InjectionToken,
  PLATFORM_ID,
  computed,
  inject,
  signal,
} from '@angular/core';
import type {
  Attribution,
  FieldError,
  SubmitLeadRequest,
} from '@landing/shared/contracts-lead';

type LeadRequestFields = SubmitLeadRequest & { website?: string };
import { captureAttribution } from './attribution';
import { sendLead, type LeadTransport, type SendOutcome } from './lead-api';
import {
  PendingSubmissionStore,
  type PendingSubmission,
} from './pending-submission.store';

/**
 * What the visitor sees. `queued` means the submission is safe in this browser and is
 * being delivered; it is never presented as a failure.
 */
export type SubmissionStatus =
  | 'idle'
  | 'submitting'
  | 'queued'
  | 'accepted'
  | 'duplicate'
  | 'invalid'
  /** Refused for good as sent (not for its fields); the visitor may send the form again. */
  | 'failed';

/** What the form hands over; already checked by the form's own validation. */
export interface LeadDraft {
  phone: string;
  name: string;
  email: string;
  consent: boolean;
  consentVersion: string;
  /** The honeypot: people never see it, so anything in it came from a bot. */
  website?: string;
}

export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 30_000;

function browserWindow(): (Window & typeof globalThis) | null {
  const document = inject(DOCUMENT);
  return isPlatformBrowser(inject(PLATFORM_ID)) ? document.defaultView : null;
}

export const LEAD_TRANSPORT = new InjectionToken<LeadTransport>(
  'LEAD_TRANSPORT',
  {
    providedIn: 'root',
    factory: () => {
      const win = browserWindow();
      return win
        ? (url, init) => win.fetch(url, init)
        : () => Promise.reject(new Error('No network on the server'));
    },
  },
);

function storageOf(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  const win = browserWindow();
  try {
    return win ? win[kind] : null;
  } catch {
    // Accessing storage throws when the browser blocks it.
    return null;
  }
}

/** Where unacknowledged submissions survive a reload (local storage in a browser). */
export const LEAD_PENDING_STORAGE = new InjectionToken<Storage | null>(
  'LEAD_PENDING_STORAGE',
  {
    providedIn: 'root',
    factory: () => storageOf('localStorage'),
  },
);

/** Where the first view's attribution is kept for the session. */
export const LEAD_SESSION_STORAGE = new InjectionToken<Storage | null>(
  'LEAD_SESSION_STORAGE',
  {
    providedIn: 'root',
    factory: () => storageOf('sessionStorage'),
  },
);

/** Delay before the next attempt: exponential with jitter, or what the server asked for. */
export function retryDelayMs(
  attempts: number,
  retryAfterMs: number | null,
  random = Math.random,
): number {
  const exponential = Math.min(
    RETRY_MAX_MS,
    RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1),
  );
  const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
  return retryAfterMs === null
    ? jittered
    : Math.min(RETRY_MAX_MS * 2, Math.max(retryAfterMs, jittered));
}

/** A v4 UUID, also where `crypto.randomUUID` is missing (plain-http pages). */
export function newSubmissionId(crypto: Crypto): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Delivers the visitor's submission exactly once as far as the server can tell: the
 * browser picks the submissionId, keeps the submission in local storage until the api
 * answers 202 or duplicate, and retries with backoff, on reconnect and on reload.
 */
@Injectable({ providedIn: 'root' })
export class LeadSubmissionService {
  private readonly window = browserWindow();
  private readonly transport = inject(LEAD_TRANSPORT);
  private readonly store = new PendingSubmissionStore(
    inject(LEAD_PENDING_STORAGE),
  );
  private readonly sessionStorage = inject(LEAD_SESSION_STORAGE);

  private readonly statusSignal = signal<SubmissionStatus>('idle');
  private readonly fieldErrorsSignal = signal<readonly FieldError[]>([]);
  private attribution: Attribution = {};
  private inFlight = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;

  readonly status = this.statusSignal.asReadonly();
  readonly fieldErrors = this.fieldErrorsSignal.asReadonly();
  /** True while the visitor must not be able to send again. */
  readonly busy = computed(() => {
    const status = this.statusSignal();
    return status === 'submitting' || status === 'queued';
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.timer);
      this.window?.removeEventListener('online', this.onOnline);
    });
  }

  /** Browser only: captures attribution and delivers anything a previous page view left. */
  start(): void {
    if (!this.window || this.started) return;
    this.started = true;
    const { location, document } = this.window;
    this.attribution = captureAttribution(
      this.sessionStorage,
      location,
      document.referrer,
    );
    this.window.addEventListener('online', this.onOnline);
    if (this.store.load()) {
      this.statusSignal.set('queued');
      void this.attempt();
    }
  }

  /** Sends the draft; ignored while a submission is already on its way (double clicks). */
  submit(draft: LeadDraft): void {
    if (this.busy() || this.inFlight || !this.window) return;
    const request: PendingSubmission['request'] = {
      ...this.attribution,
      ...optional('name', draft.name),
      ...optional('email', draft.email),
      // Sent only when filled, so that a person's submission carries nothing extra.
      ...optional('website', draft.website ?? ''),
      phone: draft.phone.trim(),
      consent: draft.consent,
      consentVersion: draft.consentVersion,
      submissionId: newSubmissionId(this.window.crypto),
      // Since navigation started, when the prerendered form became visible: the api takes a
      // form sent sooner than a person could fill it in for a bot's. Kept across retries.
      elapsedMs: Math.round(this.window.performance.now()),
    };
    this.store.save({ request, createdAt: Date.now(), attempts: 0 });
    this.fieldErrorsSignal.set([]);
    this.statusSignal.set('submitting');
    void this.attempt();
  }

  /** Back to the form after an invalid or failed answer. */
  reset(): void {
    if (this.busy()) return;
    this.fieldErrorsSignal.set([]);
    this.statusSignal.set('idle');
  }

  private readonly onOnline = (): void => {
    if (this.inFlight || !this.store.load()) return;
    clearTimeout(this.timer);
    void this.attempt();
  };

  private async attempt(): Promise<void> {
    const pending = this.store.load();
    if (!pending || this.inFlight) return;
    this.inFlight = true;
    let outcome: SendOutcome;
    try {
      outcome = await sendLead(this.transport, pending.request);
    } finally {
      this.inFlight = false;
    }
    switch (outcome.kind) {
      case 'accepted':
      case 'duplicate':
        this.store.clear();
        this.statusSignal.set(outcome.kind);
        return;
      case 'invalid':
        // The server will never take this one; keeping it would retry forever.
        this.store.clear();
        this.fieldErrorsSignal.set(outcome.fields);
        this.statusSignal.set('invalid');
        return;
      case 'refused':
        // Retrying the same request would be refused for ever: stop, and let the visitor send
        // the form again, which picks a new submissionId.
        this.store.clear();
        this.statusSignal.set('failed');
        return;
      case 'retry': {
        const attempts = pending.attempts + 1;
        this.store.save({ ...pending, attempts });
        this.statusSignal.set('queued');
        clearTimeout(this.timer);
        this.timer = setTimeout(
          () => void this.attempt(),
          retryDelayMs(attempts, outcome.retryAfterMs),
        );
        return;
      }
    }
  }
}

function optional(
  key: keyof LeadRequestFields,
  value: string,
): Partial<LeadRequestFields> {
  const trimmed = value.trim();
  return trimmed === '' ? {} : { [key]: trimmed };
}
