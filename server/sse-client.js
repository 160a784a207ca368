// Server-Sent Events writer for one client (GET /events).
import { FrameCache } from './frame-cache.js';
import { StreamClient } from './stream-client.js';

/**
 * One SSE frame. Payload JSON never contains a raw CR or LF (JSON.stringify escapes them) and
 * topics are validated, so every field fits on one line.
 * @param {string} topic
 * @param {string} json
 * @param {number | string | null} id
 */
export function sseFrame(topic, json, id) {
  return (id === null ? '' : `id: ${id}\n`) + `event: ${topic}\ndata: ${json}\n\n`;
}

/** Event frames as bytes, once per record for every SSE client (see frame-cache.js). */
const frames = new FrameCache((r) => sseFrame(r.topic, r.json, r.id));

/** Response headers of the event stream (CORS headers are added by the caller). */
export const SSE_HEADERS = Object.freeze({
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
});

/** Body of the `pulse.auth` event sent when the client's token expires, just before the stream ends. */
export const AUTH_EXPIRED = Object.freeze({ error: 'token expired', reason: 'expired' });

export class SseClient extends StreamClient {
  /**
   * @param {import('./stream-hub.js').StreamHub} hub
   * @param {import('node:http').ServerResponse} res
   * @param {import('./stream-client.js').StreamClientOptions} options
   */
  constructor(hub, res, options) {
    super(hub, options);
    this.res = res;
    this.frames = frames;
    this.kind = /** @type {const} */ ('sse');
    res.on('drain', () => this.unblock());
    res.on('close', () => this.finish('client disconnected'));
    res.on('error', () => this.finish('socket error'));
  }

  /**
   * Writes the head of the stream (`retry:` hint, `pulse.hello`, maybe `pulse.gap`), then starts
   * sending events after the cursor.
   * @param {{ retryMs: number, hello: object, helloId?: string | null, gap: object | null, headers?: Record<string, string>, snapshot?: { id: number | string | null, topic: string, json: string }[], source?: object | null, attach?: boolean }} start
   *   helloId: the id pulse.hello carries (a resume point before the first event; see routes/events.js)
   *   snapshot: current state sent after the head, with the events' own ids (see state-snapshot.js)
   *   source: the ONE `pulse.source` this client starts with: connectors' and agents' states (see source-status.js)
   *   attach: false when the caller attaches later (cluster catch-up from Redis)
   */
  start({ retryMs, hello, helloId = null, gap, headers = {}, snapshot = [], source = null, attach = true }) {
    const socket = this.res.socket;
    socket?.setNoDelay(true);
    socket?.setKeepAlive(true, 30_000);
    this.res.writeHead(200, { ...headers, ...SSE_HEADERS });
    let head = `retry: ${Math.round(retryMs)}\n\n` + sseFrame('pulse.hello', JSON.stringify(hello), helloId);
    if (gap) head += sseFrame('pulse.gap', JSON.stringify(gap), null);
    if (source) head += sseFrame('pulse.source', JSON.stringify(source), null);
    for (const r of snapshot) head += sseFrame(r.topic, r.json, r.id);
    if (!this.res.write(head)) this.block();
    if (attach) this.attach();
  }

  /** @param {Buffer} bytes */
  writeBytes(bytes) {
    return this.res.write(bytes);
  }

  /**
   * @param {string} topic
   * @param {string} json
   */
  writeControl(topic, json) {
    if (!this.res.write(sseFrame(topic, json, null))) this.block();
  }

  /** @param {number} ts */
  writeHeartbeat(ts) {
    if (!this.res.write(`: hb ${ts}\n\n`)) this.block();
  }

  destroyTransport() {
    this.res.destroy();
  }

  endTransport() {
    this.res.end();
  }

  endExpired() {
    this.res.end(sseFrame('pulse.auth', JSON.stringify(AUTH_EXPIRED), null));
  }
}
