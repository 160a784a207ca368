import type { StreamHub } from './stream-hub.js';

/** One stored event (or per-minute rollup of metric points) from the server's `GET /history`. */
export interface HistoryItem {
  /** The event's id on the stream; null for a rollup of downsampled points. */
  readonly id: string | null;
  /** Epoch ms: the payload's `ts`, else its publish time; a rollup's minute. */
  readonly ts: number;
  /** The payload as published (for a rollup: `{ts, field: average, ...}`). */
  readonly data: unknown;
  /** Rollups only: per-field minimum and maximum, and how many points were folded in. */
  readonly min?: Readonly<Record<string, number>>;
  readonly max?: Readonly<Record<string, number>>;
  readonly count?: number;
}

export interface HistoryQuery {
  /** Epoch ms, inclusive. */
  readonly since: number;
  /** Epoch ms, exclusive. Default now. */
  readonly until?: number;
  /** Newest first (for "the last N lines"). Default oldest first. */
  readonly order?: 'asc' | 'desc';
  /** Most items returned in all (pages are followed until this many). Default 10 000. */
  readonly maxItems?: number;
  /** Items per request (the server caps it at 10 000). Default 1000. */
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
}

/** Pages followed at most, whatever maxItems says (a bound on requests per backfill). */
const MAX_PAGES = 20;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads a topic's stored history from the server the hub is connected to, when it offers one
 * (`hub.historyUrl`, learned from `pulse.hello`). Resolves with [] when it does not, or when the
 * request fails: a backfill is an extra, never a reason to break the live view. Sends the hub's
 * headers (e.g. `Authorization`), the token of its `tokenProvider`, and its `?token=`, and
 * cookies when the source uses `with-credentials`. Items with an unusable shape are skipped.
 */
export async function fetchHistory(hub: StreamHub, topic: string, query: HistoryQuery): Promise<HistoryItem[]> {
  const base = hub.historyUrl;
  if (!base) return [];
  const maxItems = Math.max(1, Math.floor(query.maxItems ?? 10_000));
  const pageSize = Math.min(10_000, Math.max(1, Math.floor(query.pageSize ?? 1000)), maxItems);
  const items: HistoryItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && items.length < maxItems; page++) {
    const url = new URL(base);
    url.searchParams.set('topic', topic);
    url.searchParams.set('since', String(Math.floor(query.since)));
    url.searchParams.set('until', String(Math.floor(query.until ?? Date.now())));
    url.searchParams.set('limit', String(Math.min(pageSize, maxItems - items.length)));
    if (query.order === 'desc') url.searchParams.set('order', 'desc');
    if (cursor) url.searchParams.set('cursor', cursor);
    const token = tokenOf(hub.options.url);
    if (token && !url.searchParams.has('token')) url.searchParams.set('token', token);
    let body: unknown;
    try {
      const get = async (fresh: boolean) =>
        fetch(url, {
          headers: { Accept: 'application/json', ...(await hub.requestHeaders(fresh)) },
          credentials: hub.options.withCredentials ? 'include' : 'same-origin',
          signal: query.signal,
        });
      let res = await get(false);
      // An expired token: one new one from the source's tokenProvider, as the stream does.
      if (res.status === 401 && hub.options.tokenProvider) res = await get(true);
      if (!res.ok) break;
      body = await res.json();
    } catch {
      break;
    }
    if (!isRecord(body) || !Array.isArray(body['items'])) break;
    for (const raw of body['items']) {
      if (!isRecord(raw) || typeof raw['ts'] !== 'number' || !Number.isFinite(raw['ts'])) continue;
      const id = typeof raw['id'] === 'string' ? raw['id'] : null;
      items.push({
        id,
        ts: raw['ts'],
        data: raw['data'],
        ...(isRecord(raw['min']) ? { min: raw['min'] as Record<string, number> } : {}),
        ...(isRecord(raw['max']) ? { max: raw['max'] as Record<string, number> } : {}),
        ...(typeof raw['count'] === 'number' ? { count: raw['count'] } : {}),
      });
      if (items.length >= maxItems) break;
    }
    const next = body['next'];
    if (typeof next !== 'string' || next === '') break;
    cursor = next;
  }
  return items;
}

/** The `?token=` of the stream URL, for servers that take the token in the query. */
export function tokenOf(streamUrl: string): string | undefined {
  try {
    return new URL(streamUrl, globalThis.location?.href).searchParams.get('token') ?? undefined;
  } catch {
    return undefined;
  }
}
