export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return post(baseUrl, path, JSON.stringify(body), {
    'content-type': 'application/json',
    ...headers,
  });
}

export async function post(
  baseUrl: string,
  path: string,
  body: string | Buffer | undefined,
  headers: Record<string, string>,
): Promise<HttpResult> {
  // A Buffer is a Uint8Array, which fetch sends as is; the DOM typings only lack the overload.
  const payload =
    typeof body === 'string' || body === undefined
      ? body
      : new Uint8Array(body);
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: payload,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: response.status,
    headers: response.headers,
    body: parsed,
    text,
  };
}

/** Runs `task` for every item with at most `concurrency` in flight. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from(
    { length: Math.min(concurrency, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T);
      }
    },
  );
  await Promise.all(lanes);
  return results;
}

/** n distinct valid Iranian mobile numbers in national format. */
export function distinctMobiles(n: number, start = 0): string[] {
  return Array.from(
    { length: n },
    (_, i) => `0912${String(start + i).padStart(7, '0')}`,
  );
}
