// @ts-check
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costBetween } from './cost.mjs';

/**
 * @param {Record<string, number | undefined>} cpu
 * @param {number} redisCpuMs
 * @param {number} commands
 * @param {[string, number, number][]} perCommand
 */
const reading = (cpu, redisCpuMs, commands, perCommand) => ({
  cpu,
  redis: {
    cpuMs: redisCpuMs,
    commands,
    perCommand: new Map(
      perCommand.map(([name, calls, usec]) => [name, { calls, usec }]),
    ),
  },
});

test('per request for processes, per accepted lead for Redis', () => {
  const cost = costBetween(
    reading({ api: 1000, worker: 500 }, 2000, 10_000, [['evalsha', 10, 100]]),
    reading({ api: 1300, worker: 600 }, 2100, 14_000, [
      ['evalsha', 210, 3100],
      ['set', 100, 200],
    ]),
    { requests: 1000, leads: 100 },
  );
  assert.deepEqual(cost.cpuMsPerRequest, { api: 0.3, worker: 0.1 });
  assert.equal(cost.redisCpuMsPerLead, 1);
  assert.equal(cost.redisCommandsPerLead, 40);
  assert.deepEqual(cost.topCommands, [
    { command: 'evalsha', callsPerLead: 2, usecPerLead: 30 },
    { command: 'set', callsPerLead: 1, usecPerLead: 2 },
  ]);
});

test('a process missing at either end is left out; a tree that shrank counts 0', () => {
  const cost = costBetween(
    reading({ api: 1000, postgres: 900, redis: undefined }, 0, 0, []),
    reading({ api: 1100, postgres: 800, redis: 50 }, 0, 0, []),
    { requests: 100, leads: 0 },
  );
  assert.deepEqual(cost.cpuMsPerRequest, { api: 1, postgres: 0 });
  assert.ok(Number.isNaN(cost.redisCpuMsPerLead));
});
