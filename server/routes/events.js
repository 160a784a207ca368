// GET /events: the Server-Sent Events stream.
import { SseClient } from '../sse-client.js';
import { parseTopicFilter } from '../topics.js';
import { HttpError, sendError } from '../http-util.js';

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URLSearchParams} query
 * @param {Record<string, string>} corsHeaders
 */
export function handleEvents(ctx, req, res, query, corsHeaders) {
  const filter = parseTopicFilter(query.get('topics'), { stats: ctx.topicPatterns });
  // With the CORS headers, so a cross-origin page sees the status (and stops, or waits) instead of a network error.
  if (filter.error) return sendError(res, new HttpError(400, filter.error, { field: 'topics', headers: corsHeaders }));
  const principal = ctx.principalOf(req);
  const scope = ctx.access.scopeStream(principal, filter.topics);
  if (ctx.clientCount() >= ctx.options.maxClients) return ctx.rejectFull(res, corsHeaders);
  const release = ctx.access.acquireStream(principal);
  const header = req.headers['last-event-id'];
  const lastEventId = typeof header === 'string' ? header : query.get('lastEventId');
  const point = ctx.resume(lastEventId, principal.everyTopic ? null : principal.canSubscribe);
  // Cluster mode finds the resume point in Redis (server/cluster/): asynchronously.
  if (point instanceof Promise) {
    return point.then(
      (p) => (res.destroyed ? release() : start(p)),
      () => {
        release();
        ctx.rejected.unavailable++;
        // With the CORS headers: a cross-origin page must be able to read the Retry-After.
        sendError(res, new HttpError(503, 'redis unavailable: cannot find the resume point', { headers: { ...corsHeaders, 'Retry-After': String(ctx.options.retryAfterSec) } }));
      },
    );
  }
  start(point);

  /** @param {import('../stream-hub.js').ResumePoint} resumePoint */
  function start({ cursor, gap, helloId: resumeHelloId, catchUp }) {
    const client = new SseClient(ctx.hub, res, {
      topics: scope.topics,
      visible: scope.visible,
      expiresAt: principal.expiresAt,
      cursor,
      archive: ctx.archive,
      chunkBytes: ctx.options.chunkBytes,
      stallTimeoutMs: ctx.options.stallTimeoutMs,
      onClose: () => {
        ctx.sse.delete(client);
        release();
      },
    });
    ctx.sse.add(client);
    const hello = resumeHelloId !== undefined ? resumeHelloId : helloId(lastEventId, cursor, ctx.hub.lastId);
    client.start({
      retryMs: ctx.options.retryMs,
      hello: ctx.hello(scope),
      helloId: hello,
      gap,
      headers: corsHeaders,
      snapshot: ctx.snapshotFor(lastEventId, scope.topics, scope.visible),
      source: ctx.sourceFor(scope.topics, scope.visible),
      attach: !catchUp,
    });
    catchUp?.(client);
  }
}

/**
 * The id `pulse.hello` carries: the cursor, so a client cut before its first event resumes from
 * there (without it the client resumes live-only and misses what was published meanwhile, and
 * with --data it would be sent the state snapshot again). None when the client's id is above
 * anything published (the server restarted): it keeps its own id, so it still notices the restart.
 * @param {string | null | undefined} lastEventId
 * @param {number} cursor
 * @param {number} lastId
 * @returns {string | null}
 */
export function helloId(lastEventId, cursor, lastId) {
  const presented = typeof lastEventId === 'string' ? lastEventId.trim() : '';
  if (/^\d{1,15}$/.test(presented) && Number(presented) > lastId) return null;
  return String(cursor);
}
