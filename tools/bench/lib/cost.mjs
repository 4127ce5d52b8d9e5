// What a phase cost, process by process: CPU time from /proc (each process with its
// descendants), and Redis's own view (INFO cpu, INFO commandstats). Read before and after a
// window; `costBetween` turns the two readings into per-request and per-lead figures.
import { readdirSync, readFileSync } from 'node:fs';
import { wrkCpuMsSoFar } from './wrk.mjs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU milliseconds (user + system) of a process and all its descendants, or undefined when
 * it is not on this machine.
 * @param {number | undefined} pid
 */
export function processTreeCpuMs(pid) {
  if (!pid) return undefined;
  const children = childrenByParent();
  let ticks = 0;
  let found = false;
  const stack = [pid];
  while (stack.length > 0) {
    const current = /** @type {number} */ (stack.pop());
    const own = ownTicks(current);
    if (own === undefined) continue;
    found = true;
    ticks += own;
    stack.push(...(children.get(current) ?? []));
  }
  return found ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
}

/** @param {number} pid */
function ownTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime + stime, and cutime + cstime: the children it has reaped, so a PostgreSQL
    // backend that ends inside the window still counts (a live child is counted on its own).
    return (
      Number(fields[11]) +
      Number(fields[12]) +
      Number(fields[13]) +
      Number(fields[14])
    );
  } catch {
    return undefined;
  }
}

function childrenByParent() {
  /** @type {Map<number, number[]>} */
  const map = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(
        stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1],
      );
      const list = map.get(parent) ?? [];
      list.push(Number(entry));
      map.set(parent, list);
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

/**
 * @typedef {object} RedisReading
 * @property {number} cpuMs used_cpu_user + used_cpu_sys (the whole server, every thread)
 * @property {number} commands total_commands_processed (calls inside scripts included)
 * @property {Map<string, { calls: number, usec: number }>} perCommand INFO commandstats
 */

/**
 * @param {import('ioredis').Redis} redis
 * @returns {Promise<RedisReading>}
 */
export async function readRedis(redis) {
  const info = await redis.info('all');
  const number = (/** @type {string} */ key) =>
    Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  /** @type {RedisReading['perCommand']} */
  const perCommand = new Map();
  for (const match of info.matchAll(
    /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm,
  ))
    perCommand.set(match[1], {
      calls: Number(match[2]),
      usec: Number(match[3]),
    });
  return {
    cpuMs: (number('used_cpu_user') + number('used_cpu_sys')) * 1000,
    commands: number('total_commands_processed'),
    perCommand,
  };
}

/** The pid of a Redis server, when it runs on this machine. @param {import('ioredis').Redis} redis */
export async function redisPid(redis) {
  const info = await redis.info('server');
  const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
  return pid > 0 && ownTicks(pid) !== undefined ? pid : undefined;
}

/**
 * The postmaster's pid (the parent of our backend), when PostgreSQL runs on this machine.
 * @param {import('pg').Pool} pool
 */
export async function postgresPid(pool) {
  const { rows } = await pool.query('SELECT pg_backend_pid() AS pid');
  try {
    const status = readFileSync(`/proc/${rows[0].pid}/status`, 'utf8');
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    return parent > 1 ? parent : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @typedef {Record<string, number | undefined>} CpuReading CPU ms per named process tree
 * @typedef {{ cpu: CpuReading, redis: RedisReading }} Reading
 */

/**
 * @param {Record<string, number | undefined>} pids process trees by name (api, worker, …)
 * @param {import('ioredis').Redis} redis
 * @returns {Promise<Reading>}
 */
export async function readCost(pids, redis) {
  /** @type {CpuReading} */
  const cpu = {};
  for (const [name, pid] of Object.entries(pids))
    cpu[name] =
      name === 'generator' && pid === process.pid
        ? selfCpuMs()
        : processTreeCpuMs(pid);
  return { cpu, redis: await readRedis(redis) };
}

/** The bench process (autocannon runs inside it) plus every wrk run that has finished. */
function selfCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000 + wrkCpuMsSoFar();
}

/**
 * @typedef {object} Cost
 * @property {Record<string, number>} cpuMsPerRequest CPU ms per answered request, by process
 * @property {number} redisCpuMsPerLead Redis's own CPU (INFO cpu) per accepted lead
 * @property {number} redisCommandsPerLead total_commands_processed per accepted lead
 * @property {{ command: string, callsPerLead: number, usecPerLead: number }[]} topCommands
 *   INFO commandstats by usec; a script's usec includes the commands it ran, which are
 *   listed again on their own
 */

/**
 * @param {Reading} before
 * @param {Reading} after
 * @param {{ requests: number, leads: number }} counts
 * @returns {Cost}
 */
export function costBetween(before, after, { requests, leads }) {
  /** @type {Record<string, number>} */
  const cpuMsPerRequest = {};
  for (const [name, end] of Object.entries(after.cpu)) {
    const start = before.cpu[name];
    // A tree that lost a process meanwhile (a PostgreSQL backend ending) can read less.
    if (end !== undefined && start !== undefined && requests > 0)
      cpuMsPerRequest[name] = round3(Math.max(0, end - start) / requests);
  }
  const per = (/** @type {number} */ n) => (leads > 0 ? n / leads : NaN);
  /** @type {Cost['topCommands']} */
  const topCommands = [];
  for (const [command, end] of after.redis.perCommand) {
    const start = before.redis.perCommand.get(command) ?? { calls: 0, usec: 0 };
    const calls = end.calls - start.calls;
    const usec = end.usec - start.usec;
    if (calls <= 0) continue;
    topCommands.push({
      command,
      callsPerLead: round3(per(calls)),
      usecPerLead: round3(per(usec)),
    });
  }
  topCommands.sort((a, b) => b.usecPerLead - a.usecPerLead);
  return {
    cpuMsPerRequest,
    redisCpuMsPerLead: round3(per(after.redis.cpuMs - before.redis.cpuMs)),
    redisCommandsPerLead: round3(
      per(after.redis.commands - before.redis.commands),
    ),
    topCommands: topCommands.slice(0, 15),
  };
}

/** @param {number} n */
function round3(n) {
  return Math.round(n * 1000) / 1000;
}
