import { spawn } from 'node:child_process';
import { BackupError, BackupErrorCode } from './backup.error';

/** Runs an external tool (pg_dump, mongodump, …) to its end; its stderr goes into the error. */
export function runTool(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    child.once('error', (error) =>
      reject(
        new BackupError(
          BackupErrorCode.ToolFailed,
          `${command} could not start: ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError(
            BackupErrorCode.ToolFailed,
            `${command} ${args[0] ?? ''} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`,
          ),
        );
    });
  });
}
