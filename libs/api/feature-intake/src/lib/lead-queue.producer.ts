import { createHash, randomUUID } from 'node:crypto';
import {
  BATCH_LEAD_COUNT_FIELD,
  LEAD_JOB,
  LEAD_QUEUE,
  type LeadSubmittedBatchJob,
  type LeadSubmittedJob,
} from '@landing/shared/contracts-lead';
import { dedupIdFor } from '@landing/server/domain-lead';
import { APP_CONFIG, type AppConfig } from '@landing/server/util-config';
import { LogThrottle } from '@landing/server/util-logging';
import {
  isRedisAway,
  RedisStallWatch,
  ResilientQueue,
} from '@landing/server/util-queue';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import {
  IntakeUnavailableError,
  SubmissionIdReusedError,
} from './lead-intake.errors';

export type EnqueueOutcome = 'queued' | 'duplicate';

/**
 * What binds a submissionId to its number: a hash of both, so the key's value names no phone.
 * The id is in the key name; a hash of the pair cannot be looked up across keys.
 */
export function submissionBindingFor(
  submissionId: string,
  phone: string,
): string {
  return createHash('sha256')
    .update(`${submissionId}\n${phone}`)
    .digest('base64url')
    .slice(0, 22);
}

/** A submissionId stays bound to its number at least this long (longer with a longer dedup window). */
export const SUBMISSION_BINDING_MIN_SECONDS = 24 * 60 * 60;

/** Deadline failures (not Redis errors) mark the link as stalled. */
class DeadlineError extends Error {}

/**
 * Rejects when `work` has not settled within `ms`. If the work lands after all, a retry with
 * the same submissionId is a winner of its mark again, so nothing is lost.
 */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`no answer from Redis within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Runs in the same MULTI as, and right after, BullMQ's add of the batch job (KEYS[1], added
 * with no leads; KEYS[2] and KEYS[3], the queue's wait and paused lists). Per lead, in
 * order: binds the submissionId to its number (KEYS[2i+2], first come first bound; another
 * number: 'r', reused), then takes the number's deduplication mark (KEYS[2i+3]), whose value
 * is the submissionId that took it: held by another id, 'd' (duplicate); free, 'q' (queued),
 * and the lead goes into the job; held by this very id, 'q' too but the lead is not added
 * again: a mark is only ever written together with the job that carries its lead, so a
 * retry (say after a batch that answered too late) is in a job already. The winners become
 * the job's data, so the worker stores exactly what was answered "accepted"; a batch with
 * none (all duplicates, say) leaves no job.
 * Everything is decided from one MGET before anything is written, and the writes (SET, which
 * overwrites whatever a key holds, LREM, DEL and HSET on the job) cannot fail: an error
 * leaves nothing half done. Without the job (its add failed) nothing is written: no mark
 * without a job. Run twice, the second run changes nothing.
 * ARGV: binding ttl s, mark ttl ms, the job's id, then per lead: submissionId, binding, the
 * lead's JSON.
 */
const MARK_BATCH = `
local jobKey, waitKey, pausedKey = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', jobKey) == 0 then
  return redis.error_reply('ERR the batch job is missing')
