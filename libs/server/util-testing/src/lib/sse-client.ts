import { request as httpRequest, type ClientRequest } from 'node:http';

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
  /** When the message's last byte arrived (ms since the epoch). */
  receivedAt: number;
}

/**
 * A plain server-sent events reader over node:http for tests (no EventSource polyfill, no
 * automatic reconnect: a test decides when to resume). Keeps every message and comment.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  status = 0;
  headers: Record<string, string | string[] | undefined> = {};
  /** The body of a refused request (not 200). */
  body = '';
  ended = false;
  private request?: ClientRequest;
  private buffer = '';

  /** Connects; resolves once the response's headers are in (any status). */
  static connect(
    url: string,
    headers: Record<string, string> = {},
  ): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        url,
        { headers: { accept: 'text/event-stream', ...headers } },
        (response) => {
          client.status = response.statusCode ?? 0;
          client.headers = response.headers;
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (client.status !== 200) client.body += chunk;
            else client.take(chunk);
          });
          response.on('end', () => (client.ended = true));
          response.on('close', () => (client.ended = true));
          response.on('error', () => (client.ended = true));
          resolve(client);
        },
      );
      req.on('error', (error) => {
        client.ended = true;
        reject(error);
      });
      req.end();
      client.request = req;
    });
  }

  /** The messages of one type (or all), data parsed as JSON. */
  events<T = unknown>(type?: string): (SseMessage & { json: T })[] {
    return this.messages
      .filter((message) => type === undefined || message.event === type)
      .map((message) => ({ ...message, json: JSON.parse(message.data) as T }));
  }

  get lastId(): string | undefined {
    return [...this.messages].reverse().find((m) => m.id !== undefined)?.id;
  }

  close(): void {
    this.request?.destroy();
    this.ended = true;
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) return;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'id') id = value;
        else if (name === 'event') event = value;
        else if (name === 'data') data.push(value);
        else continue;
        fields += 1;
      }
      if (fields > 0 && data.length > 0)
        this.messages.push({
          id,
          event,
          data: data.join('\n'),
          receivedAt: Date.now(),
        });
    }
  }
}
