// Shared helpers for browser tests. The fixture server is a real HTTP/WebSocket server started by
// web-test-runner.config.mjs; `/__fixture.js` tells us where it listens.
// @ts-expect-error served by the test runner's fixture plugin, not a file on disk
import { FIXTURE_URL } from '/__fixture.js';

export const fixtureUrl: string = FIXTURE_URL;
export const fixtureWsUrl: string = FIXTURE_URL.replace(/^http/, 'ws');

let counter = 0;
/** A fresh session name so the fixture's per-session counters belong to one test. */
export function newSession(prefix = 's'): string {
  return `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls until `predicate` holds or fails with `message` after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, message: string, timeoutMs = 8000): Promise<void> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface SessionInfo {
  attempts: number;
  open: number;
  opened: number;
  lastEventIds: (string | null)[];
}

/** What the fixture server saw for one session (connections, attempts, resume ids). */
export async function sessionInfo(session: string): Promise<SessionInfo> {
  const response = await fetch(`${fixtureUrl}/session?session=${encodeURIComponent(session)}`);
  return (await response.json()) as SessionInfo;
}

/** Base64 of a UTF-8 string (or of raw bytes) for the fixture's `/raw` route. */
export function b64(text: string | Uint8Array): string {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Waits for two animation frames: everything scheduled for "the next frame" has rendered. */
export async function nextFrames(n = 2): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  await Promise.resolve();
}

/** What the test runner's reference-server control answers (test/fixtures/ref-server-control.mjs). */
export interface RefInfo {
  ok: boolean;
  url: string;
  proxyUrl: string;
  running: boolean;
  /** `refused`: connections refused while the server was down; `attempts`: when each reached the proxy (epoch ms). */
  stats: { proxied: number; cuts: number; stalls: number; refused: number; attempts: number[] };
  error?: string;
}

/** Drives the real reference server through the test runner: start, kill, restart, mode, cut, publish, stop... */
export async function ref(action: string, arg: unknown = {}): Promise<RefInfo> {
  const response = await fetch(`/__ref/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const info = (await response.json()) as RefInfo;
  if (!info.ok) throw new Error(`/__ref/${action}: ${info.error}`);
  return info;
}
