import { type LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { maskLogFields, maskText } from './log-masking';

export type LogLevelSetting = Level | 'silent';

export interface AppLoggerOptions {
  LOG_LEVEL: LogLevelSetting;
}

type NestLevel = 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';

const PINO_LEVEL: Record<NestLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

function serializeError(error: Error): Record<string, unknown> {
  return {
    type: error.name,
    message: maskText(error.message),
    stack: error.stack ? maskText(error.stack) : undefined,
  };
}

/**
 * Nest's LoggerService on top of pino: one JSON object per line, phones and IPs masked. A
 * message given as an object (`{ msg, requestId, jobId }`) puts its fields on the line, which
 * is how lines written on a request's or a job's behalf name it.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: NestLevel, message: unknown, rest: unknown[]): void {
    const pinoLevel = PINO_LEVEL[level];
    if (!this.pino.isLevelEnabled(pinoLevel)) return;
    // Nest passes the context (the logger's name) last; error() may pass a stack before it.
    const params = [...rest];
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
    const stack =
      level === 'error' && typeof params[0] === 'string'
        ? params[0]
        : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields['stack'] = maskText(stack);
    if (message instanceof Error) {
      this.pino[pinoLevel](
        { ...fields, err: serializeError(message) },
        maskText(message.message),
      );
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...record } = message as Record<string, unknown>;
      this.pino[pinoLevel](
        { ...fields, ...record },
        typeof msg === 'string' ? maskText(msg) : undefined,
      );
    } else {
      this.pino[pinoLevel](fields, maskText(String(message)));
    }
  }
}

/** JSON lines on stdout (or `destination`) at the configured level. */
export function createAppLogger(
  config: AppLoggerOptions,
  service: string,
  destination?: DestinationStream,
): AppLogger {
  const logger = pino(
    {
      level: config.LOG_LEVEL,
      base: { service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => maskLogFields(record),
      },
    },
    destination,
  );
  return new AppLogger(logger);
}
