import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { DeskEventMetrics } from '@landing/server/util-observability';
import { isRedisAway } from '@landing/server/util-queue';
import {
  DESK_EVENT_TYPES,
  type DeskEvent,
} from '@landing/shared/contracts-desk';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * Entries the stream keeps (trimmed with `MAXLEN ~`, so a little more). One entry is one
 * batch or one action, so this is hours of a busy desk and days of a quiet one; a client
 * resuming from further back gets a `reset`. At most a batch's leads (about 90 bytes each)
 * per entry: tens of megabytes at worst.
 */
export const DESK_EVENTS_MAX_LENGTH = 10_000;

/**
 * The one Redis stream of desk events, under the deployment's queue prefix. Not
 * `<prefix>:desk:events`: that is BullMQ's own event stream of the `desk` queue.
 */
export const deskEventsKey = (prefix: string) => `${prefix}:desk-events`;

/** Longest wait for one append or replay read. */
export const COMMAND_TIMEOUT_MS = 5_000;

/** The one field of an entry: the event as JSON. */
const FIELD = 'e';

const KNOWN_TYPES: ReadonlySet<string> = new Set(DESK_EVENT_TYPES);

export interface StoredDeskEvent {
  /** The stream entry id (`<ms>-<seq>`), the SSE `id:`. */
  id: string;
  event: DeskEvent;
}

/** What the stream still reaches, for a client resuming from an id. */
export interface DeskStreamInfo {
  /** The newest id ever given out ('0-0' for a stream never written). */
  lastGeneratedId: string;
  /** The newest id removed with XDEL ('0-0' when none was). */
  maxDeletedId: string;
  /** The oldest entry kept; null when none is. */
  firstId: string | null;
  /** Entries kept now. */
  length: number;
  /** Entries ever appended (more than `length` once trimming removed some). */
  entriesAdded: number;
}

export const EMPTY_STREAM: DeskStreamInfo = {
  lastGeneratedId: '0-0',
  maxDeletedId: '0-0',
  firstId: null,
  length: 0,
  entriesAdded: 0,
};

/**
 * Whether a client resuming after `from` may have missed entries the stream no longer has
 * (trimmed or deleted), or holds an id from a stream that has since lost its data. Errs on
 * the side of a reset (a reload) rather than a silent gap.
 */
export function resumeIsIncomplete(
  from: string,
  info: DeskStreamInfo,
): boolean {
  if (compareStreamIds(from, info.lastGeneratedId) > 0) return true;
  if (compareStreamIds(from, info.maxDeletedId) < 0) return true;
  if (info.entriesAdded <= info.length) return false;
  // Some entries were trimmed: only an id at or after the oldest kept one is safe.
  return info.firstId === null
    ? compareStreamIds(from, info.lastGeneratedId) < 0
    : compareStreamIds(from, info.firstId) < 0;
}

const STREAM_ID = /^(\d{1,20})-(\d{1,20})$/;

export function isStreamId(value: string): boolean {
  return STREAM_ID.test(value);
}

/** Orders two stream ids (`<ms>-<seq>`) as Redis does. */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

type RawEntry = [id: string, fields: string[]];

/** Entries as Redis answers them; an entry that is not a desk event (never written by us) is skipped. */
export function parseEntries(entries: readonly RawEntry[]): StoredDeskEvent[] {
  const parsed: StoredDeskEvent[] = [];
  for (const [id, fields] of entries) {
    const at = fields.indexOf(FIELD);
    const json = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
    if (json === undefined) continue;
    try {
      const event = JSON.parse(json) as DeskEvent;
      if (KNOWN_TYPES.has(event.type) && Array.isArray(event.leads))
        parsed.push({ id, event });
    } catch {
      // Not ours; nothing a reader could use.
    }
  }
  return parsed;
}

export interface DeskEventPage {
  events: StoredDeskEvent[];
  /** The last entry's id, even when it was not a desk event: where the next read starts. */
  lastId: string | undefined;
  /** Entries Redis answered (a full page means there may be more). */
  size: number;
}

function page(entries: readonly RawEntry[]): DeskEventPage {
  return {
    events: parseEntries(entries),
    lastId: entries[entries.length - 1]?.[0],
    size: entries.length,
  };
}

/** A dedicated connection blocked in `XREAD`: one per api process. */
export class DeskEventTail {
  private readonly logger = new Logger(DeskEventTail.name);
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly key: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: null });
    this.redis.on('error', (error: Error) =>
      this.logger.warn(`redis (event stream reader): ${error.message}`),
    );
  }

  /** Entries after `afterId` (`$`: only new ones), waiting up to `blockMs` for the first. */
  async next(
    afterId: string,
    blockMs: number,
    count: number,
  ): Promise<DeskEventPage> {
    const reply = (await this.redis.xread(
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.key,
      afterId,
    )) as [string, RawEntry[]][] | null;
    return page(reply?.[0]?.[1] ?? []);
  }

  close(): void {
    this.redis.disconnect();
  }
}

