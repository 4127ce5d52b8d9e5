import Fastify, {
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { fastifyOptions } from './http-app';

function serverTrusting(trustedProxies: string[]): FastifyInstance {
  const app = Fastify(
    fastifyOptions({ bodyLimit: 1024, trustedProxies }) as FastifyServerOptions,
  );
  app.get('/ip', (request) => ({ ip: request.ip }));
  return app;
}

async function ipSeen(
  app: FastifyInstance,
  remoteAddress: string,
  forwardedFor?: string,
): Promise<string> {
  const response = await app.inject({
    method: 'GET',
    url: '/ip',
    remoteAddress,
    headers:
      forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
  return response.json<{ ip: string }>().ip;
}

describe('client IP behind trusted proxies', () => {
  it('ignores X-Forwarded-For entirely when no proxy is trusted', async () => {
    const app = serverTrusting([]);
    expect(await ipSeen(app, '198.51.100.20', '203.0.113.9')).toBe(
      '198.51.100.20',
    );
    await app.close();
  });

  it('ignores a forged X-Forwarded-For sent by a peer that is not a trusted proxy', async () => {
    const app = serverTrusting(['10.0.0.0/8']);
    expect(await ipSeen(app, '198.51.100.20', '203.0.113.9')).toBe(
      '198.51.100.20',
    );
    await app.close();
  });

  it('takes the client from X-Forwarded-For when the peer is a trusted proxy', async () => {
    const app = serverTrusting(['10.0.0.0/8']);
    expect(await ipSeen(app, '10.1.2.3', '203.0.113.9')).toBe('203.0.113.9');
    await app.close();
  });

  it('stops at the first untrusted hop, so a client cannot prepend a forged address', async () => {
    const app = serverTrusting(['10.0.0.0/8', '192.0.2.7']);
    // the client sent "X-Forwarded-For: 1.2.3.4"; the proxies appended what they saw
    expect(
      await ipSeen(app, '10.1.2.3', '1.2.3.4, 203.0.113.9, 192.0.2.7'),
    ).toBe('203.0.113.9');
    await app.close();
  });
});
