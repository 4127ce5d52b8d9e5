import { AdminSessionService } from '@landing/api/feature-admin-auth';
import {
  compareStreamIds,
  DeskEventStore,
  type DeskEventTail,
  resumeIsIncomplete,
  type StoredDeskEvent,
} from '@landing/server/persistence-desk';
import { DeskEventMetrics } from '@landing/server/util-observability';
import {
  DESK_EVENTS_MAX_STREAMS_PER_USER,
  DESK_RESET_EVENT,
  type DeskEventViewer,
  visibleDeskEvent,
} from '@landing/shared/contracts-desk';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { sseComment, sseMessage } from './desk-events.sse';
import { TooManyStreamsError } from './desk-events.errors';

/** A comment this often keeps proxies from closing an idle stream; sessions are checked then too. */
export const HEARTBEAT_MS = 15_000;
/** A client this far behind (bytes waiting in its socket) is cut off; it resumes with Last-Event-ID. */
export const MAX_PENDING_BYTES = 1024 * 1024;
/** How long shutdown waits for the stream reader to stop. */
const SHUTDOWN_WAIT_MS = 2000;
const TAIL_BLOCK_MS = 5_000;
const TAIL_COUNT = 1_000;
const REPLAY_PAGE = 500;

/** Where a client's bytes go: the raw HTTP response. */
export interface DeskEventSink {
  write(chunk: string): void;
  /** Bytes written but not yet taken by the socket. */
  pending(): number;
  end(): void;
  /** Closes the connection at once (a client too far behind). */
  destroy(): void;
}

interface Client {
  viewer: DeskEventViewer;
  sessionId: string;
  expiresAt: number;
  sink: DeskEventSink;
  /** The newest entry id sent (or resumed from): nothing at or before it is sent again. */
  lastId: string;
  /** Live events held while the replay runs; null once live. */
  held: StoredDeskEvent[] | null;
  closed: boolean;
}

export interface DeskEventSubscriber {
  viewer: DeskEventViewer;
  sessionId: string;
  expiresAt: Date;
}

/**
 * The api process's one reader of the desk's event stream: a dedicated Redis connection in
 * `XREAD BLOCK`, fanned out in memory to this process's SSE clients, each filtered by the
 * contract's visibility rules.
 */
