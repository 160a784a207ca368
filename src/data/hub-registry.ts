import { StreamHub, type HubOptions } from './stream-hub.js';
import type { TransportKind } from './types.js';

/**
 * The page-wide table of hubs: one per source, so every element and every `<pulse-source>`
 * pointing at the same URL with the same credentials shares ONE connection (browsers allow about
 * six HTTP/1.1 connections per origin; a dashboard of twenty widgets would otherwise starve).
 *
 * Kept on `globalThis` under a registered symbol so two copies of the bundle on one page still
 * share connections.
 */
const REGISTRY_KEY = Symbol.for('pulseboard.hub-registry');
type Registry = Map<string, StreamHub>;
const registry: Registry = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] as Registry | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[REGISTRY_KEY] = registry;

/** `ws://` and `wss://` mean WebSocket, `local:` an in-page source; everything else (http(s), relative) SSE. */
export function transportFor(url: string, override?: string | null): TransportKind {
  if (override === 'sse' || override === 'ws' || override === 'local') return override;
  if (/^local:/i.test(url)) return 'local';
  return /^wss?:/i.test(url) ? 'ws' : 'sse';
}

/** Resolves relative URLs against the document so `/events` and `http://host/events` are one source. */
export function absoluteUrl(url: string): string {
  if (/^local:/i.test(url)) return url;
  try {
    return new URL(url, globalThis.location?.href).toString();
  } catch {
    return url;
  }
}

/** Token providers by identity: two sources with different providers are different users, so different connections. */
const providerIds = new WeakMap<object, number>();
let nextProviderId = 1;
function providerId(provider: HubOptions['tokenProvider']): string {
  if (!provider) return '';
  let id = providerIds.get(provider);
  if (id === undefined) providerIds.set(provider, (id = nextProviderId++));
  return `token:${id}`;
}

function keyOf(options: HubOptions): string {
  const headers = options.headers ? JSON.stringify(Object.entries(options.headers).sort(([a], [b]) => a.localeCompare(b))) : '';
  return [options.transport, options.url, options.withCredentials ? 'cred' : '', headers, providerId(options.tokenProvider)].join('\n');
}

/**
 * The shared hub for these options, created on first use. The hub removes itself from the table
 * when its last user leaves, so a later user starts a fresh connection.
 */
export function sharedHub(options: Omit<HubOptions, 'transport'> & { transport?: TransportKind | null | undefined }): StreamHub {
  const url = absoluteUrl(options.url);
  const resolved: HubOptions = { ...options, url, transport: transportFor(url, options.transport) };
  const key = keyOf(resolved);
  let hub = registry.get(key);
  if (!hub) {
    const created: StreamHub = new StreamHub(resolved, {
      onIdle: () => {
        if (registry.get(key) === created) registry.delete(key);
      },
      onActive: () => {
        if (!registry.has(key)) registry.set(key, created);
      },
    });
    registry.set(key, created);
    hub = created;
  }
  return hub;
}

/** How many hubs (connections) the page holds now; for diagnostics and tests. */
export function sharedHubCount(): number {
  return registry.size;
}
