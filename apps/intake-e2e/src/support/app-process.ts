import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from '@landing/server/util-testing';

const ROOT = join(__dirname, '../../../..');

export type AppName = 'api' | 'worker';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A built app (`dist/apps/<name>/main.js`) running as its own process, as in production. */
export class AppProcess {
  private child?: ChildProcess;
  private output: string[] = [];

  private constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
  ) {}

  static async start(name: AppName, env: Record<string, string>): Promise<AppProcess> {
    const app = new AppProcess(name, env);
    await app.start();
    return app;
  }

  get logs(): string {
    return this.output.join('');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const main = join(ROOT, 'dist/apps', this.name, 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm test builds before the integration tests)`);
    const child = spawn(process.execPath, [main], {
      env: {
        PATH: process.env['PATH'] ?? '',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        // Tests send many requests from one address; the rate-limit tests set their own limits.
        RATE_LIMIT_IP_PER_MINUTE: '1000000',
        RATE_LIMIT_PHONE_PER_HOUR: '1000000',
        // A limiter check that outlasts its deadline lets the request through; on a loaded
        // test machine 500 ms can pass without Redis being at fault, so give it longer.
        RATE_LIMIT_TIMEOUT_MS: '5000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 2000) this.output.splice(0, 1000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    if (this.name === 'api') {
      const url = `http://127.0.0.1:${this.env['PORT']}/api/does-not-exist`;
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${this.logs}`);
          return fetch(url).then(() => true, () => false);
        },
        { timeoutMs: 20_000, what: 'the api to listen' },
      );
    }
  }

  /** Sends a signal and waits for the process to end; SIGKILL if it takes longer than `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<Exit> {
    const child = this.child;
    if (!child) return { code: null, signal: null };
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
    const exited = new Promise<Exit>((resolve) => child.once('exit', (code, by) => resolve({ code, signal: by })));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export async function apiEnv(env: Record<string, string>): Promise<Record<string, string>> {
  return { PORT: String(await freePort()), HOST: '127.0.0.1', ...env };
}

export async function workerEnv(env: Record<string, string>): Promise<Record<string, string>> {
  return { WORKER_PORT: String(await freePort()), ...env };
}