/**
 * The desk's live events in one Redis stream: appended by the worker (one `XADD` per stored
 * batch) and by the api (one per action); read by every api process, which fans out to its
 * SSE clients. Publishing never fails nor delays the write it describes: it is not awaited,
 * a Redis that is away is skipped at once, and a failure is logged and counted
 * (`landing_desk_events_publish_failures_total`).
 */
@Injectable()
export class DeskEventStore implements OnApplicationShutdown {
  private readonly logger = new Logger(DeskEventStore.name);
  private commands?: Redis;
  readonly key: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: DeskEventMetrics,
  ) {
    this.key = deskEventsKey(config.QUEUE_PREFIX);
  }

  private connection(): Redis {
    if (!this.commands) {
      this.commands = new Redis(this.config.REDIS_URL, {
        maxRetriesPerRequest: 1,
        // A hung Redis answers nothing: give up rather than pile up unanswered appends.
        commandTimeout: COMMAND_TIMEOUT_MS,
      });
      this.commands.on('error', (error: Error) =>
        this.logger.warn(`redis (event stream): ${error.message}`),
      );
    }
    return this.commands;
  }

  /**
   * Appends the events (empty ones are dropped) in one round trip. Resolves, never rejects,
   * once Redis answered; callers do not wait for it.
   */
  async publish(...events: DeskEvent[]): Promise<void> {
    const kept = events.filter((event) => event.leads.length > 0);
    if (kept.length === 0) return;
    const redis = this.connection();
    if (isRedisAway(redis)) return this.failed(kept.length, 'redis is away');
    const pipeline = redis.pipeline();
    for (const event of kept)
      pipeline.xadd(
        this.key,
        'MAXLEN',
        '~',
        DESK_EVENTS_MAX_LENGTH,
        '*',
        FIELD,
        JSON.stringify(event),
      );
    try {
      const results = (await pipeline.exec()) ?? [];
      const errors = results.filter(([error]) => error !== null);
      if (errors.length > 0)
        this.failed(errors.length, errors[0]?.[0]?.message ?? 'error');
    } catch (error) {
      this.failed(
        kept.length,
        error instanceof Error ? error.message : String(error),
      );
    }
  }

  /** Fire and forget: for producers whose write must not wait on Redis. */
  emit(...events: DeskEvent[]): void {
    void this.publish(...events);
  }

  /** Entries strictly after `afterId`, oldest first, at most `count`. */
  async after(afterId: string, count: number): Promise<DeskEventPage> {
    const entries = (await this.connection().xrange(
      this.key,
      `(${afterId}`,
      '+',
      'COUNT',
      count,
    )) as RawEntry[];
    return page(entries);
  }

  /** Where the stream stands: what a resuming client needs to know (see {@link resumeIsIncomplete}). */
  async info(): Promise<DeskStreamInfo> {
    let reply: unknown[];
    try {
      reply = (await this.connection().xinfo('STREAM', this.key)) as unknown[];
    } catch (error) {
      if (error instanceof Error && /no such key/i.test(error.message))
        return EMPTY_STREAM;
      throw error;
    }
    const field = (name: string): unknown => {
      const at = reply.indexOf(name);
      return at >= 0 && at % 2 === 0 ? reply[at + 1] : undefined;
    };
    const id = (value: unknown) =>
      typeof value === 'string' && isStreamId(value) ? value : undefined;
    const length = Number(field('length') ?? 0);
    const firstEntry = field('first-entry');
    return {
      lastGeneratedId: id(field('last-generated-id')) ?? '0-0',
      maxDeletedId: id(field('max-deleted-entry-id')) ?? '0-0',
      firstId:
        length === 0
          ? null
          : (id(field('recorded-first-entry-id')) ??
            (Array.isArray(firstEntry) ? id(firstEntry[0]) : undefined) ??
            null),
      length,
      // Before Redis 7 there is no count: assume trimming happened (a reset, never a gap).
      entriesAdded: Number(field('entries-added') ?? Number.MAX_SAFE_INTEGER),
    };
  }

  /** A dedicated blocking reader (its own connection). */
  tail(): DeskEventTail {
    return new DeskEventTail(this.config.REDIS_URL, this.key);
  }

  private failed(count: number, reason: string): void {
    this.metrics.publishFailures.inc(count);
    // Events hold ids only; the reason is Redis's (never a phone number).
    this.logger.warn(
      `desk event not published (${count}): ${reason.slice(0, 200)}`,
    );
  }

  onApplicationShutdown(): void {
    this.commands?.disconnect();
  }
}
