// Static files: `/` is demo/index.html, `/demo/*` and `/dist/*` come from the package's demo/ and
// dist/ folders (located from this file, never from the working directory).
//
// Path safety: the raw request path is checked before anything touches the filesystem: NUL bytes,
// backslashes, encoded slashes, `.`/`..` segments (plain or percent-encoded) and empty segments are
// refused with 403; the joined path must stay inside its folder, and so must its real path
// (symlinks cannot lead out).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { HttpError } from '../http-util.js';

/** @type {Record<string, string>} */
export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const PLACEHOLDER = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pulseboard server</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#8882;padding:.1em .3em;border-radius:4px}</style>
<h1>Pulseboard server is running</h1>
<p>The demo dashboard has not been built yet: run <code>npm run build</code> in the repository, then reload.</p>
<p>The stream is live already: <a href="/events">/events</a> (Server-Sent Events), <code>/ws</code> (WebSocket), <a href="/health">/health</a>.</p>
</html>
`;

/**
 * Checks a URL path suffix and maps it under `base`. Throws 403 on anything traversal-like.
 * @param {string} base absolute folder
 * @param {string} rest raw (still percent-encoded) path below the folder, without leading slash
 * @returns {string} absolute file path inside `base`
 */
export function safeJoin(base, rest) {
  const forbidden = () => new HttpError(403, 'forbidden path');
  if (rest.includes('\0') || /%00|%2f|%5c/i.test(rest) || rest.includes('\\')) throw forbidden();
  let decoded;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in path', { field: null });
  }
  if (decoded.includes('\0') || decoded.includes('\\')) throw forbidden();
  const segments = decoded.split('/');
  if (segments.some((s, i) => s === '..' || s === '.' || (s === '' && i < segments.length - 1))) throw forbidden();
  if (/^[a-zA-Z]:/.test(decoded)) throw forbidden();
  const full = join(base, decoded);
  if (full !== base && !full.startsWith(base.endsWith(sep) ? base : base + sep)) throw forbidden();
  return full;
}

/**
 * @param {string} root package root
 */
export function createStaticRoute(root) {
  const demoDir = join(root, 'demo');
  const distDir = join(root, 'dist');

  /**
   * Serves the request if its path belongs to the static routes. Returns false when it does not.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {string} path raw request path
   * @param {Record<string, string>} headers extra response headers (CORS)
   * @returns {Promise<boolean>}
   */
  async function serveStatic(req, res, path, headers) {
    let base;
    let rest;
    if (path === '/' || path === '/index.html') {
      base = demoDir;
      rest = 'index.html';
    } else if (path.startsWith('/demo/') || path === '/demo') {
      base = demoDir;
      rest = path.slice('/demo/'.length);
    } else if (path.startsWith('/dist/')) {
      base = distDir;
      rest = path.slice('/dist/'.length);
    } else {
      if (path.split('/').some((s) => s === '..' || /^%2e%2e$/i.test(s))) throw new HttpError(403, 'forbidden path');
      return false;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, 'method not allowed', { headers: { Allow: 'GET, HEAD' } });
    }
    let file = safeJoin(base, rest === '' ? 'index.html' : rest);
    let st = await stat(file).catch(() => null);
    if (st?.isDirectory()) {
      file = join(file, 'index.html');
      st = await stat(file).catch(() => null);
    }
    if (!st || !st.isFile()) {
      if (path === '/' || path === '/index.html') {
        send(res, req, 200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }, PLACEHOLDER);
        return true;
      }
      throw new HttpError(404, 'not found');
    }
    const [realFile, realBase] = await Promise.all([realpath(file), realpath(base)]);
    if (!realFile.startsWith(realBase + sep)) throw new HttpError(403, 'forbidden path');

    const type = CONTENT_TYPES[file.endsWith('.d.ts') ? '.d.ts' : extname(file).toLowerCase()] ?? 'application/octet-stream';
    const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    const common = { ...headers, ETag: etag, 'Last-Modified': st.mtime.toUTCString(), 'Cache-Control': 'no-cache' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, common);
      res.end();
      return true;
    }
    res.writeHead(200, { ...common, 'Content-Type': type, 'Content-Length': st.size });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise((resolve) => {
      const stream = createReadStream(file);
      stream.on('error', () => {
        res.destroy();
        resolve(undefined);
      });
      res.on('close', () => {
        stream.destroy();
        resolve(undefined);
      });
      stream.pipe(res);
    });
    return true;
  }

  return { serveStatic, demoDir, distDir };
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {import('node:http').IncomingMessage} req
 * @param {number} status
 * @param {Record<string, string | number>} headers
 * @param {string} body
 */
function send(res, req, status, headers, body) {
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}
