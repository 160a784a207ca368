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

const CRLF = Buffer.from('\r\n');

/**
 * Shared bytes (a record's frame, a turn's run) -> the same as one HTTP/1.1 chunk, for the last
 * few of them: the clients that write the same bytes come one after another in a turn, so a
 * small ring hits as a WeakMap would, without a weak entry (and its GC cost) per record when
 * 20,000 records a second go to one client each.
 */
const RECENT_CHUNKS = 16;
/** @type {(Buffer | null)[]} */
const recentBytes = new Array(RECENT_CHUNKS).fill(null);
/** @type {(Buffer | null)[]} */
const recentChunks = new Array(RECENT_CHUNKS).fill(null);
let nextRecent = 0;

/**
 * `<hex length>\r\n<bytes>\r\n`: what node:http would write for `res.write(bytes)` on a chunked
 * response. Built once for the clients that send the same shared bytes in a row; bytes made for
 * one client are framed without being remembered.
 * @param {Buffer} bytes
 * @param {boolean} shared
 */
function chunkOf(bytes, shared) {
  if (shared) for (let i = 0; i < RECENT_CHUNKS; i++) if (recentBytes[i] === bytes) return /** @type {Buffer} */ (recentChunks[i]);
  const head = bytes.length.toString(16);
  const chunk = Buffer.allocUnsafe(head.length + 2 + bytes.length + 2);
  chunk.write(head, 0, 'latin1');
  CRLF.copy(chunk, head.length);
  bytes.copy(chunk, head.length + 2);
  CRLF.copy(chunk, chunk.length - 2);
  if (shared) {
    recentBytes[nextRecent] = bytes;
    recentChunks[nextRecent] = chunk;
    nextRecent = (nextRecent + 1) % RECENT_CHUNKS;
  }
  return chunk;
}

/** @type {{ ts: number, bytes: Buffer }} */
let lastHeartbeat = { ts: NaN, bytes: Buffer.alloc(0) };

/**
 * `: hb <ts>` as bytes, shared by every client of one heartbeat tick (and so its chunk, chunkOf).
 * @param {number} ts
 */
function heartbeatBytes(ts) {
  if (lastHeartbeat.ts !== ts) lastHeartbeat = { ts, bytes: Buffer.from(`: hb ${ts}\n\n`, 'latin1') };
  return lastHeartbeat.bytes;
}

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
    /** One listener for the response and its socket: events are written to the socket (see writeRaw). */
    this.onDrain = () => this.unblock();
    res.on('drain', this.onDrain);
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
    if (socket) {
      socket.on('drain', this.onDrain);
      // A keep-alive socket outlives the stream only if the client sends another request after it ends.
      this.res.once('close', () => socket.off('drain', this.onDrain));
    }
    if (attach) this.attach();
  }

  /**
   * Writes after the head go straight to the socket, already framed as the HTTP/1.1 chunk
   * `res.write()` would make: the same bytes on the wire, but one socket write of one shared
   * Buffer per client instead of four (length, CRLF, data, CRLF), a cork and a nextTick each.
   * The response's own path is kept while it still holds bytes of its own (a pipelined request's
   * response not yet on the socket), so nothing overtakes the head.
   * @param {Buffer | string} data
   * @param {boolean} [shared] other clients write the same Buffer
   * @returns {boolean} false when the socket buffer is full
   */
  writeRaw(data, shared = false) {
    const res = this.res;
    const socket = res.socket;
    if (socket === null || res.writableEnded || res.writableLength > socket.writableLength) return res.write(data);
    if (!res.chunkedEncoding) return socket.write(data);
    if (typeof data !== 'string') return socket.write(chunkOf(data, shared));
    return socket.write(`${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`);
  }

  /**
   * @param {Buffer} bytes
   * @param {boolean} [shared]
   */
  writeBytes(bytes, shared = false) {
    return this.writeRaw(bytes, shared);
  }

  /**
   * @param {string} topic
   * @param {string} json
   */
  writeControl(topic, json) {
    if (!this.writeRaw(sseFrame(topic, json, null))) this.block();
  }

  /** @param {number} ts */
  writeHeartbeat(ts) {
    if (!this.writeRaw(heartbeatBytes(ts), true)) this.block();
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
