// POST /v1/logs, /v1/metrics, /v1/traces: the OTLP/HTTP receiver (what an OpenTelemetry SDK's
// `exporter-*-otlp-http` / `-proto` or a Collector's `otlphttp` exporter sends to).
// Answers as the OTLP/HTTP spec says: 200 with an Export*ServiceResponse (with `partialSuccess`
// when some items could not be used) in the request's encoding; 400 with a google.rpc.Status for
// a body that cannot be decoded; 413 over the body limit (also after gunzip); 415 for other
// content types or encodings; 503 with Retry-After while too many OTLP requests are being
// worked on, or (cluster mode) while Redis cannot take them (the exporters retry then, and
// nothing of the request was kept). Access control as on /ingest: 401/403 when the sender may
// not publish the topics the payload feeds (nothing of it is published), 429 over its ingest rate.
// What is accepted takes the one write path (ctx.ingest): in a cluster, into the shared stream.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { HttpError, readBody, UnavailableError } from '../http-util.js';
import { decodeOtlp, encodeResponse, encodeStatus, OtlpDecodeError, PROTOBUF_HINT, protobufAvailable } from '../connectors/otlp/decode.js';
import { logEntries } from '../connectors/otlp/logs.js';

const gunzipAsync = promisify(gunzip);
/** Items per published batch: one SSE event stays a reasonable size. */
const BATCH = 500;

/** @typedef {import('../connectors/otlp/decode.js').Signal} Signal */

/**
 * @param {string | undefined} header
 * @returns {'json' | 'protobuf' | null}
 */
function encodingOf(header) {
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return null;
}

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Signal} signal
 * @param {Record<string, string>} headers CORS headers
 */
