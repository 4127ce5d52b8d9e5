import { AdminRoles, CurrentSession } from '@landing/api/feature-admin-auth';
import { RequestValidationError } from '@landing/api/util-http';
import { isStreamId } from '@landing/server/persistence-desk';
import { type AdminSessionRecord } from '@landing/server/persistence-admin';
import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { DeskEventHub } from './desk-event.hub';
import { sseComment, sseRetry } from './desk-events.sse';

/** How long a browser waits before reconnecting. */
export const RETRY_MS = 3_000;

/**
 * `GET /api/admin/events`: the desk's live stream (server-sent events) for a signed-in
 * admin or reviewer. The session cookie authenticates it (a GET: no CSRF token). The reply
 * is Fastify's raw response, hijacked from Nest once the request is accepted.
 */
@Controller('admin')
export class DeskEventsController {
  constructor(private readonly hub: DeskEventHub) {}

  @Get('events')
  @AdminRoles('admin', 'reviewer')
  async events(
    @CurrentSession() session: AdminSessionRecord,
    @Headers('last-event-id') header: string | undefined,
    @Query('lastEventId') query: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lastEventId = resumeFrom(header, query);
    // Fastify answers HEAD with the GET handler: headers only, no stream held open.
    if (request.method === 'HEAD') {
      await reply
        .code(200)
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .send();
      return;
    }
    this.hub.admit(session.user.id);

    reply.hijack();
    const raw = reply.raw;
    // The server's idle timeout would cut a quiet stream; heartbeats are what keeps it alive.
    request.raw.socket.setTimeout(0);
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    raw.write(sseRetry(RETRY_MS) + sseComment('connected'));
    const detach = await this.hub.subscribe(
      {
        viewer: { userId: session.user.id, role: session.user.role },
        sessionId: session.id,
        expiresAt: session.expiresAt,
      },
      {
        write: (chunk) => raw.write(chunk),
        pending: () => raw.writableLength,
        end: () => raw.end(),
        destroy: () => raw.destroy(),
      },
      lastEventId,
    );
    if (raw.destroyed || raw.writableEnded) detach();
    else raw.on('close', detach);
  }
}

/** The id to resume after: the `Last-Event-ID` header (browsers), else `?lastEventId=` (tools). */
function resumeFrom(
  header: string | undefined,
  query: unknown,
): string | undefined {
  const given =
    typeof header === 'string' && header !== ''
      ? header
      : typeof query === 'string' && query !== ''
        ? query
        : undefined;
  if (given === undefined) return undefined;
  if (given.length > 41 || !isStreamId(given))
    throw new RequestValidationError([
      {
        field: 'Last-Event-ID',
        code: 'INVALID_VALUE',
        message: 'Last-Event-ID must be an id this stream sent (<ms>-<seq>)',
      },
    ]);
  return given;
}
