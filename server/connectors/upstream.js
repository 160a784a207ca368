// HTTP requests from the server to the daemons it reads (Prometheus, scrape targets,
// Alertmanager): a timeout on every request, a bound on every response body, and errors worded
// for the person looking at the dashboard ("Prometheus unreachable", "Alertmanager answered 400:
// ..."), because that text is what `pulse.source` and the alert buttons show.

export class UpstreamError extends Error {
  /**
   * @param {string} message shown to people as it is
   * @param {number | null} status the upstream's HTTP status, null when it did not answer
   */
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * @typedef {object} UpstreamRequest
 * @property {string} name who is asked, for messages (`Prometheus`)
 * @property {string} [method] default GET
 * @property {Record<string, string>} [headers]
 * @property {string} [body]
 * @property {number} [timeoutMs] default 10 s
 * @property {number} [maxBytes] largest response body read (default 16 MiB)
 */

/**
 * @param {string | URL} url
 * @param {UpstreamRequest} request
 * @returns {Promise<{ status: number, headers: Headers, text: string }>} a 2xx answer
 * @throws {UpstreamError}
 */
export async function requestUpstream(url, request) {
  const { name, method = 'GET', headers = {}, body, timeoutMs = 10_000, maxBytes = 16 * 1024 * 1024 } = request;
  let res;
  try {
    res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    const e = /** @type {Error & { cause?: { code?: string } }} */ (err);
    if (e.name === 'TimeoutError') throw new UpstreamError(`${name} did not answer within ${Math.round(timeoutMs / 100) / 10} s`, null);
    const code = e.cause?.code;
    throw new UpstreamError(`${name} unreachable${code ? ` (${code})` : ''}`, null);
  }
  let text;
  try {
    text = await readText(res, maxBytes);
  } catch (err) {
    const e = /** @type {Error} */ (err);
    if (e instanceof UpstreamError) throw e;
    throw new UpstreamError(`${name} unreachable (${e.name === 'TimeoutError' ? 'timed out' : 'connection lost'} while answering)`, null);
  }
  if (res.status < 200 || res.status > 299) {
    throw new UpstreamError(`${name} answered ${res.status}${detail(text) ? `: ${detail(text)}` : ''}`, res.status);
  }
  return { status: res.status, headers: res.headers, text };
}

/**
 * The error text of an upstream answer: Prometheus' and Alertmanager's JSON `error`/`message`,
 * else the start of the body.
 * @param {string} text
 */
function detail(text) {
  try {
    const body = JSON.parse(text);
    if (body && typeof body.error === 'string') return body.error.slice(0, 300);
    if (body && typeof body.message === 'string') return body.message.slice(0, 300);
    if (typeof body === 'string') return body.slice(0, 300);
  } catch {
    /* not JSON */
  }
  return text.trim().split('\n')[0].slice(0, 300);
}

/**
 * @param {Response} res
 * @param {number} maxBytes
 */
async function readText(res, maxBytes) {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new UpstreamError(`answer larger than ${maxBytes} bytes`, res.status);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new UpstreamError(`answer larger than ${maxBytes} bytes`, res.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * Parses a JSON answer; a body that is not JSON is an UpstreamError naming the daemon.
 * @param {string} text
 * @param {string} name
 * @returns {any}
 */
export function upstreamJson(text, name) {
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamError(`${name} answered something that is not JSON`, 200);
  }
}