export async function handleOtlp(ctx, req, res, signal, headers) {
  let encoding = encodingOf(req.headers['content-type']);
  if (encoding === 'protobuf' && !protobufAvailable()) {
    // Said in JSON: without the protobuf classes this server cannot even encode a Status.
    encoding = 'json';
    req.resume();
    ctx.rejected.unsupportedMediaType++;
    const body = Buffer.from(JSON.stringify({ code: 3, message: PROTOBUF_HINT }));
    res.writeHead(415, { ...headers, 'Content-Type': 'application/json', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
    return res.end(body);
  }
  /** @type {keyof import('../app.js').Rejections | null} */
  let counted = null;
  const answer = (/** @type {number} */ status, /** @type {Buffer} */ body, /** @type {Record<string, string>} */ extra = {}) => {
    if (status >= 400) {
      const counter = counted ?? (status === 400 ? 'badRequest' : status === 413 ? 'bodyTooLarge' : status === 415 ? 'unsupportedMediaType' : status === 503 ? 'tooManyClients' : null);
      if (counter) ctx.rejected[counter]++;
    }
    res.writeHead(status, {
      ...headers,
      ...extra,
      'Content-Type': encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(body);
  };
  const fail = (/** @type {number} */ status, /** @type {number} */ code, /** @type {string} */ message, /** @type {Record<string, string>} */ extra = {}) =>
    answer(status, encodeStatus(encoding ?? 'json', code, message), extra);

  if (!encoding) return fail(415, 3, 'Content-Type must be application/json or application/x-protobuf');
  const principal = ctx.principalOf(req);
  /** Access refusals in the OTLP status body: UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED. */
  const refused = (/** @type {HttpError} */ err) => {
    req.resume();
    return fail(err.status, err.status === 401 ? 16 : err.status === 429 ? 8 : 7, err.message, err.headers);
  };
  try {
    ctx.access.checkPublisher(principal);
  } catch (err) {
    if (err instanceof HttpError) return refused(err);
    throw err;
  }
  const contentEncoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (contentEncoding !== 'gzip' && contentEncoding !== 'identity') return fail(415, 3, 'Content-Encoding must be gzip or none');
  const retry = { 'Retry-After': String(ctx.options.retryAfterSec) };
  /** UNAVAILABLE (14) with Retry-After: the store cannot take the request; nothing of it was kept. */
  const unavailable = (/** @type {string} */ message) => {
    counted = 'unavailable';
    return fail(503, 14, message, retry);
  };
  if (ctx.otlp.inFlight >= ctx.options.otlpMaxInFlight) {
    req.resume();
    return fail(503, 14, 'busy: too many OTLP requests at once, retry later', retry);
  }
  // Traces feed the agents board through the shared stream as they are read: refuse them whole
  // while it cannot be written (logs and metrics find out when their one write fails).
  if (ctx.cluster && !ctx.cluster.up && signal === 'traces') {
    req.resume();
    return unavailable('redis unavailable: nothing was accepted; retry later');
  }
  ctx.otlp.inFlight++;
  try {
    let body;
    try {
      body = await readBody(req, ctx.options.maxBody);
      if (contentEncoding === 'gzip') body = await gunzipAsync(body, { maxOutputLength: ctx.options.maxBody });
    } catch (err) {
      if (err instanceof HttpError) return fail(err.status, 3, err.message, err.status === 413 ? { Connection: 'close' } : {});
      const e = /** @type {NodeJS.ErrnoException} */ (err);
      if (e.code === 'ERR_BUFFER_TOO_LARGE') return fail(413, 3, `request body exceeds ${ctx.options.maxBody} bytes after gunzip`);
      return fail(400, 3, `body is not valid gzip: ${e.message}`);
    }
    let request;
    try {
      request = decodeOtlp(signal, body, encoding);
    } catch (err) {
      if (err instanceof OtlpDecodeError) return fail(400, 3, err.message);
      throw err;
    }
    /** Checked before anything is published: a refused request leaves nothing behind. */
    const allow = (/** @type {string[]} */ topics, /** @type {number} */ items) => {
      ctx.access.checkPublish(principal, topics);
      ctx.access.limitIngest(principal, req, items);
    };
    let result;
    try {
      result = await ingest(ctx, signal, request, allow);
    } catch (err) {
      if (err instanceof HttpError) return refused(err);
      if (err instanceof UnavailableError) return unavailable(err.message);
      throw err;
    }
    ctx.otlp.accepted[signal] += result.accepted;
    ctx.otlp.rejected[signal] += result.rejected;
    answer(200, encodeResponse(signal, encoding, result.rejected, result.reason));
  } finally {
    ctx.otlp.inFlight--;
  }
}

/**
 * @param {import('../app.js').ServerContext} ctx
 * @param {Signal} signal
 * @param {Record<string, any>} request
 * @param {(topics: string[], items: number) => void} allow throws when the sender may not publish these
 * @returns {Promise<{ accepted: number, rejected: number, reason: string }>}
 */
async function ingest(ctx, signal, request, allow) {
  const now = Date.now();
  if (signal === 'logs') {
    const { entries, rejected, reason } = logEntries(request, now);
    if (entries.length) allow(['logs'], entries.length);
    /** @type {import('../ingest-items.js').IngestItem[]} */
    const items = [];
    for (let i = 0; i < entries.length; i += BATCH) {
      const chunk = entries.slice(i, i + BATCH);
      items.push({ topic: 'logs', data: chunk.length === 1 ? chunk[0] : chunk });
    }
    if (items.length) await ctx.ingest(items, null);
    return { accepted: entries.length, rejected, reason };
  }
  if (signal === 'metrics') {
    const { topics, rejected, reason } = ctx.otlp.metrics.convert(request, now);
    if (topics.length) allow(topics.map((t) => t.topic), topics.length);
    if (topics.length) await ctx.ingest(topics.map(({ topic, payload }) => ({ topic, data: payload })), null);
    return { accepted: topics.length, rejected, reason };
  }
  // GenAI spans feed the agents board (topic `agents`, through the aggregator; in a cluster the
  // spans' agent events go through the stream to the lease holder's aggregator).
  allow(['agents'], 1);
  const { genai, rejected, reason } = ctx.otlp.traces.ingest(request);
  return { accepted: genai, rejected, reason };
}