end
local bindTtl, markTtl, jobId = ARGV[1], ARGV[2], ARGV[3]
local n = (#KEYS - 3) / 2
local found = redis.call('MGET', unpack(KEYS, 4))
local now, bind, mark = {}, {}, {}
for i = 1, 2 * n do
  now[KEYS[i + 3]] = found[i]
end
local outcomes, winners = {}, {}
for i = 1, n do
  local sidKey, markKey = KEYS[2 * i + 2], KEYS[2 * i + 3]
  local sid, binding, lead = ARGV[3 * i + 1], ARGV[3 * i + 2], ARGV[3 * i + 3]
  local bound = now[sidKey]
  if bound and bound ~= binding then
    outcomes[i] = 'r'
  else
    if not bound then
      now[sidKey] = binding
      bind[#bind + 1] = sidKey
      bind[#bind + 1] = binding
    end
    local holder = now[markKey]
    if not holder then
      now[markKey] = sid
      mark[#mark + 1] = markKey
      mark[#mark + 1] = sid
      outcomes[i] = 'q'
      winners[#winners + 1] = lead
    elseif holder == sid then
      outcomes[i] = 'q'
    else
      outcomes[i] = 'd'
    end
  end
end
for i = 1, #bind, 2 do
  redis.call('SET', bind[i], bind[i + 1], 'EX', bindTtl)
end
for i = 1, #mark, 2 do
  redis.call('SET', mark[i], mark[i + 1], 'PX', markTtl)
end
-- Run again (ioredis resends a transaction whose reply a dropped connection lost): the first
-- run filled or removed the job and the outcomes above are the same; touch the job no more.
if redis.call('HEXISTS', jobKey, '${BATCH_LEAD_COUNT_FIELD}') == 1 then
  return outcomes
end
-- Nothing to store: the job BullMQ has just pushed (at the head of wait, or of paused while
-- the queue is paused) goes again; if it is not found there, it stays, empty, and the
-- worker finishes it doing nothing.
if #winners == 0 and redis.call('LREM', waitKey, 1, jobId) + redis.call('LREM', pausedKey, 1, jobId) > 0 then
  redis.call('DEL', jobKey)
  return outcomes
end
redis.call('HSET', jobKey, 'data', '{"leads":[' .. table.concat(winners, ',') .. ']}', '${BATCH_LEAD_COUNT_FIELD}', #winners)
return outcomes`;

const MARK_BATCH_COMMAND = 'landingMarkLeadBatch';

type Outcome = EnqueueOutcome | 'reused';
const OUTCOMES: Record<string, Outcome> = {
  q: 'queued',
  d: 'duplicate',
  r: 'reused',
};

interface PendingLead {
  job: LeadSubmittedJob;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/**
 * The only place that adds lead jobs. The leads of one event-loop turn (at most
 * INTAKE_BATCH_MAX) become one job: BullMQ's add and our script that binds the submissionIds,
 * takes the deduplication marks and fills the job with the winners go to Redis in one MULTI,
 * so a number can never be marked as seen without a job behind it, and no worker can take the
 * job before its leads are in it.
 */
@Injectable()
export class LeadQueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(LeadQueueProducer.name);
  private readonly connection: Redis;
  private readonly leads: ResilientQueue<LeadSubmittedBatchJob>;
  private readonly stall: RedisStallWatch;
  private readonly jobOptions: JobsOptions;
  private pending: PendingLead[] = [];
  private flushScheduled = false;
  private readonly sending = new Set<Promise<void>>();
  /** During an outage every request fails alike: one line per 10 s, with a count. */
  private readonly refusals = new LogThrottle((line) => this.logger.warn(line));
  private readonly linkErrors = new LogThrottle((line) =>
    this.logger.warn(line),
  );

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // The offline queue stays on so BullMQ can always finish its own set-up after an outage;
    // visitors are not queued behind it: `enqueue` refuses at once while the link is down.
    this.connection = new Redis(config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      commandTimeout: config.ENQUEUE_TIMEOUT_MS,
      connectTimeout: 5000,
      lazyConnect: false,
    });
    this.connection.defineCommand(MARK_BATCH_COMMAND, { lua: MARK_BATCH });
    this.connection.on('error', (error: Error) =>
      this.linkErrors.log({ msg: `redis: ${error.message}` }),
    );
    this.stall = new RedisStallWatch(
      this.connection,
      config.ENQUEUE_TIMEOUT_MS,
    );
    this.jobOptions = {
      attempts: config.JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
      // A stored lead's job is deleted at once: keeping completed jobs (ZADD, HSET and the
      // age and count trimming on every completion) was a third of Redis's work per lead,
      // and nothing reads them. Deduplication and submissionId binding have keys of their own.
      removeOnComplete: true,
      // Failed jobs are the dead-letter queue: kept until someone retries or removes them.
      removeOnFail: false,
    };
    this.leads = new ResilientQueue<LeadSubmittedBatchJob>(
      LEAD_QUEUE,
      {
        connection: this.connection,
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: this.jobOptions,
      },
      this.logger,
    );
  }

  /**
   * Queues the lead, or answers why not: 'duplicate' (the number is inside its dedup window),
   * SubmissionIdReusedError (the id is bound to another number), IntakeUnavailableError
   * (Redis is away, stalled, or did not confirm the lead's batch within ENQUEUE_TIMEOUT_MS;
   * the batch may still land, and a retry with the same submissionId then finds its mark and
   * is answered "accepted" without being queued twice).
   */
  async enqueue(job: LeadSubmittedJob): Promise<EnqueueOutcome> {
    if (this.stall.unavailable) {
      this.refusals.log({
        msg: `enqueue refused: redis is ${this.stallState()}`,
        requestId: job.requestId,
      });
      throw new IntakeUnavailableError();
    }
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      if (this.pending.length >= this.config.INTAKE_BATCH_MAX) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
    if (outcome === 'reused') throw new SubmissionIdReusedError();
    return outcome;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const sent = this.send(batch).finally(() => this.sending.delete(sent));
    this.sending.add(sent);
  }

  private async send(batch: PendingLead[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      // commandTimeout does not cover BullMQ waiting for a connection that is not ready yet.
      outcomes = await withDeadline(
        this.addBatch(batch.map((pending) => pending.job)),
        this.config.ENQUEUE_TIMEOUT_MS,
      );
    } catch (error) {
      if (error instanceof DeadlineError || isCommandTimeout(error))
        this.stall.noteNoAnswer();
      this.refusals.log({
        msg: `enqueue of ${batch.length} lead(s) failed (redis ${this.connection.status}): ${error instanceof Error ? error.message : String(error)}`,
        requestId: batch[0]?.job.requestId,
      });
      for (const pending of batch) pending.reject(new IntakeUnavailableError());
      return;
    }
    batch.forEach((pending, index) =>
      pending.resolve(outcomes[index] as Outcome),
    );
  }

  /**
   * One MULTI: BullMQ adds the batch's job, empty, under an id of its own; then MARK_BATCH
   * decides each lead and puts the winners into it. BullMQ answers an existing job id with
   * that job whatever it holds, so a batch's id is new every time.
   */
  private async addBatch(
    batch: LeadSubmittedJob[],
    jobId = `b.${randomUUID()}`,
  ): Promise<Outcome[]> {
    const queue = this.leads.queue;
    const client = await queue.client;
    const job = new Job<LeadSubmittedBatchJob>(
      queue,
      LEAD_JOB.submittedBatch,
      { leads: [] },
      { ...this.jobOptions, jobId },
      jobId,
    );
    const { QUEUE_PREFIX, DEDUP_WINDOW_SECONDS } = this.config;
    const keys = [
      queue.toKey(jobId),
      queue.toKey('wait'),
      queue.toKey('paused'),
    ];
    const args: Array<string | number> = [
      Math.max(DEDUP_WINDOW_SECONDS, SUBMISSION_BINDING_MIN_SECONDS),
      DEDUP_WINDOW_SECONDS * 1000,
      jobId,
    ];
    for (const lead of batch) {
      keys.push(
        `${QUEUE_PREFIX}:sid:${lead.submissionId}`,
        `${queue.keys['de']}:${dedupIdFor(lead.phone)}`,
      );
      const binding = submissionBindingFor(lead.submissionId, lead.phone);
      args.push(lead.submissionId, binding, JSON.stringify(lead));
    }
    const multi = client.multi();
    // Queues the add on the transaction; its outcome comes back from exec below.
    void job.addJob(multi).catch(() => undefined);
    multi.runCommand(MARK_BATCH_COMMAND, [keys.length, ...keys, ...args]);
    const replies = await multi.exec();
    if (!replies) throw new Error('the transaction was discarded');
    const [[addError], [markError, marked]] = replies as [
      [Error | null, unknown],
      [Error | null, string[]],
    ];
    if (addError) throw addError;
    if (markError) throw markError;
    return marked.map((code) => {
      const outcome = OUTCOMES[code];
      if (!outcome)
        throw new Error(`unknown outcome "${code}" from the batch script`);
      return outcome;
    });
  }

  /** Readiness: Redis answers a PING on the intake connection (a stopped Redis keeps the socket open). */
  async ping(): Promise<boolean> {
    if (isRedisAway(this.connection)) return false;
    return (await this.connection.ping()) === 'PONG';
  }

  private stallState(): string {
    return this.connection.status === 'ready'
      ? 'not answering'
      : this.connection.status;
  }

  /** Requests still in hand get their answer from Redis before the connection closes. */
  async onApplicationShutdown(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.sending]);
    this.stall.close();
    await this.leads.close();
    this.connection.disconnect();
  }
}

function isCommandTimeout(error: unknown): boolean {
  return error instanceof Error && /timed out/i.test(error.message);
}
