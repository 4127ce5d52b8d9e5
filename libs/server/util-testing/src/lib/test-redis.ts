import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort, waitFor } from './wait';

export function sharedRedisUrl(): string {
  const url = process.env['REDIS_URL'];
  if (!url)
    throw new Error(
      'REDIS_URL is not set: run the tests through `npm test` (it starts Redis)',
    );
  return url;
}

/** A queue prefix of its own, so test files sharing one Redis never see each other's jobs. */
export function uniqueQueuePrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

export interface OwnRedis {
  url: string;
  port: number;
  /** Its working directory (the append-only files are under `appendonlydir/`). */
  dir: string;
  /** SIGKILL: the server vanishes as in a crash; with AOF `always` nothing acknowledged is lost. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP: Redis hangs as a stopped process does; connections stay open, nothing answers. */
  pause(): void;
  /** SIGCONT: Redis answers again, including what it was sent while it hung. */
  resume(): void;
}

/**
 * A redis-server owned by one test, on its own port and directory, to be stopped on purpose;
 * `args` are added to (and override) its command line.
 */
export async function startOwnRedis(
  options: { args?: readonly string[] } = {},
): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'landing-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  // A raw PING: an ioredis client left over from a refused connection keeps timers alive.
  const ping = (): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('error', () => done(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    });

  const exited = (proc: ChildProcess) =>
    new Promise<void>((resolve) =>
      proc.exitCode !== null || proc.signalCode !== null
        ? resolve()
        : proc.once('exit', () => resolve()),
    );

  const own: OwnRedis = {
    url,
    port,
    dir,
    async start() {
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        ...(options.args ?? []),
      ];
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitFor(ping, {
        timeoutMs: 10_000,
        what: `redis-server on port ${port}`,
      });
    },
    async kill() {
      if (!child) return;
      const proc = child;
      child = undefined;
      proc.kill('SIGKILL');
      await exited(proc);
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async stop() {
      if (!child) return;
      const proc = child;
      child = undefined;
      proc.kill('SIGCONT');
      proc.kill('SIGTERM');
      await exited(proc);
    },
  };
  const stop = own.stop;
  own.stop = async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await own.start();
  return own;
}