@Injectable()
export class DeskEventHub
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(DeskEventHub.name);
  private readonly clients = new Set<Client>();
  private tail?: DeskEventTail;
  private running = false;
  private heartbeat?: NodeJS.Timeout;
  private loop?: Promise<void>;

  constructor(
    private readonly store: DeskEventStore,
    private readonly sessions: AdminSessionService,
    private readonly metrics: DeskEventMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.streams.set(0);
    this.metrics.dropped.inc({ reason: 'slow_client' }, 0);
    this.metrics.dropped.inc({ reason: 'limit' }, 0);
    this.running = true;
    this.tail = this.store.tail();
    this.loop = this.read(this.tail);
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Streams open on this process for one user. */
  openFor(userId: string): number {
    let n = 0;
    for (const client of this.clients)
      if (client.viewer.userId === userId) n += 1;
    return n;
  }

  /** Refuses (429) before anything is written when the user has too many streams open. */
  admit(userId: string): void {
    if (this.openFor(userId) >= DESK_EVENTS_MAX_STREAMS_PER_USER) {
      this.metrics.dropped.inc({ reason: 'limit' });
      throw new TooManyStreamsError();
    }
  }

  /**
   * Starts a client's stream: live events from now on, after the ones missed since
   * `lastEventId` (exclusive), with none twice and none left out. Returns the function
   * that detaches it (call it when the connection closes).
   */
  async subscribe(
    subscriber: DeskEventSubscriber,
    sink: DeskEventSink,
    lastEventId: string | undefined,
  ): Promise<() => void> {
    const client: Client = {
      viewer: subscriber.viewer,
      sessionId: subscriber.sessionId,
      expiresAt: subscriber.expiresAt.getTime(),
      sink,
      lastId: lastEventId ?? '0-0',
      held: lastEventId === undefined ? null : [],
      closed: false,
    };
    this.clients.add(client);
    this.metrics.streams.set(this.clients.size);
    const detach = () => this.remove(client);
    if (lastEventId !== undefined) {
      try {
        await this.replay(client, lastEventId);
      } catch (error) {
        this.logger.warn(
          `replay failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        this.close(client);
      }
    }
    return detach;
  }

  /** Sends what the stream keeps after `from`, then what arrived meanwhile, then goes live. */
  private async replay(client: Client, from: string): Promise<void> {
    const info = await this.store.info();
    const ahead = compareStreamIds(from, info.lastGeneratedId) > 0;
    if (resumeIsIncomplete(from, info))
      this.write(
        client,
        sseMessage({
          type: DESK_RESET_EVENT,
          at: new Date().toISOString(),
          leads: [],
        }),
      );
    // An id from a Redis that has since lost its data: everything it has now is news.
    let cursor = ahead ? '0-0' : from;
    client.lastId = cursor;
    for (;;) {
      const page = await this.store.after(cursor, REPLAY_PAGE);
      if (client.closed) return;
      for (const stored of page.events) this.deliver(client, stored);
      if (page.lastId) cursor = page.lastId;
      if (page.size < REPLAY_PAGE) break;
    }
    if (compareStreamIds(cursor, client.lastId) > 0) client.lastId = cursor;
    const held = client.held ?? [];
    client.held = null;
    for (const stored of held) this.deliver(client, stored);
  }

  private async read(tail: DeskEventTail): Promise<void> {
    let cursor = '$';
    while (this.running) {
      try {
        const page = await tail.next(cursor, TAIL_BLOCK_MS, TAIL_COUNT);
        if (page.lastId) cursor = page.lastId;
        const now = Date.now();
        for (const stored of page.events) {
          const at = Date.parse(stored.event.at);
          if (Number.isFinite(at))
            this.metrics.delay.observe(Math.max(0, (now - at) / 1000));
          this.fanOut(stored);
        }
      } catch (error) {
        if (!this.running) return;
        this.logger.warn(
          `event stream read failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private fanOut(stored: StoredDeskEvent): void {
    // Admins share one frame; reviewers one per person (several tabs).
    const frames = new Map<string, string | null>();
    for (const client of this.clients) {
      if (client.held) {
        client.held.push(stored);
        continue;
      }
      const key =
        client.viewer.role === 'admin' ? 'admin' : client.viewer.userId;
      let frame = frames.get(key);
      if (frame === undefined) {
        const visible = visibleDeskEvent(stored.event, client.viewer);
        frame = visible ? sseMessage(visible, stored.id) : null;
        frames.set(key, frame);
      }
      this.send(client, stored.id, frame);
    }
  }

  private deliver(client: Client, stored: StoredDeskEvent): void {
    const visible = visibleDeskEvent(stored.event, client.viewer);
    this.send(
      client,
      stored.id,
      visible ? sseMessage(visible, stored.id) : null,
    );
  }

  private send(client: Client, id: string, frame: string | null): void {
    if (client.closed || compareStreamIds(id, client.lastId) <= 0) return;
    client.lastId = id;
    if (frame !== null) this.write(client, frame);
  }

  private write(client: Client, chunk: string): void {
    if (client.closed) return;
    if (client.sink.pending() > MAX_PENDING_BYTES) {
      this.metrics.dropped.inc({ reason: 'slow_client' });
      this.remove(client);
      client.sink.destroy();
      return;
    }
    client.sink.write(chunk);
  }

  /** A comment to every client; streams of sessions that ended, or whose role changed, are closed. */
  private async beat(): Promise<void> {
    const now = Date.now();
    for (const client of this.clients) {
      if (client.expiresAt <= now) this.close(client);
      else this.write(client, sseComment('ping'));
    }
    const ids = [...new Set([...this.clients].map((c) => c.sessionId))];
    if (ids.length === 0) return;
    try {
      const live = await this.sessions.stillActive(ids);
      // A changed role changes what the stream may show: the client reconnects with the new one.
      for (const client of this.clients)
        if (live.get(client.sessionId) !== client.viewer.role)
          this.close(client);
    } catch (error) {
      this.logger.warn(
        `session check failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private close(client: Client): void {
    this.remove(client);
    client.sink.end();
  }

  private remove(client: Client): void {
    client.closed = true;
    if (this.clients.delete(client))
      this.metrics.streams.set(this.clients.size);
  }

  /** Before the HTTP server closes: open streams would hold it open. Clients reconnect elsewhere. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const client of [...this.clients]) this.close(client);
    this.tail?.close();
    // A read on a hung connection (a Redis that stopped answering) may never settle, even
    // once disconnected: shutdown waits for the loop a little, not for ever.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.loop,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }
}
