import { TestBed } from '@angular/core/testing';
import type { SubmitLeadRequest } from '@landing/shared/contracts-lead';
import type { LeadTransport } from './lead-api';
import {
  LEAD_PENDING_STORAGE,
  LEAD_SESSION_STORAGE,
  LEAD_TRANSPORT,
  LeadSubmissionService,
  RETRY_MAX_MS,
  newSubmissionId,
  retryDelayMs,
  type LeadDraft,
} from './lead-submission.service';
import { PENDING_SUBMISSION_KEY } from './pending-submission.store';

type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'network-error';

/** Plays the api: answers each request with the next scripted reply, recording the bodies. */
class FakeServer {
  readonly received: (SubmitLeadRequest & { website?: string })[] = [];
  private readonly replies: Reply[] = [];
  private release?: () => void;
  hold = false;

  readonly transport: LeadTransport = async (_url, init) => {
    this.received.push(JSON.parse(init.body) as SubmitLeadRequest);
    if (this.hold)
      await new Promise<void>((resolve) => (this.release = resolve));
    const reply = this.replies.shift() ?? {
      status: 202,
      body: { status: 'accepted', submissionId: 'x' },
    };
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    return {
      status: reply.status,
      headers: new Headers(reply.headers),
      json: () => Promise.resolve(reply.body),
    };
  };

  reply(...replies: Reply[]): void {
    this.replies.push(...replies);
  }

  finish(): void {
    this.hold = false;
    this.release?.();
  }
}

const ACCEPTED: Reply = {
  status: 202,
  body: { status: 'accepted', submissionId: 'x' },
};
const DUPLICATE: Reply = { status: 200, body: { status: 'duplicate' } };
const UNAVAILABLE: Reply = {
  status: 503,
  body: { code: 'SERVICE_UNAVAILABLE' },
  headers: { 'retry-after': '5' },
};
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const draft: LeadDraft = {
  phone: ' ۰۹۱۲ ۱۲۳ ۴۵۶۷ ',
  name: ' Sara ',
  email: '',
  consent: true,
  consentVersion: '2026-11-fa',
};

function setUp(server: FakeServer): LeadSubmissionService {
  TestBed.configureTestingModule({
    providers: [
      { provide: LEAD_TRANSPORT, useValue: server.transport },
      { provide: LEAD_PENDING_STORAGE, useValue: localStorage },
      { provide: LEAD_SESSION_STORAGE, useValue: sessionStorage },
    ],
  });
  const service = TestBed.inject(LeadSubmissionService);
  service.start();
  return service;
}

function storedPending(): {
  request: SubmitLeadRequest;
  attempts: number;
} | null {
  const raw = localStorage.getItem(PENDING_SUBMISSION_KEY);
  return raw === null
    ? null
    : (JSON.parse(raw) as { request: SubmitLeadRequest; attempts: number });
}

