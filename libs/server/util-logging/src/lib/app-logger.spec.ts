import { Writable } from 'node:stream';
import { createAppLogger } from './app-logger';

function capture(level: 'info' | 'warn' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return {
    lines,
    logger: createAppLogger({ LOG_LEVEL: level }, 'api', stream),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createAppLogger', () => {
  it('writes one JSON object per line with level, service, context and message', async () => {
    const { lines, logger } = capture('info');
    logger.log('listening', 'Bootstrap');
    await flush();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'api',
        context: 'Bootstrap',
        msg: 'listening',
      }),
    ]);
  });

  it('puts the fields of an object message on the line: how request and job ids are named', async () => {
    const { lines, logger } = capture('info');
    logger.warn(
      { msg: 'enqueue failed: timeout', requestId: 'req-1', jobId: '42' },
      'LeadQueueProducer',
    );
    logger.log('no request here');
    await flush();
    expect(
      lines.map((line) => [
        line['msg'],
        line['requestId'],
        line['jobId'],
        line['context'],
      ]),
    ).toEqual([
      ['enqueue failed: timeout', 'req-1', '42', 'LeadQueueProducer'],
      ['no request here', undefined, undefined, undefined],
    ]);
  });

  it('masks phones and IPs in messages, fields and errors', async () => {
    const { lines, logger } = capture('info');
    logger.warn(
      { msg: 'duplicate from 203.0.113.9', phone: '+989121234567' },
      'Intake',
    );
    logger.error(
      new Error('Key (phone)=(+989121234567) already exists'),
      'Worker',
    );
    await flush();
    const text = JSON.stringify(lines);
    expect(text).not.toContain('1234567');
    expect(text).not.toContain('203.0.113.9');
    expect(lines[0]).toMatchObject({
      msg: 'duplicate from 203.0.113.*',
      phone: '+98*******567',
    });
    expect(lines[1]).toMatchObject({
      level: 'error',
      msg: 'Key (phone)=(+98*******567) already exists',
    });
  });

  it('drops lines below the configured level', async () => {
    const { lines, logger } = capture('warn');
    logger.log('chatty');
    logger.debug('chattier');
    logger.warn('kept');
    await flush();
    expect(lines.map((line) => line['msg'])).toEqual(['kept']);
  });
});
