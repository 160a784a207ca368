// GET /ws: the same stream over WebSocket (`ws` package, upgrade handled by our HTTP server).
import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import { WsClient } from '../ws-client.js';
import { parseTopicFilter } from '../topics.js';
import { rawPath } from '../http-util.js';
import { UNAUTHORIZED_HEADERS } from '../auth.js';
import { helloId } from './events.js';

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
   * @returns {number} the status answered (101 when upgraded)
   */
  function handleUpgrade(req, socket, head) {
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
    if (!ctx.authorize(req, query)) return reject(401, 'unauthorized', 'unauthorized', UNAUTHORIZED_HEADERS);
    const filter = parseTopicFilter(query.get('topics'), { stats: ctx.topicPatterns });
    if (filter.error) return reject(400, filter.error, 'badRequest');
    if (ctx.clientCount() >= ctx.options.maxClients) return reject(503, 'too many clients', 'tooManyClients', { 'Retry-After': String(ctx.options.retryAfterSec) });
    const lastEventId = query.get('lastEventId');
    const point = ctx.resume(lastEventId);
    // Cluster mode finds the resume point in Redis (server/cluster/): asynchronously.
    if (point instanceof Promise) {
      point.then(
        (p) => (socket.destroyed ? undefined : upgrade(p)),
        () => reject(503, 'redis unavailable: cannot find the resume point', 'unavailable', { 'Retry-After': String(ctx.options.retryAfterSec) }),
      );
      return 101;
    }
    upgrade(point);
    return 101;

    /** @param {import('../stream-hub.js').ResumePoint} resumePoint */
    function upgrade({ cursor, gap, helloId: resumeHelloId, catchUp }) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const client = new WsClient(ctx.hub, ws, {
          topics: filter.topics,
          cursor,
          archive: ctx.archive,
          chunkBytes: ctx.options.chunkBytes,
          stallTimeoutMs: ctx.options.stallTimeoutMs,
          onClose: () => {
            ctx.ws.delete(client);
          },
        });
        ctx.ws.add(client);
        const hello = resumeHelloId !== undefined ? resumeHelloId : helloId(lastEventId, cursor, ctx.hub.lastId);
        client.start({ hello: ctx.hello(), helloId: hello, gap, snapshot: ctx.snapshotFor(lastEventId, filter.topics), controls: ctx.controlsFor(filter.topics), attach: !catchUp });
        catchUp?.(client);
      });
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
