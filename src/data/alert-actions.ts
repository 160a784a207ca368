import { tokenOf } from './history-client.js';
import type { StreamHub } from './stream-hub.js';

/** What the server's alert action routes do (`POST <alertActionsUrl>/<action>`). */
export type AlertAction = 'silence' | 'ack' | 'unsilence';

export interface AlertActionRequest {
  /** The alert's id. */
  readonly id: string;
  /** Silence length (`2h`, `1d`); the server's default when absent (Ack: its ack duration). */
  readonly duration?: string;
  readonly comment?: string;
}

/**
 * A failure says why in data, not words (the element words it in its language): `refused` with
 * the server's own `error` text when it sent one, `unreachable` (no answer; `status` 0), or
 * `no-actions` (the server announced no `alertActionsUrl`).
 */
export type AlertActionResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly failure: 'refused' | 'unreachable' | 'no-actions'; readonly status: number; readonly error: string | undefined };

/** Longest error text kept for a button: the server's message, cut. */
const MAX_ERROR = 200;

/**
 * Asks the server the hub is connected to for an alert action, with the hub's headers (and the
 * `tokenProvider`'s token: a 401 gets one fresh token and one retry), `?token=` and credentials
 * mode (as history-client.ts does). Never throws: an unreachable server or a refusal (403: the
 * token lacks the action) comes back as `{ok: false, error}` for the button that asked to show.
 * The result of a success arrives on the stream (the alert is published again), for every viewer.
 */
export async function requestAlertAction(hub: StreamHub, action: AlertAction, request: AlertActionRequest): Promise<AlertActionResult> {
  const base = hub.alertActionsUrl;
  if (!base) return { ok: false, failure: 'no-actions', status: 0, error: undefined };
  const url = new URL(`${base.replace(/\/$/, '')}/${action}`);
  const token = tokenOf(hub.options.url);
  if (token) url.searchParams.set('token', token);
  try {
    let res = await post(hub, url, request, false);
    if (res.status === 401) res = await post(hub, url, request, true);
    if (res.ok) return { ok: true };
    let error: string | undefined;
    try {
      const body: unknown = await res.json();
      if (body && typeof body === 'object' && typeof (body as Record<string, unknown>)['error'] === 'string') {
        error = (body as Record<string, string>)['error']!;
      }
    } catch {
      /* not JSON: the status says it */
    }
    return { ok: false, failure: 'refused', status: res.status, error: error?.slice(0, MAX_ERROR) };
  } catch {
    return { ok: false, failure: 'unreachable', status: 0, error: undefined };
  }
}

async function post(hub: StreamHub, url: URL, request: AlertActionRequest, freshToken: boolean): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(await hub.requestHeaders(freshToken)) },
    credentials: hub.options.withCredentials ? 'include' : 'same-origin',
    body: JSON.stringify(request),
  });
}
