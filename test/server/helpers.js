// Test helpers: start a server in-process on an ephemeral port, read SSE from raw HTTP bytes,
// make plain HTTP requests, and collect WebSocket messages. No transport is mocked.
import http from 'node:http';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { createServer } from '../../server/app.js';

/**
 * Starts a quiet, deterministic server (no host metrics, no simulation, no request log, no
 * threshold alerts unless asked) on 127.0.0.1:0 and closes it when the test ends.
 * @param {import('node:test').TestContext | null} t
 * @param {import('../../server/options.js').ServerOptions} [options]
 */
export async function startServer(t, options = {}) {
  const app = createServer({
    // Ids from 1 keep assertions readable; the clock-seeded default has its own test.
    hostMetrics: false, simulate: false, requestLog: false, thresholdAlerts: false, startId: 1, ...options, port: 0, host: '127.0.0.1',
  });
  const url = await app.listen(0, '127.0.0.1');
  t?.after(() => app.close());
  return { app, hub: app.hub, url, base: url.replace(/\/$/, '') };
}

/**
 * Resolves when `check()` returns a truthy value, re-checking whenever `emitter` emits `event`;
 * rejects after `timeoutMs` (a safety net, not a sleep).
 * @template T
 * @param {EventEmitter} emitter
 * @param {string} event
 * @param {() => T | undefined | null | false} check
 * @param {number} timeoutMs
 * @param {string} what description for the timeout error
 * @returns {Promise<T>}
 */
export function waitUntil(emitter, event, check, timeoutMs, what) {
  const first = check();
  if (first) return Promise.resolve(first);
  return new Promise((resolve, reject) => {
    const onEvent = () => {
      const v = check();
      if (v) {
        cleanup();
        resolve(v);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(event, onEvent);
      emitter.off('end', onEvent);
    };
    emitter.on(event, onEvent);
    emitter.on('end', onEvent);
  });
}

/**
 * @typedef {{ id: string | undefined, event: string, data: string, json: any }} SseEvent
 */

/**
 * A minimal spec-following SSE parser fed with raw bytes: CR, LF and CRLF line ends (a CRLF may
 * be split across chunks), comments, `retry:`, `id:`, and dispatch on blank lines.
 */
export class SseStream extends EventEmitter {
  /** @param {http.IncomingMessage} res */
  constructor(res) {
    super();
    this.res = res;
    this.status = res.statusCode ?? 0;
    this.headers = res.headers;
    /** @type {SseEvent[]} */
    this.events = [];
    /** @type {string[]} */
    this.comments = [];
    /** @type {number | null} */
    this.retry = null;
    /** @type {string | undefined} */
    this.lastEventId = undefined;
    this.ended = false;
    this.buffer = '';
    this.decoder = new TextDecoder('utf-8');
    this.pending = { data: /** @type {string[]} */ ([]), event: '', id: /** @type {string | undefined} */ (undefined) };
    res.on('data', (chunk) => this.feed(this.decoder.decode(chunk, { stream: true })));
    const end = () => {
      if (this.ended) return;
      this.ended = true;
      this.emit('end');
    };
    res.on('end', end);
    res.on('close', end);
    res.on('error', end);
  }

  /** @param {string} text */
  feed(text) {
    const buf = this.buffer + text;
    const eol = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = eol.exec(buf); m; m = eol.exec(buf)) {
      if (m[0] === '\r' && m.index === buf.length - 1) break; // maybe half of a CRLF
      this.line(buf.slice(start, m.index));
      start = m.index + m[0].length;
    }
    this.buffer = buf.slice(start);
  }

  /** @param {string} line */
  line(line) {
    if (line === '') {
      const p = this.pending;
      if (p.id !== undefined) this.lastEventId = p.id;
      if (p.data.length > 0) {
        const data = p.data.join('\n');
        let json;
        try {
          json = JSON.parse(data);
        } catch {
          json = undefined;
        }
        const ev = { id: p.id, event: p.event || 'message', data, json };
        this.events.push(ev);
        this.emit('event', ev);
      }
      this.pending = { data: [], event: '', id: undefined };
      return;
    }
    if (line.startsWith(':')) {
      this.comments.push(line.slice(1).trimStart());
      this.emit('comment', line);
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.pending.data.push(value);
    else if (field === 'event') this.pending.event = value;
    else if (field === 'id' && !value.includes('\0')) this.pending.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
  }

  /** Data events (not control topics). */
  get data() {
    return this.events.filter((e) => !e.event.startsWith('pulse.'));
  }

  /**
   * @param {(e: SseEvent) => boolean} predicate
   * @param {number} [timeoutMs]
   */
  waitForEvent(predicate, timeoutMs = 5000) {
    return waitUntil(this, 'event', () => this.events.find(predicate), timeoutMs, 'an SSE event');
  }

  /**
   * Resolves with the first `n` data events.
   * @param {number} n
   * @param {number} [timeoutMs]
   */
  waitForData(n, timeoutMs = 5000) {
    return waitUntil(this, 'event', () => (this.data.length >= n ? this.data.slice(0, n) : null), timeoutMs, `${n} data events (have ${this.data.length})`);
  }

  /** @param {number} [timeoutMs] */
  waitForEnd(timeoutMs = 5000) {
    return waitUntil(this, 'end', () => this.ended, timeoutMs, 'the stream to end');
  }

  close() {
    this.res.destroy();
  }
}

/**
 * Opens an SSE stream with http.get. Resolves once the response head arrived.
 * @param {string} url
 * @param {Record<string, string>} [headers]
 * @returns {Promise<SseStream>}
 */
export function openSse(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers }, agent: false }, (res) => resolve(new SseStream(res)));
    req.on('error', reject);
  });
}

