// GET /ws: the same stream over WebSocket (`ws` package, upgrade handled by our HTTP server).
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import { WsClient } from '../ws-client.js';
import { parseTopicFilter } from '../topics.js';
import { HttpError, rawPath } from '../http-util.js';
import { helloId } from './events.js';

/**
 * Close codes for refusals a browser must be able to tell apart: it never sees the HTTP status
 * of a refused upgrade (only 1006, which looks like a network fault and invites retrying), so
 * access refusals accept the upgrade and close with one of these, the reason as close reason.
 * 4001 (token expired on an open stream) is in ws-client.js.
 */
export const CLOSE_CODES = Object.freeze({ 401: 4401, 403: 4403, 429: 4429, 503: 1013 });

/**
 * Answers an upgrade request with a plain HTTP error and closes the socket.
 * @param {import('node:stream').Duplex} socket
 * @param {number} status
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
export function rejectUpgrade(socket, status, message, headers = {}) {
  const body = JSON.stringify({ error: message }) + '\n';
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(lines.join('\r\n') + '\r\n\r\n' + body);
}

/**
 * @param {import('../app.js').ServerContext} ctx
 */
export function createWsRoute(ctx) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: ctx.options.wsMaxPayload,
    perMessageDeflate: false,
    clientTracking: false,
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   * @returns {Promise<number>} the status answered (101 when upgraded; an access refusal's own
   *   status when it was upgraded only to be closed with its close code)
   */
  async function handleUpgrade(req, socket, head) {
    socket.on('error', () => {});
    const path = rawPath(req.url);
    let query;
    try {
      query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    } catch {
      return reject(400, 'malformed request target', 'badRequest');
    }
    if (!ctx.hostAllowed(req.headers.host)) return reject(403, 'host not allowed', 'forbidden');
    if (path !== '/ws') return reject(404, 'not found', 'notFound');
    if (!ctx.cors.evaluate(req).allowed) return reject(403, 'origin not allowed', 'forbidden');
    const filter = parseTopicFilter(query.get('topics'), { stats: ctx.topicPatterns });
    if (filter.error) return reject(400, filter.error, 'badRequest');
    let principal;
    let scope;
    let release;
    try {
      principal = await ctx.access.authenticate(req, query, { path, websocket: true });
      scope = ctx.access.scopeStream(principal, filter.topics);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return refuse(err);
    }
    if (socket.destroyed) return 499; // gone while its token was checked
    if (ctx.clientCount() >= ctx.options.maxClients) return reject(503, 'too many clients', 'tooManyClients', { 'Retry-After': String(ctx.options.retryAfterSec) });
    try {
      release = ctx.access.acquireStream(principal);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return refuse(err);
    }
    const lastEventId = query.get('lastEventId');
    const point = ctx.resume(lastEventId, principal.everyTopic ? null : principal.canSubscribe);
    // Cluster mode finds the resume point in Redis (server/cluster/): asynchronously.
    if (point instanceof Promise) {
      point.then(
        (p) => {
          if (socket.destroyed) release();
          else upgrade(p);
        },
        () => {
          release();
          reject(503, 'redis unavailable: cannot find the resume point', 'unavailable', { 'Retry-After': String(ctx.options.retryAfterSec) });
        },
      );
      return 101;
    }
    upgrade(point);
    return 101;

    /** @param {import('../stream-hub.js').ResumePoint} resumePoint */
    function upgrade({ cursor, gap, helloId: resumeHelloId, catchUp }) {
      const visible = scope.visible;
      const expiresAt = principal.expiresAt;
      // ws answers a malformed handshake (no Sec-WebSocket-Key, a bad version) itself, and drops
      // a socket gone meanwhile, without calling back: the stream slot taken for it goes back then.
      let upgraded = false;
      socket.once('close', () => {
        if (!upgraded) release();
      });
      wss.handleUpgrade(req, socket, head, (ws) => {
        upgraded = true;
        const client = new WsClient(ctx.hub, ws, {
          topics: scope.topics,
          visible,
          expiresAt,
          cursor,
          archive: ctx.archive,
          chunkBytes: ctx.options.chunkBytes,
          stallTimeoutMs: ctx.options.stallTimeoutMs,
          onClose: () => {
            ctx.ws.delete(client);
            release();
          },
        });
        ctx.ws.add(client);
        const hello = resumeHelloId !== undefined ? resumeHelloId : helloId(lastEventId, cursor, ctx.hub.lastId);
        client.start({
          hello: ctx.hello(scope),
          helloId: hello,
          gap,
          snapshot: ctx.snapshotFor(lastEventId, scope.topics, visible),
          source: ctx.sourceFor(scope.topics, visible),
          attach: !catchUp,
        });
        catchUp?.(client);
      });
    }

    /**
     * An access refusal (401, 403, 429, 503): upgraded, then closed with its close code and the
     * message as reason, so a browser learns why instead of retrying blindly.
     * @param {HttpError} err
     */
    function refuse(err) {
      const counter = /** @type {Record<number, keyof import('../app.js').Rejections>} */ ({ 401: 'unauthorized', 403: 'forbidden', 429: 'rateLimited' })[err.status];
      const code = /** @type {Record<number, number>} */ (CLOSE_CODES)[err.status];
      if (!code || socket.destroyed) return reject(err.status, err.message, counter, err.headers);
      if (counter) ctx.rejected[counter]++;
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Close reasons are limited to 123 bytes.
        ws.close(code, Buffer.from(err.message).subarray(0, 123).toString().replace(/\uFFFD$/, ''));
        setTimeout(() => ws.terminate(), 1000).unref();
      });
      return err.status;
    }

    /**
     * @param {number} status
     * @param {string} message
     * @param {keyof import('../app.js').Rejections} [counter]
     * @param {Record<string, string>} [headers]
     */
    function reject(status, message, counter, headers) {
      if (counter) ctx.rejected[counter]++;
      rejectUpgrade(socket, status, message, headers);
      return status;
    }
  }

  return { wss, handleUpgrade };
}
