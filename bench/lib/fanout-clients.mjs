// Child process for scenario 5: N raw SSE clients in one process (node:http, no parser library;
// the cheapest client we can write, so the server is what we measure).
//  - counts events by the `"ts":` marker of each payload (split across chunks handled);
//  - latency: on each chunk, receive time minus the publish time of the chunk's FIRST event (the
//    oldest in the chunk), charged to every event in the chunk: an upper bound per event;
//    histogram in 1 ms buckets;
//  - `slow` clients send the request, read the headers, then pause their socket and never read:
//    the server's buffer for them fills up.
//  - reader 'http' (default): node:http; 'raw': a socket, one request line and the same byte
//    scan (chunk headers never hold the marker), a few times cheaper per read, so less of the
//    latency measured is the load generator's own queue on a small machine.
// IPC: {type:'connect', url, n, slow, reader} -> {type:'connected', ok, failed}; {type:'reset'};
//      {type:'report'} -> {type:'report', ...}; {type:'close'}.
import http from 'node:http';
import net from 'node:net';
import { MARK, MAX_MS, percentileOf, tsAt } from './latency-marks.mjs';

let hist = new Uint32Array(MAX_MS + 1);
const clients = [];
let resetAt = performance.now();


function onChunk(client, chunk) {
  const now = Date.now();
  let n = 0;
  let firstTs = 0;
  // A marker split across the previous chunk and this one: look at the seam only (no copying).
  if (client.carry) {
    const seam = Buffer.concat([client.carry, chunk.subarray(0, MARK.length - 1)]);
    if (seam.indexOf(MARK) >= 0) n++;
  }
  let i = chunk.indexOf(MARK);
  if (i >= 0 && n === 0) firstTs = tsAt(chunk, i);
  while (i >= 0) {
    n++;
    i = chunk.indexOf(MARK, i + MARK.length);
  }
  client.carry = chunk.length >= MARK.length - 1 ? chunk.subarray(chunk.length - (MARK.length - 1)) : null;
  client.chunks++;
  if (n === 0) return;
  client.events += n;
  if (firstTs) hist[Math.max(0, Math.min(MAX_MS, now - firstTs))] += n;
}

/** A raw-socket reader: the status line from the first read, then every read scanned as is. */
function openRaw(url, slow) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const client = { events: 0, chunks: 0, carry: null, slow, ok: false, closed: false, req: null };
    const socket = net.connect(Number(u.port), u.hostname);
    client.req = socket;
    let head = true;
    socket.on('connect', () => socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk) => {
      if (head) {
        head = false;
        client.ok = chunk.subarray(0, 12).toString('latin1') === 'HTTP/1.1 200';
        client.status = chunk.subarray(9, 12).toString('latin1');
        resolve(client);
        if (slow) return socket.pause();
      }
      onChunk(client, chunk);
    });
    const gone = (e) => {
      if (e?.code) client.error ??= e.code;
      client.closed = true;
      resolve(client);
    };
    socket.on('error', gone);
    socket.on('close', gone);
    clients.push(client);
  });
}

function open(url, slow, reader) {
  if (reader === 'raw') return openRaw(url, slow);
  return new Promise((resolve) => {
    const client = { events: 0, chunks: 0, carry: null, slow, ok: false, closed: false, req: null };
    const req = http.get(url, { agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
      client.ok = res.statusCode === 200;
      client.status = res.statusCode;
      if (slow) {
        res.socket.pause();
        res.pause();
      } else {
        res.on('data', (chunk) => onChunk(client, chunk));
      }
      res.on('close', () => (client.closed = true));
      res.on('error', () => (client.closed = true));
      resolve(client);
    });
    client.req = req;
    req.on('error', (e) => {
      client.error = e.code ?? e.message;
      client.closed = true;
      resolve(client);
    });
    clients.push(client);
  });
}


process.on('message', async (msg) => {
  if (msg.type === 'connect') {
    const batch = [];
    for (let i = 0; i < msg.n; i++) {
      batch.push(open(msg.url, i < (msg.slow ?? 0), msg.reader));
      if (batch.length % 50 === 0) await Promise.all(batch.slice(-50));
    }
    const all = await Promise.all(batch);
    process.send({ type: 'connected', ok: all.filter((c) => c.ok).length, failed: all.filter((c) => !c.ok).map((c) => c.error ?? c.status).slice(0, 3) });
  } else if (msg.type === 'reset') {
    hist = new Uint32Array(MAX_MS + 1);
    for (const c of clients) c.events = c.chunks = 0;
    resetAt = performance.now();
  } else if (msg.type === 'report') {
    const seconds = (performance.now() - resetAt) / 1000;
    const normal = clients.filter((c) => !c.slow && c.ok);
    const rates = normal.map((c) => c.events / seconds).sort((a, b) => a - b);
    const total = normal.reduce((a, c) => a + c.events, 0);
    let counted = 0;
    for (let i = 0; i <= MAX_MS; i++) counted += hist[i];
    process.send({
      type: 'report',
      seconds,
      clients: normal.length,
      closedClients: normal.filter((c) => c.closed).length,
      slowClients: clients.filter((c) => c.slow).length,
      slowClosed: clients.filter((c) => c.slow && c.closed).length,
      totalEventsPerSec: total / seconds,
      chunksPerClientPerSec: normal.reduce((a, c) => a + c.chunks, 0) / seconds / Math.max(1, normal.length),
      perClientMin: rates[0],
      perClientMedian: rates[Math.floor(rates.length / 2)],
      latencyP50: percentileOf(hist, 50, counted),
      latencyP99: percentileOf(hist, 99, counted),
      latencyMax: percentileOf(hist, 100, counted),
      cpu: process.cpuUsage(),
    });
  } else if (msg.type === 'close') {
    for (const c of clients) c.req?.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