/**
 * @typedef {{ status: number, headers: http.IncomingHttpHeaders, text: string, json: any }} Reply
 */

/**
 * One HTTP request with exactly the given headers (no fetch: it would add or forbid some).
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string | number>, body?: string | Buffer, path?: string, timeoutMs?: number }} [options]
 *   path: raw request target sent as-is (for path-traversal tests); timeoutMs: fail instead of
 *   hanging when no complete response arrives (default 5000)
 * @returns {Promise<Reply>}
 */
export function request(url, options = {}) {
  const u = new URL(url);
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${options.method ?? 'GET'} ${options.path ?? u.pathname}: no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: options.method ?? 'GET',
        path: options.path ?? u.pathname + u.search,
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        /** @type {Buffer[]} */
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(options.body);
  });
}

/**
 * POSTs JSON (a value, or a raw string sent as-is).
 * @param {string} url
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function postJson(url, body, headers = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: text });
}

/**
 * A WebSocket client that records every message (arrays flattened into single messages).
 */
export class WsCollector extends EventEmitter {
  /** @param {WebSocket} ws */
  constructor(ws) {
    super();
    this.ws = ws;
    /** @type {{ topic: string, id?: string, data: any }[]} */
    this.messages = [];
    this.frames = 0;
    this.ended = false;
    /** @type {{ code: number, reason: string } | null} */
    this.closeInfo = null;
    ws.on('message', (raw) => {
      this.frames++;
      const parsed = JSON.parse(String(raw));
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        this.messages.push(m);
        this.emit('event', m);
      }
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: String(reason) };
      this.ended = true;
      this.emit('end');
    });
    ws.on('error', () => {});
  }

  get data() {
    return this.messages.filter((m) => !m.topic.startsWith('pulse.'));
  }

  /**
   * @param {(m: { topic: string, id?: string, data: any }) => boolean} predicate
   * @param {number} [timeoutMs]
   */
  waitFor(predicate, timeoutMs = 5000) {
    return waitUntil(this, 'event', () => this.messages.find(predicate), timeoutMs, 'a WebSocket message');
  }

  /** @param {number} n @param {number} [timeoutMs] */
  waitForData(n, timeoutMs = 5000) {
    return waitUntil(this, 'event', () => (this.data.length >= n ? this.data.slice(0, n) : null), timeoutMs, `${n} WebSocket data messages (have ${this.data.length})`);
  }

  /** @param {number} [timeoutMs] */
  waitForClose(timeoutMs = 5000) {
    return waitUntil(this, 'end', () => this.closeInfo, timeoutMs, 'the WebSocket to close');
  }

  close() {
    this.ws.terminate();
  }
}

/**
 * Opens a WebSocket; resolves when open, rejects with the HTTP status on a refused upgrade.
 * @param {string} url ws:// URL
 * @param {Record<string, string>} [headers]
 * @returns {Promise<WsCollector>}
 */
export function openWs(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const collector = new WsCollector(ws);
    ws.once('open', () => resolve(collector));
    ws.once('unexpected-response', (_req, res) => {
      const err = Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, headers: res.headers });
      res.resume();
      reject(err);
    });
    ws.once('error', reject);
  });
}

/**
 * Publishes `n` events on `topic` with payload `{ n: i }` and returns their ids.
 * @param {import('../../server/stream-hub.js').StreamHub} hub
 * @param {string} topic
 * @param {number} n
 * @param {number} [from]
 */
export function publishMany(hub, topic, n, from = 0) {
  const ids = [];
  for (let i = from; i < from + n; i++) ids.push(hub.publish(topic, { n: i }));
  return ids;
}

/**
 * Resolves when `check()` becomes truthy, checking every few milliseconds (for state that emits
 * no event, such as server-side counters); rejects after `timeoutMs`.
 * @template T
 * @param {() => T | undefined | null | false} check
 * @param {number} timeoutMs
 * @param {string} what
 * @returns {Promise<T>}
 */
export async function eventually(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Opens a WebSocket expecting a refusal. Resolves with what a client sees: `{ status }` when
 * the upgrade was answered with an HTTP error, or `{ code, reason, messages }` when it was
 * accepted and then closed (access refusals, so browsers learn why).
 * @param {string} url ws:// URL
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ status?: number, code?: number, reason?: string, messages: { topic: string, data: any }[] }>}
 */
export function wsRefusal(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    /** @type {{ topic: string, data: any }[]} */
    const messages = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${url}: neither refused nor closed within 5 s`));
    }, 5000);
    ws.on('message', (raw) => messages.push(JSON.parse(String(raw))));
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      res.resume();
      resolve({ status: res.statusCode, messages });
    });
    ws.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: String(reason), messages });
    });
    ws.on('error', () => {});
  });
}
