// The bench's own HTTP server, run as a CHILD process so generating events never competes with
// the harness's event loop (which drives Chromium over CDP). It serves:
//   /dist/*   the built library (npm run build)
//   /uplot/*  node_modules/uplot/dist, for the raw-uPlot baseline
//   /pages/*  bench/pages
//   /sse      a Server-Sent Events generator: real bytes at a target rate, or a burst
//   /stats    what each /sse connection was sent and what it had to skip
// Prints `{"port": N}` on stdout when listening.
//
// /sse query parameters:
//   kind   log | metric (payload shape; default log)   topic  SSE event name (default logs)
//   rate   items per second (streaming mode)            batch  items per SSE event (1 = a bare
//          payload, >1 = a JSON array: a batch)
//   count  burst mode: send this many items as fast as the socket takes them, then idle
//   conn   a label for /stats
//   topics N: spread the items over N topics, `<topic>0` .. `<topic>N-1` in turn (a wall of
//          gauges on one stream); with kind=gauge each topic's value is a random walk in 0-100
// In streaming mode the generator honours backpressure: when more than 2 MB wait in the socket
// buffer it skips the tick's items and counts them as `skipped`, so a client that cannot keep up
// shows as a delivered rate below target instead of unbounded memory here.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const mounts = {
  '/dist/': join(root, 'dist'),
  '/uplot/': join(root, 'node_modules/uplot/dist'),
  '/pages/': join(root, 'bench/pages'),
};
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.map': 'application/json', '.json': 'application/json' };

const LEVELS = ['info', 'info', 'info', 'debug', 'warn', 'info', 'error', 'info'];
const PATHS = ['/api/v1/items', '/api/v1/users', '/healthz', '/api/v1/orders', '/static/app.js'];
let seq = 0;
function logPayload(i, ts) {
  const level = LEVELS[i % LEVELS.length];
  const path = PATHS[i % PATHS.length];
  return `{"ts":${ts},"level":"${level}","source":"api-${i % 7}","message":"GET ${path}/${i % 9973} ${level === 'error' ? 500 : 200} ${(i * 7) % 250}ms req=${(i * 2654435761 >>> 0).toString(16)}"}`;
}
function metricPayload(i, ts) {
  return `{"ts":${ts},"value":${((i * 37) % 1000) / 10}}`;
}
/** Per topic index: a walk of a few percent per step, as a host metric moves (kind=gauge). */
const walks = [];
function gaugePayload(i, ts, topicIndex) {
  let v = walks[topicIndex] ?? (walks[topicIndex] = Math.random() * 100);
  v += (Math.random() - 0.5) * 5;
  if (v < 0) v = -v;
  if (v > 100) v = 200 - v;
  walks[topicIndex] = v;
  return `{"ts":${ts},"value":${v.toFixed(2)}}`;
}

/** `items` payloads as SSE events of `batch` items each. */
function encode(kind, topic, items, batch, ts, topics = 0) {
  const make = kind === 'metric' ? metricPayload : kind === 'gauge' ? gaugePayload : logPayload;
  let out = '';
  for (let i = 0; i < items; ) {
    const n = Math.min(batch, items - i);
    let data;
    if (topics > 0) {
      const t = seq % topics; // one item per event, each topic in turn
      seq += 1;
      i += 1;
      out += `id: ${seq}\nevent: ${topic}${t}\ndata: ${make(seq, ts, t)}\n\n`;
      continue;
    }
    if (batch === 1) data = make(seq, ts);
    else {
      const parts = new Array(n);
      for (let k = 0; k < n; k++) parts[k] = make(seq + k, ts);
      data = `[${parts.join(',')}]`;
    }
    seq += n;
    i += n;
    out += `id: ${seq}\nevent: ${topic}\ndata: ${data}\n\n`;
  }
  return out;
}

const connections = new Map();
let nextConn = 0;

function sse(req, res, url) {
  const kind = url.searchParams.get('kind') ?? 'log';
  const topic = url.searchParams.get('topic') ?? 'logs';
  const rate = Number(url.searchParams.get('rate') ?? 1000);
  const batch = Math.max(1, Number(url.searchParams.get('batch') ?? 1));
  const count = url.searchParams.has('count') ? Number(url.searchParams.get('count')) : undefined;
  const label = url.searchParams.get('conn') ?? `c${nextConn++}`;
  const topics = Math.max(0, Math.floor(Number(url.searchParams.get('topics') ?? 0)) || 0);
  const stat = { label, kind, rate, batch, sent: 0, skipped: 0, startedAt: Date.now(), closedAt: 0 };
  connections.set(label, stat);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' });
  res.write(': bench\n\n');
  let timer;
  const stop = () => {
    clearInterval(timer);
    stat.closedAt = Date.now();
  };
  req.on('close', stop);
  res.on('error', stop);

  if (count !== undefined) {
    // Burst: pre-encode in chunks of ~64 KB and write as fast as the socket drains.
    const perChunk = Math.max(batch, Math.floor(65536 / (kind === 'metric' ? 60 : 170) / batch) * batch);
    const pump = () => {
      while (stat.sent < count) {
        const n = Math.min(perChunk, count - stat.sent);
        stat.sent += n;
        if (!res.write(encode(kind, topic, n, batch, Date.now()))) return void res.once('drain', pump);
      }
    };
    pump();
    return;
  }

  const started = performance.now();
  const TICK = 10;
  timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * rate) - stat.sent - stat.skipped;
    if (due <= 0) return;
    if (res.writableLength > 2 * 1024 * 1024) {
      stat.skipped += due;
      return;
    }
    stat.sent += due;
    res.write(encode(kind, topic, due, batch, Date.now(), topics));
  }, TICK);
}

function serveStatic(res, pathname) {
  if (pathname === '/dist/pulseboard.bundle.js' && process.env.BENCH_BUNDLE) return sendFile(res, process.env.BENCH_BUNDLE);
  const mount = Object.keys(mounts).find((m) => pathname.startsWith(m));
  if (!mount) return false;
  const file = normalize(join(mounts[mount], decodeURIComponent(pathname.slice(mount.length))));
  if (!file.startsWith(mounts[mount])) return false;
  return sendFile(res, file);
}

function sendFile(res, file) {
  try {
    const st = statSync(file);
    if (!st.isFile()) return false;
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': st.size, 'Cache-Control': 'no-store' });
    createReadStream(file).pipe(res);
    return true;
  } catch {
    return false;
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/sse') return sse(req, res, url);
  if (url.pathname === '/stats') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify(Object.fromEntries(connections)));
  }
  if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
  if (!serveStatic(res, url.pathname)) res.writeHead(404).end('not found');
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('disconnect', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
