import { type AdminSessionService } from '@landing/api/feature-admin-auth';
import {
  type DeskEventPage,
  type DeskEventStore,
  type DeskEventTail,
  type DeskStreamInfo,
  EMPTY_STREAM,
  type StoredDeskEvent,
} from '@landing/server/persistence-desk';
import { DeskEventMetrics } from '@landing/server/util-observability';
import {
  DESK_EVENTS_MAX_STREAMS_PER_USER,
  type DeskEventViewer,
} from '@landing/shared/contracts-desk';
import {
  DeskEventHub,
  type DeskEventSink,
  MAX_PENDING_BYTES,
} from './desk-event.hub';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A stream in memory: `append` stores an entry and hands it to the hub's live reader. */
class FakeStream {
  entries: StoredDeskEvent[] = [];
  info: DeskStreamInfo = EMPTY_STREAM;
  /** Runs inside a replay page read, before it answers (live events arriving meanwhile). */
  duringReplay?: () => Promise<void>;
  private waiting?: (page: DeskEventPage) => void;
  private live: StoredDeskEvent[] = [];
  private seq = 0;

  append(ownerId: string | null, previousOwnerId?: string): string {
    this.seq += 1;
    const id = `1000-${this.seq}`;
    const stored: StoredDeskEvent = {
      id,
      event: {
        type: 'lead.changed',
        at: new Date().toISOString(),
        leads: [
          {
            leadId: `lead-${this.seq}`,
            ownerId,
            ...(previousOwnerId ? { previousOwnerId } : {}),
          },
        ],
      },
    };
    this.entries.push(stored);
    this.info = {
      ...this.info,
      lastGeneratedId: id,
      firstId: this.entries[0]?.id ?? null,
      length: this.entries.length,
      entriesAdded: this.seq,
    };
    this.live.push(stored);
    this.flush();
    return id;
  }

  private flush(): void {
    if (!this.waiting || this.live.length === 0) return;
    const events = this.live.splice(0);
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve({ events, lastId: events.at(-1)?.id, size: events.length });
  }

  store(): DeskEventStore {
    const tail = {
      next: () =>
        new Promise<DeskEventPage>((resolve) => {
          this.waiting = resolve;
          this.flush();
        }),
      close: () => this.waiting?.({ events: [], lastId: undefined, size: 0 }),
    } as unknown as DeskEventTail;
    return {
      tail: () => tail,
      info: () => Promise.resolve(this.info),
      after: async (from: string) => {
        const [, after = 0] = from.split('-').map(Number);
        const page = this.entries.filter(
          (entry) => Number(entry.id.split('-')[1]) > after,
        );
        await this.duringReplay?.();
        return { events: page, lastId: page.at(-1)?.id, size: page.length };
      },
    } as unknown as DeskEventStore;
  }
}

class FakeSink implements DeskEventSink {
  text = '';
  ended = false;
  destroyed = false;
  backlog = 0;
  write(chunk: string): void {
    this.text += chunk;
  }
  pending(): number {
    return this.backlog;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  ids(): string[] {
    return [...this.text.matchAll(/^id: (.+)$/gm)].map((m) => m[1] ?? '');
  }
}

describe('DeskEventHub', () => {
  let stream: FakeStream;
  let hub: DeskEventHub;
  let live: Map<string, string>;
  const admin: DeskEventViewer = { userId: 'boss', role: 'admin' };
  const ana: DeskEventViewer = { userId: 'ana', role: 'reviewer' };
  const open = async (viewer: DeskEventViewer, lastEventId?: string) => {
    const sink = new FakeSink();
    await hub.subscribe(
      {
        viewer,
        sessionId: `s-${viewer.userId}`,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
      sink,
      lastEventId,
    );
    return sink;
  };

  beforeEach(() => {
    stream = new FakeStream();
    live = new Map([
      ['s-boss', 'admin'],
      ['s-ana', 'reviewer'],
    ]);
    const sessions = {
      stillActive: (ids: string[]) =>
        Promise.resolve(
          new Map(
            ids.flatMap((id) => (live.has(id) ? [[id, live.get(id)]] : [])),
          ),
        ),
    } as unknown as AdminSessionService;
    hub = new DeskEventHub(stream.store(), sessions, new DeskEventMetrics());
    hub.onApplicationBootstrap();
  });
  afterEach(() => hub.beforeApplicationShutdown());

  it('fans live events out, each reviewer getting only what they may see', async () => {
    const boss = await open(admin);
    const mine = await open(ana);
    await tick();
    const own = stream.append('ana');
    const other = stream.append('ben');
    const lost = stream.append('ben', 'ana');
    await tick();
    expect(boss.ids()).toEqual([own, other, lost]);
    expect(mine.ids()).toEqual([own, lost]);
  });

  it('replays what was missed and what arrives meanwhile, none twice and none left out', async () => {
    const seen = stream.append('ana');
    stream.append('ana');
    stream.append('ana');
    await tick();
    // Two events arrive while the replay reads its page: one it also finds, one after it.
    stream.duringReplay = async () => {
      stream.duringReplay = undefined;
      stream.append('ana');
      await tick();
      stream.append('ana');
      await tick();
    };
    const resumed = await open(admin, seen);
    stream.append('ana');
    await tick();
    expect(resumed.ids()).toEqual([
      '1000-2',
      '1000-3',
      '1000-4',
      '1000-5',
      '1000-6',
    ]);
    expect(resumed.text).not.toContain('event: reset');
  });

  it('sends a reset first when the stream no longer reaches the id', async () => {
    stream.append('ana');
    stream.append('ana');
    stream.info = {
      ...stream.info,
      entriesAdded: 10,
      firstId: '1000-2',
      length: 1,
    };
    const resumed = await open(admin, '1000-1');
    expect(resumed.text.indexOf('event: reset')).toBeLessThan(
      resumed.text.indexOf('id: 1000-2'),
    );
    expect(resumed.text).toMatch(/^event: reset\ndata: /m);
  });

  it('limits streams per user', async () => {
    for (let i = 0; i < DESK_EVENTS_MAX_STREAMS_PER_USER; i++) await open(ana);
    expect(() => hub.admit('ana')).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_STREAMS' }),
    );
    expect(() => hub.admit('boss')).not.toThrow();
  });

  it('cuts off a client too far behind instead of buffering for it', async () => {
    const slow = await open(admin);
    const fine = await open(ana);
    await tick();
    slow.backlog = MAX_PENDING_BYTES + 1;
    stream.append('ana');
    await tick();
    expect(slow.destroyed).toBe(true);
    expect(fine.ids()).toHaveLength(1);
    expect(hub.openFor('boss')).toBe(0);
  });

  it('ends every stream at shutdown', async () => {
    const a = await open(admin);
    const b = await open(ana);
    await hub.beforeApplicationShutdown();
    expect([a.ended, b.ended]).toEqual([true, true]);
  });

  it('ends the streams of sessions that are no longer live, or whose role changed, at the heartbeat', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      await hub.beforeApplicationShutdown();
      hub.onApplicationBootstrap();
      const boss = await open(admin);
      const mine = await open(ana);
      live.delete('s-ana');
      jest.advanceTimersByTime(15_000);
      await tick();
      expect(mine.ended).toBe(true);
      expect(boss.ended).toBe(false);
      expect(boss.text).toContain(': ping\n\n');
      // Demoted: an admin's stream must not go on showing every lead.
      live.set('s-boss', 'reviewer');
      jest.advanceTimersByTime(15_000);
      await tick();
      expect(boss.ended).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