describe('LeadSubmissionService', () => {
  let server: FakeServer;

  beforeEach(() => {
    jest.useFakeTimers();
    // No jitter: retries come exactly 1 s, 2 s, 4 s… apart, so the timeline below is exact.
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    localStorage.clear();
    sessionStorage.clear();
    server = new FakeServer();
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('goes from submitting to accepted, and forgets the submission once the api has it', async () => {
    const service = setUp(server);
    server.hold = true;
    service.submit(draft);
    expect(service.status()).toBe('submitting');
    expect(storedPending()?.request.phone).toBe('۰۹۱۲ ۱۲۳ ۴۵۶۷');
    server.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(service.status()).toBe('accepted');
    expect(storedPending()).toBeNull();
  });

  it('sends the trimmed fields, a fresh UUID, the consent version and the attribution, and nothing empty', async () => {
    window.history.replaceState(
      null,
      '',
      '/fa/?utm_source=sms&utm_campaign=nowruz',
    );
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    const [sent] = server.received;
    expect(sent).toEqual({
      utm_source: 'sms',
      utm_campaign: 'nowruz',
      landingPath: '/fa/',
      phone: '۰۹۱۲ ۱۲۳ ۴۵۶۷',
      name: 'Sara',
      consent: true,
      consentVersion: '2026-11-fa',
      submissionId: expect.stringMatching(UUID),
      elapsedMs: expect.any(Number),
    });
    expect(sent).not.toHaveProperty('email');
    expect(sent).not.toHaveProperty('website');
  });

  it('sends how long the page had been open, so the api can tell a person from a form-filling bot', async () => {
    jest.spyOn(window.performance, 'now').mockReturnValue(8123.4);
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    expect(server.received[0]?.elapsedMs).toBe(8123);
  });

  it('sends the honeypot only when something filled it', async () => {
    const service = setUp(server);
    service.submit({ ...draft, website: 'http://spam.example' });
    await jest.advanceTimersByTimeAsync(0);
    expect(server.received[0]?.website).toBe('http://spam.example');
  });

  it('sends one submission however often the visitor clicks', async () => {
    const service = setUp(server);
    server.hold = true;
    service.submit(draft);
    service.submit(draft);
    service.submit({ ...draft, phone: '09350000000' });
    server.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(server.received).toHaveLength(1);
    expect(service.status()).toBe('accepted');
  });

  it('shows a duplicate as such', async () => {
    server.reply(DUPLICATE);
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    expect(service.status()).toBe('duplicate');
    expect(storedPending()).toBeNull();
  });

  it('reports the fields the api rejected and does not retry them', async () => {
    const fields = [
      {
        field: 'phone',
        code: 'INVALID_PHONE',
        message: 'phone is not a valid phone number',
      },
    ];
    server.reply({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'Invalid request',
        requestId: 'r1',
        fields,
      },
    });
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    expect(service.status()).toBe('invalid');
    expect(service.fieldErrors()).toEqual(fields);
    expect(storedPending()).toBeNull();
    await jest.advanceTimersByTimeAsync(RETRY_MAX_MS * 2);
    expect(server.received).toHaveLength(1);
    service.reset();
    expect(service.status()).toBe('idle');
    expect(service.fieldErrors()).toEqual([]);
  });

  it('stops on a 409 SUBMISSION_ID_REUSED instead of retrying for ever, and a new submit gets a new id', async () => {
    server.reply({
      status: 409,
      body: {
        code: 'SUBMISSION_ID_REUSED',
        message: 'submissionId was used for another number',
        requestId: 'r1',
      },
    });
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    expect(service.status()).toBe('failed');
    expect(service.busy()).toBe(false);
    expect(storedPending()).toBeNull();
    await jest.advanceTimersByTimeAsync(RETRY_MAX_MS * 2);
    expect(server.received).toHaveLength(1);

    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    expect(service.status()).toBe('accepted');
    expect(server.received).toHaveLength(2);
    expect(server.received[1]?.submissionId).not.toBe(
      server.received[0]?.submissionId,
    );
  });

  it('queues on a network error and retries with backoff, keeping the same submissionId', async () => {
    server.reply('network-error', 'network-error', ACCEPTED);
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    expect(service.status()).toBe('queued');
    expect(storedPending()?.attempts).toBe(1);
    await jest.advanceTimersByTimeAsync(1300);
    expect(server.received).toHaveLength(2);
    expect(service.status()).toBe('queued');
    await jest.advanceTimersByTimeAsync(1500);
    expect(server.received).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1000);
    expect(server.received).toHaveLength(3);
    expect(service.status()).toBe('accepted');
    expect(new Set(server.received.map((body) => body.submissionId)).size).toBe(
      1,
    );
    expect(storedPending()).toBeNull();
  });

  it("waits as long as a 503's Retry-After asks", async () => {
    server.reply(UNAVAILABLE, ACCEPTED);
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(4900);
    expect(server.received).toHaveLength(1);
    expect(service.status()).toBe('queued');
    await jest.advanceTimersByTimeAsync(200);
    expect(server.received).toHaveLength(2);
    expect(service.status()).toBe('accepted');
  });

  it('retries at once when the connection comes back', async () => {
    server.reply('network-error', ACCEPTED);
    const service = setUp(server);
    service.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    expect(service.status()).toBe('queued');
    window.dispatchEvent(new Event('online'));
    await jest.advanceTimersByTimeAsync(0);
    expect(server.received).toHaveLength(2);
    expect(service.status()).toBe('accepted');
  });

  it('delivers what an earlier page view left behind, as soon as the page loads again', async () => {
    server.reply('network-error');
    const before = setUp(server);
    before.submit(draft);
    await jest.advanceTimersByTimeAsync(0);
    const { submissionId } = server.received[0] ?? {};
    TestBed.resetTestingModule(); // the visitor closes the tab...

    const reloaded = new FakeServer();
    const after = setUp(reloaded); // ...and opens the page again
    expect(after.status()).toBe('queued');
    await jest.advanceTimersByTimeAsync(0);
    expect(reloaded.received.map((body) => body.submissionId)).toEqual([
      submissionId,
    ]);
    expect(after.status()).toBe('accepted');
    expect(storedPending()).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('doubles from one second up to the cap, with jitter, and honours Retry-After', () => {
    const middle = () => 0.5;
    expect(
      [1, 2, 3, 4, 5, 6, 7].map((attempt) =>
        retryDelayMs(attempt, null, middle),
      ),
    ).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(retryDelayMs(1, null, () => 0)).toBe(800);
    expect(retryDelayMs(1, null, () => 1)).toBe(1200);
    expect(retryDelayMs(1, 10_000, middle)).toBe(10_000);
    expect(retryDelayMs(1, 3_600_000, middle)).toBe(RETRY_MAX_MS * 2);
  });
});

describe('newSubmissionId', () => {
  it('makes v4 UUIDs, also without crypto.randomUUID', () => {
    const bytes = (array: Uint8Array) => array.fill(0xff);
    const withoutRandomUuid = { getRandomValues: bytes } as unknown as Crypto;
    expect(newSubmissionId(withoutRandomUuid)).toBe(
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
    );
    expect(newSubmissionId(withoutRandomUuid)).toMatch(UUID);
  });
});
