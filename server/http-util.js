// Small helpers shared by the routes: JSON responses, bounded body reading, content types.

/** An error that maps to an HTTP status and a JSON body `{ error, index?, field? }`. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {{ index?: number, field?: string | null, headers?: Record<string, string>, counted?: boolean }} [details]
   *   counted: already counted in `rejected` (the app's per-status counter is skipped)
   */
  constructor(status, message, details = {}) {
    super(message);
    this.status = status;
    this.counted = details.counted ?? false;
    this.index = details.index;
    this.field = details.field;
    this.headers = details.headers ?? {};
  }

  toJSON() {
    /** @type {Record<string, unknown>} */
    const body = { error: this.message };
    if (this.index !== undefined) body.index = this.index;
    if (this.field !== undefined) body.field = this.field;
    return body;
  }
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string | number>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body) + '\n';
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(res.req?.method === 'HEAD' ? undefined : text);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {HttpError} error
 */
export function sendError(res, error) {
  sendJson(res, error.status, error.toJSON(), error.headers);
}

/**
 * True for `application/json` and `application/<something>+json`, with no charset or UTF-8.
 * @param {string | undefined} header
 */
export function isJsonContentType(header) {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return false;
  for (const p of params) {
    const [k, v] = p.split('=').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (k === 'charset' && v !== 'utf-8' && v !== 'utf8') return false;
  }
  return true;
}

/**
 * Reads the whole request body, refusing (413) as soon as it would exceed `limit` bytes.
 * On 413 the connection is marked to close so the rest of an oversized upload is not read.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<Buffer>}
 */
export function readBody(req, limit) {
  const tooLarge = () => new HttpError(413, `request body exceeds ${limit} bytes`, { headers: { Connection: 'close' } });
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let done = false;
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        req.off('data', onData);
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
    req.on('close', () => {
      if (!done && !req.complete) reject(new HttpError(400, 'request aborted'));
    });
  });
}

/**
 * Parses a JSON body; strips one UTF-8 BOM. Throws a 400 HttpError naming the problem.
 * @param {Buffer} body
 * @returns {unknown}
 */
export function parseJsonBody(body) {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new HttpError(400, 'empty body: expected JSON', { field: null });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `invalid JSON: ${/** @type {Error} */ (err).message}`, { field: null });
  }
}

/**
 * The path part of the raw request target, before any normalisation, or null when the target is
 * not origin-form (`/path?query`).
 * @param {string | undefined} target
 */
export function rawPath(target) {
  if (!target || target[0] !== '/') return null;
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/**
 * Thrown by a hub that cannot take writes right now (cluster mode with Redis down); routes
 * answer 503 with Retry-After and accept nothing (see acceptOr503).
 */
export class UnavailableError extends Error {}

/**
 * Runs a publish step; an UnavailableError becomes `503 {"error"}` with `Retry-After`, counted in
 * `rejected.unavailable`, so a sender retries instead of believing its events were stored.
 * @template T
 * @param {{ options: { retryAfterSec: number }, rejected: Record<string, number> }} ctx
 * @param {() => T | Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function acceptOr503(ctx, fn) {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof UnavailableError)) throw err;
    ctx.rejected.unavailable = (ctx.rejected.unavailable ?? 0) + 1;
    throw new HttpError(503, err.message, { headers: { 'Retry-After': String(ctx.options.retryAfterSec) }, counted: true });
  }
}
