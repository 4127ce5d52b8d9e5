#!/usr/bin/env node
// Runs a command with DATABASE_URL and REDIS_URL set; `npm test` goes through it.
//   node tools/test/with-services.mjs <command> [args...]
// Whichever of DATABASE_URL / REDIS_URL is unset gets an embedded server on a
// free port, with data in <tmpdir>/landing-test-<pid> (removed afterwards). The data is
// throwaway, and a directory we create under /tmp is one the postgres user can always reach,
// wherever the repository was cloned.
// Exits with the command's exit code, or 128+signal if interrupted.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import {
  findFreePort,
  maskUrl,
  startPostgres,
  startRedis,
} from '../stack/stack.mjs';
import { isAlive } from '../stack/processes.mjs';

const dataRoot = tmpdir();
const workDir = path.join(dataRoot, `landing-test-${process.pid}`);
/** @param {string} message */
const say = (message) => console.error(`[with-services] ${message}`);

const [command, ...args] = process.argv.slice(2);
if (!command) {
  say('Usage: node tools/test/with-services.mjs <command> [args...]');
  process.exit(2);
}

/** @type {NodeJS.Signals | undefined} */
let signalled;
/** @type {import('node:child_process').ChildProcess | undefined} */
let child;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    signalled ??= signal;
    child?.kill(signal);
  });
}

/** @type {import('../stack/redis.mjs').StartedService[]} */
const services = [];
let exitCode = 1;
try {
  const env = { ...process.env };
  const used = [];
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    await removeStaleWorkDirs();
    await fs.mkdir(workDir, { recursive: true });
    await fs.chmod(workDir, 0o755);
  }
  if (env.DATABASE_URL) {
    used.push(`Postgres given ${maskUrl(env.DATABASE_URL)}`);
  } else {
    const pg = await startPostgres({
      dataDir: path.join(workDir, 'postgres'),
      port: await findFreePort(),
    });
    services.push(pg);
    env.DATABASE_URL = pg.url;
    used.push(`Postgres embedded ${maskUrl(pg.url)}`);
  }
  if (env.REDIS_URL) {
    used.push(`Redis given ${maskUrl(env.REDIS_URL)}`);
  } else if (!signalled) {
    const redis = await startRedis({
      dataDir: path.join(workDir, 'redis'),
      port: await findFreePort(),
    });
    services.push(redis);
    env.REDIS_URL = redis.url;
    used.push(`Redis embedded ${redis.url}`);
  }
  if (!signalled) {
    say(used.join(' | '));
    exitCode = await run(command, args, env);
  }
} catch (err) {
  say(err instanceof Error ? err.message : String(err));
} finally {
  await Promise.allSettled(services.map((service) => service.stop()));
  await fs.rm(workDir, { recursive: true, force: true });
}
process.exit(signalled ? 128 + constants.signals[signalled] : exitCode);

/**
 * @param {string} cmd
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>}
 */
function run(cmd, argv, env) {
  return new Promise((resolve) => {
    child = spawn(cmd, argv, { stdio: 'inherit', env });
    child.once('error', (/** @type {NodeJS.ErrnoException} */ err) => {
      say(
        `Cannot run ${cmd}: ${err.code === 'ENOENT' ? 'command not found' : err.message}`,
      );
      resolve(127);
    });
    child.once('exit', (code, signal) =>
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)),
    );
  });
}

// Folders of earlier runs that were killed before they could clean up.
async function removeStaleWorkDirs() {
  const names = await fs.readdir(dataRoot).catch(() => []);
  for (const name of names) {
    const pid = Number(/^landing-test-(\d+)$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) {
      await fs.rm(path.join(dataRoot, name), { recursive: true, force: true });
    }
  }
}
