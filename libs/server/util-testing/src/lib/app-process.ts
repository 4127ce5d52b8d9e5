import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait';

/** The repository root (this file is libs/server/util-testing/src/lib/app-process.ts). */
export const REPO_ROOT = join(__dirname, '../../../../..');

export type AppName = 'api' | 'worker';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Throws the "build first" message when a built artefact the tests run is missing. */
export function requireBuilt(file: string): string {
  if (!existsSync(file))
    throw new Error(
      `${file} is missing: build first (npm test builds before the integration and browser tests)`,
    );
  return file;
}

/**
 * A built app (`dist/apps/<name>/main.js`) running as its own process, as in production. Its
 * environment is only what it is given, over `LOG_LEVEL=warn` and `NODE_ENV=test`.
 */
export class AppProcess {
  private child?: ChildProcess;
  private output: string[] = [];

  constructor(
    readonly name: AppName,
    private readonly env: Record<string, string>,
    private readonly args: readonly string[] = [],
  ) {}

  static async start(
    name: AppName,
    env: Record<string, string>,
  ): Promise<AppProcess> {
    const app = new AppProcess(name, env);
    await app.start();
    return app;
  }

  /** Everything it wrote to stdout and stderr (the last few thousand chunks). */
  get logs(): string {
    return this.output.join('');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process; an api serving HTTP resolves once it answers. */
  async start(): Promise<void> {
    const main = requireBuilt(
      join(REPO_ROOT, 'dist/apps', this.name, 'main.js'),
    );
    const child = spawn(process.execPath, [main, ...this.args], {
      env: {
        PATH: process.env['PATH'] ?? '',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
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
    if (this.name === 'api' && this.args.length === 0) {
      const url = `http://127.0.0.1:${this.env['PORT']}/health/live`;
      await waitFor(
        async () => {
          if (child.exitCode !== null)
            throw new Error(`api exited with ${child.exitCode}:\n${this.logs}`);
          return fetch(url).then(
            () => true,
            () => false,
          );
        },
        { timeoutMs: 180_000, intervalMs: 100, what: 'the api to listen' },
      );
    }
  }

  /** Runs a one-off command (such as the worker's `migrate`) to its end; throws unless it exits 0. */
  async run(): Promise<void> {
    await this.start();
    const child = this.child;
    if (!child) return;
    const code =
      child.exitCode ??
      (await new Promise<number | null>((resolve) =>
        child.once('exit', resolve),
      ));
    this.child = undefined;
    if (code !== 0)
      throw new Error(
        `${this.name} ${this.args.join(' ')} exited with ${code}:\n${this.logs}`,
      );
  }

  /** Sends a signal and waits for the process to end; SIGKILL if it takes longer than `timeoutMs`. */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 20_000,
  ): Promise<Exit> {
    const child = this.child;
    if (!child) return { code: null, signal: null };
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null)
      return { code: child.exitCode, signal: child.signalCode };
    const exited = new Promise<Exit>((resolve) =>
      child.once('exit', (code, by) => resolve({ code, signal: by })),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
