// WebSocket writer for one client (GET /ws), on top of the `ws` package.
import { byteChunks } from './byte-chunks.js';
import { FrameCache } from './frame-cache.js';
import { StreamClient } from './stream-client.js';
import { AUTH_EXPIRED } from './sse-client.js';

/** WebSocket close code for "your token expired" (the client refreshes it and resumes). */
export const CLOSE_TOKEN_EXPIRED = 4001;

/**
 * @param {{ id: number | string | null, topic: string, json: string }} r (no id: state that is no event of the stream)
 */
function wsMessage(r) {
  const id = r.id === null ? '' : `"id":"${r.id}",`;
  return `{"topic":${JSON.stringify(r.topic)},${id}"data":${r.json}}`;
}

/** Event messages as bytes, once per record for every WebSocket client; several go as one array. */
const frames = new FrameCache(wsMessage, { open: '[', separator: ',', close: ']' });

/** Text frames, whether the data is a string or (shared, pre-encoded) bytes. */
const TEXT = Object.freeze({ binary: false });

export class WsClient extends StreamClient {
  /**
   * @param {import('./stream-hub.js').StreamHub} hub
   * @param {import('ws').WebSocket} ws
   * @param {import('./stream-client.js').StreamClientOptions & { highWaterBytes?: number }} options
   */
  constructor(hub, ws, options) {
    super(hub, options);
    this.ws = ws;
    this.frames = frames;
    this.kind = /** @type {const} */ ('ws');
    this.highWaterBytes = options.highWaterBytes ?? 64 * 1024;
    this.alive = true;
    this.onSent = this.onSent.bind(this);
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('close', () => this.finish('client disconnected'));
    ws.on('error', () => this.finish('socket error'));
    // Clients have nothing to say on this stream; inbound messages are ignored (maxPayload bounds them).
    ws.on('message', () => {});
  }

  /**
   * Sends `pulse.hello` (and `pulse.gap`), then starts sending events after the cursor.
   * @param {{ hello: object, helloId?: string | null, gap: object | null, snapshot?: { id: number | string | null, topic: string, json: string }[], source?: object | null, attach?: boolean }} start
   *   helloId: the id pulse.hello carries (a resume point before the first event; see routes/events.js)
   *   snapshot: current state sent after the head, with the events' own ids, in arrays of about chunkBytes (see state-snapshot.js)
   *   source: the ONE `pulse.source` this client starts with: connectors' and agents' states (see source-status.js)
   *   attach: false when the caller attaches later (cluster catch-up from Redis)
   */
  start({ hello, helloId = null, gap, snapshot = [], source = null, attach = true }) {
    this.sendRaw(JSON.stringify(helloId === null ? { topic: 'pulse.hello', data: hello } : { topic: 'pulse.hello', id: helloId, data: hello }));
    if (gap) this.sendRaw(JSON.stringify({ topic: 'pulse.gap', data: gap }));
    if (source) this.sendRaw(JSON.stringify({ topic: 'pulse.source', data: source }));
    this.sendSnapshot(snapshot);
    if (attach) this.attach();
  }

  /**
   * The kept state as arrays of about `chunkBytes` each, like the live stream: in one message
   * (200 batches of log lines, a thousand alerts) it can be megabytes, more than a client takes
   * in one message (src/data/ws-transport.ts: 4 MiB), and it would refuse all of it.
   * @param {{ id: number | string | null, topic: string, json: string }[]} snapshot
   */
  sendSnapshot(snapshot) {
    const messages = snapshot.map(wsMessage);
    for (const part of byteChunks(messages, this.chunkBytes, (m) => m.length)) this.sendRaw('[' + part.join(',') + ']');
  }


  /**
   * @param {string | Buffer} text UTF-8 bytes are sent as a text message too
   * @returns {boolean}
   */
  sendRaw(text) {
    if (this.ws.readyState !== this.ws.OPEN) return true;
    this.ws.send(text, TEXT, this.onSent);
    return this.ws.bufferedAmount < this.highWaterBytes;
  }

  /** @param {Error | undefined} [err] */
  onSent(err) {
    if (err) return;
    if (this.blocked && this.ws.bufferedAmount < this.highWaterBytes) this.unblock();
  }

  /** @param {Buffer} bytes */
  writeBytes(bytes) {
    return this.sendRaw(bytes);
  }

  /**
   * @param {string} topic
   * @param {string} json
   */
  writeControl(topic, json) {
    if (!this.sendRaw(`{"topic":${JSON.stringify(topic)},"data":${json}}`)) this.block();
  }

  /**
   * Application heartbeat (browsers cannot see pings) plus a protocol ping: a client that did
   * not answer the previous ping is terminated.
   * @param {number} ts
   */
  writeHeartbeat(ts) {
    if (!this.alive) {
      this.drop('no pong');
      return;
    }
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      /* closing */
    }
    if (!this.sendRaw(`{"topic":"pulse.heartbeat","data":{"ts":${ts}}}`)) this.block();
  }

  destroyTransport() {
    this.ws.terminate();
  }

  endExpired() {
    this.sendRaw(JSON.stringify({ topic: 'pulse.auth', data: AUTH_EXPIRED }));
    this.ws.close(CLOSE_TOKEN_EXPIRED, 'token expired');
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }

  endTransport() {
    this.ws.close(1001, 'server shutting down');
    // A peer that never answers the closing handshake must not hold the shutdown up.
    setTimeout(() => this.ws.terminate(), 1000).unref();
  }
}
