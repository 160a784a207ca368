// CORS allow-list. Default (empty list): same-origin only. `*` must be asked for explicitly.

const ALLOW_METHODS = 'GET, HEAD, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Last-Event-ID, Content-Type';
const EXPOSE_HEADERS = 'Retry-After';

/**
 * Normalises an allow-list entry to the form browsers send in `Origin` (`scheme://host[:port]`).
 * @param {string} origin
 */
export function normalizeOrigin(origin) {
  if (origin === '*' || origin === 'null') return origin;
  let url;
  try {
    url = new URL(origin);
  } catch {
    throw new RangeError(`not an origin: ${JSON.stringify(origin)} (expected e.g. https://dash.example.com)`);
  }
  if (url.origin === 'null') throw new RangeError(`not an http(s) origin: ${JSON.stringify(origin)}`);
  return url.origin;
}

/**
 * @typedef {object} CorsDecision
 * @property {string | null} origin the request's Origin header
 * @property {boolean} sameOrigin Origin names the host the request was sent to
 * @property {boolean} allowed Origin is absent, same-origin or on the allow-list
 * @property {Record<string, string>} headers response headers to add
 */

/**
 * @param {string[]} allowList exact origins, or `*`
 */
export function createCors(allowList) {
  const any = allowList.includes('*');
  const exact = new Set(allowList.filter((o) => o !== '*').map(normalizeOrigin));

  /**
   * @param {import('node:http').IncomingMessage} req
   * @returns {CorsDecision}
   */
  function evaluate(req) {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : null;
    /** @type {Record<string, string>} */
    const headers = {};
    if (allowList.length > 0 && !any) headers.Vary = 'Origin';
    if (origin === null) return { origin, sameOrigin: false, allowed: true, headers };
    const sameOrigin = isSameOrigin(origin, req.headers.host);
    if (exact.has(origin)) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Allow-Credentials'] = 'true';
      headers['Access-Control-Expose-Headers'] = EXPOSE_HEADERS;
      return { origin, sameOrigin, allowed: true, headers };
    }
    if (any) {
      headers['Access-Control-Allow-Origin'] = '*';
      headers['Access-Control-Expose-Headers'] = EXPOSE_HEADERS;
      return { origin, sameOrigin, allowed: true, headers };
    }
    return { origin, sameOrigin, allowed: sameOrigin, headers };
  }

  /**
   * Answers an OPTIONS request (preflights are not authenticated: browsers never send
   * credentials on them). 204 with the CORS headers for allowed origins, 403 otherwise.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  function preflight(req, res) {
    const decision = evaluate(req);
    if (decision.origin !== null && !decision.allowed) {
      res.writeHead(403, { ...decision.headers, 'Content-Length': 0 });
      res.end();
      return;
    }
    const headers = { ...decision.headers, Allow: ALLOW_METHODS, 'Content-Length': '0' };
    if (decision.origin !== null && headers['Access-Control-Allow-Origin']) {
      headers['Access-Control-Allow-Methods'] = ALLOW_METHODS;
      headers['Access-Control-Allow-Headers'] = ALLOW_HEADERS;
      headers['Access-Control-Max-Age'] = '600';
    }
    res.writeHead(204, headers);
    res.end();
  }

  return { evaluate, preflight };
}

/**
 * @param {string} origin
 * @param {string | undefined} host the Host header
 */
export function isSameOrigin(origin, host) {
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
