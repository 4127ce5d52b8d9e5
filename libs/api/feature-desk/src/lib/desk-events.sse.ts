import { type DeskStreamMessage } from '@landing/shared/contracts-desk';

/**
 * One server-sent event: `id:` (the stream entry, omitted for a `reset`), `event:` (the
 * type) and `data:` (the message as JSON, one line: JSON escapes every line break inside
 * strings), ended by a blank line.
 */
export function sseMessage(message: DeskStreamMessage, id?: string): string {
  const lines = [];
  if (id !== undefined) lines.push(`id: ${oneLine(id)}`);
  lines.push(`event: ${oneLine(message.type)}`);
  lines.push(`data: ${JSON.stringify(message)}`);
  return `${lines.join('\n')}\n\n`;
}

/** A comment line: ignored by EventSource, keeps proxies and the socket from timing out. */
export function sseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

/** How long a browser waits before reconnecting after the stream ended. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.round(ms))}\n\n`;
}

/** A field value may not hold a line break (it would end the field early). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]/g, ' ');
}
