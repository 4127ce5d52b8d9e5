import {
  type QueueItem,
  type QueueResponse,
} from '@landing/shared/contracts-desk';
import {
  countdown,
  isOverdue,
  laterCount,
  outcomeForKey,
  telHref,
  visibleQueue,
} from './desk-queue';

const item = (leadId: string, over: Partial<QueueItem> = {}): QueueItem => ({
  kind: 'new',
  leadId,
  phone: '+989121234567',
  name: null,
  status: 'new',
  createdAt: '2026-12-01T08:00:00.000Z',
  assignedAt: '2026-12-01T08:00:00.000Z',
  firstContactDueAt: '2026-12-01T12:00:00.000Z',
  nextCallAt: null,
  attempts: 0,
  slaBreached: false,
  resubmittedAt: null,
  submissionCount: 1,
  ...over,
});

const queue = (items: QueueItem[], upcoming: QueueItem[]): QueueResponse => ({
  items,
  upcoming,
  shared: [],
  counts: {
    overdue: 0,
    new: items.length,
    callback: 0,
    total: items.length,
    unassigned: 0,
  },
});

const at = (iso: string) => Date.parse(iso);

describe('visibleQueue', () => {
  const later = item('c2', {
    kind: 'callback',
    status: 'contacted',
    nextCallAt: '2026-12-01T11:00:00.000Z',
  });
  const sooner = item('c1', {
    kind: 'callback',
    status: 'contacted',
    nextCallAt: '2026-12-01T10:30:00.000Z',
  });
  const q = queue([item('a'), item('b')], [sooner, later]);

  it("keeps the server's order and brings callbacks in when the screen's clock reaches them", () => {
    const ids = (now: string) => visibleQueue(q, at(now)).map((i) => i.leadId);
    expect(ids('2026-12-01T10:00:00.000Z')).toEqual(['a', 'b']);
    expect(ids('2026-12-01T10:30:00.000Z')).toEqual(['a', 'b', 'c1']);
    expect(ids('2026-12-01T11:05:00.000Z')).toEqual(['a', 'b', 'c1', 'c2']);
    expect(laterCount(q, at('2026-12-01T10:45:00.000Z'))).toBe(1);
  });

  it('never lists a lead twice when the server already has it', () => {
    const both = queue([item('a'), sooner], [sooner]);
    expect(
      visibleQueue(both, at('2026-12-01T12:00:00.000Z')).map((i) => i.leadId),
    ).toEqual(['a', 'c1']);
    expect(visibleQueue(null, 0)).toEqual([]);
  });
});

describe('the desk helpers', () => {
  it('turns a new lead overdue when its due time passes on screen', () => {
    expect(isOverdue(item('a'), at('2026-12-01T11:59:59.000Z'))).toBe(false);
    expect(isOverdue(item('a'), at('2026-12-01T12:00:00.000Z'))).toBe(true);
    expect(isOverdue(item('a', { slaBreached: true }), 0)).toBe(true);
  });

  it('counts down in the build’s digits, and up once overdue', () => {
    const due = at('2026-12-01T12:00:00.000Z');
    expect(countdown(due, due - 3_723_000, 'en')).toBe('1:02:03');
    expect(countdown(due, due + 65_000, 'en')).toBe('0:01:05');
    expect(countdown(due, due - 3_723_000, 'fa')).toBe('۱:۰۲:۰۳');
    expect(countdown(due, due - 90_000_000, 'en')).toBe('1d 1:00:00');
  });

  it('builds no number formatter per row per tick once a locale has been seen', () => {
    const due = at('2026-12-01T12:00:00.000Z');
    for (const locale of ['en', 'fa']) countdown(due, due, locale);
    const made = jest.spyOn(Intl, 'NumberFormat');
    try {
      // A queue of 200 rows ticking for three seconds, in both languages.
      for (let tick = 0; tick < 3; tick++)
        for (let row = 0; row < 200; row++) {
          countdown(due + row * 60_000, due + tick * 1000, 'en');
          countdown(due + row * 60_000, due + tick * 1000, 'fa');
        }
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
    // The same text as before the formatters were kept.
    expect(countdown(due, due - 3_723_000, 'fa')).toBe('۱:۰۲:۰۳');
    expect(countdown(due, due - 90_000_000, 'fa')).toBe('۱ روز ۱:۰۰:۰۰');
  });

  it('maps keys 1–7 (Latin or Persian digits, any layout) to outcomes, not while typing', () => {
    const key = (init: KeyboardEventInit, target?: HTMLElement) => {
      const event = new KeyboardEvent('keydown', init);
      if (target) Object.defineProperty(event, 'target', { value: target });
      return outcomeForKey(event);
    };
    expect(key({ key: '1', code: 'Digit1' })).toBe('interested');
    expect(key({ key: '۳', code: 'Digit3' })).toBe('no_answer');
    expect(key({ key: '۶' })).toBe('callback');
    expect(key({ key: '7', code: 'Numpad7' })).toBe('do_not_call');
    expect(key({ key: '8', code: 'Digit8' })).toBeNull();
    expect(key({ key: '1', code: 'Digit1', ctrlKey: true })).toBeNull();
    expect(
      key({ key: '1', code: 'Digit1' }, document.createElement('textarea')),
    ).toBeNull();
  });

  it('dials the E.164 number', () => {
    expect(telHref('+98 912 123 4567')).toBe('tel:+989121234567');
  });
});
