import type {
  ErrorResponse,
  FieldError,
  SubmitLeadRequest,
  SubmitLeadResponse,
} from '@landing/shared/contracts-lead';

/** What one attempt to deliver a submission came to, as far as the visitor is concerned. */
export type SendOutcome =
  | { kind: 'accepted' }
  | { kind: 'duplicate' }
  | { kind: 'invalid'; fields: FieldError[] }
  /**
   * The api will never take this submission, whatever is tried again: its submissionId is
   * bound to another number (409 SUBMISSION_ID_REUSED). Sending the form again makes a new one.
   */
  | { kind: 'refused'; code: string }
  /** Nothing was decided: network error, 503, 429 or a server fault. Try again later. */
  | { kind: 'retry'; retryAfterMs: number | null };

/** The subset of `fetch` this library needs; injectable so tests can play the server. */
export type LeadTransport = (
  url: string,
  init: {
    method: 'POST';
    headers: Record<string, string>;
    body: string;
    keepalive: boolean;
  },
) => Promise<Pick<Response, 'status' | 'headers' | 'json'>>;

export const LEADS_URL = '/api/leads';

/** Sends one attempt. Never throws: every failure is an outcome. */
export async function sendLead(
  transport: LeadTransport,
  request: SubmitLeadRequest,
): Promise<SendOutcome> {
  let response: Awaited<ReturnType<LeadTransport>>;
  try {
    response = await transport(LEADS_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(request),
      // Lets the request finish if the visitor navigates away right after submitting.
      keepalive: true,
    });
  } catch {
    return { kind: 'retry', retryAfterMs: null };
  }
  const { status } = response;
  if (status === 202 || status === 200) {
    const body = (await readJson(
      response,
    )) as Partial<SubmitLeadResponse> | null;
    if (body?.status === 'duplicate') return { kind: 'duplicate' };
    if (body?.status === 'accepted') return { kind: 'accepted' };
    // A 2xx from something that is not our api (a captive portal, a proxy page).
    return { kind: 'retry', retryAfterMs: null };
  }
  if (status === 400 || status === 413 || status === 415 || status === 422) {
    const body = (await readJson(response)) as Partial<ErrorResponse> | null;
    if (body && typeof body.code === 'string') {
      return {
        kind: 'invalid',
        fields: Array.isArray(body.fields) ? body.fields : [],
      };
    }
  }
  if (status === 409) {
    const body = (await readJson(response)) as Partial<ErrorResponse> | null;
    if (body && typeof body.code === 'string')
      return { kind: 'refused', code: body.code };
  }
  return {
    kind: 'retry',
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  };
}

async function readJson(response: Pick<Response, 'json'>): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(
  header: string | null,
  now = Date.now(),
): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
