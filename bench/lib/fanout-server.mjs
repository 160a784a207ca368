// Child process for scenario 5: a fan-out server plus an in-process publisher at a fixed rate.
//   argv[2] = ours  -> the reference server, createServer() from server/app.js, with its demo
//                      sources off; events go through its StreamHub like /ingest's do
//   argv[3] = most clients at once (default 5000; the connections scenario asks for more)
//   argv[2] = naive -> the baseline: a plain node:http SSE broadcaster that, every 10 ms tick,
//                      res.write()s that tick's events to every client (no cursor, no
//                      backpressure: a client that does not read grows the server's memory)
// Talks to the harness over IPC: {type:'publish', rate, topics?} / {type:'stats'} / {type:'stop'}, and
// {type:'profile-start'} / {type:'profile-stop'} -> {type:'profile', profile} (node:inspector, in
// this process, so the profile covers exactly the measured window).
// Payload: {"ts": <publish epoch ms>, "seq": n, "pad": "..."} so clients can compute latency.
// Topics: `bench` for every event, or with `topics: N` the events take turns over `bench.0` ..
// `bench.<N-1>` (the connections scenario's "spread" pattern: each client watches its own topic).
import http from 'node:http';
import { Session } from 'node:inspector';

const mode = process.argv[2] ?? 'ours';
const maxClients = Number(process.argv[3] ?? 5000);
const PAD = 'x'.repeat(60); // ~100-byte payloads, like a small metric or log event
let publish;
let clientCount;
let sentTotal = () => NaN;
let buffered = () => NaN;
let blocked = () => NaN;
let lag = () => NaN;
let dropped = () => NaN;
let port;
let endTick = () => {};

if (mode === 'ours') {
  const { createServer } = await import('../../server/app.js');
  const app = createServer({
    port: 0,
    host: '127.0.0.1',
    hostMetrics: false,
    simulate: false,
    requestLog: false,
    thresholdAlerts: false,
    maxClients,
  });
  const url = await app.listen(0, '127.0.0.1');
  port = Number(new URL(url).port);
  publish = (data, topic) => app.hub.publish(topic, data);
  clientCount = () => app.context.sse.size;
  sentTotal = () => [...app.context.sse].reduce((a, c) => a + c.sent, 0);
  dropped = () => app.hub.droppedClients;
  buffered = () => [...app.context.sse].reduce((a, c) => a + (c.res.writableLength ?? 0) + (c.res.socket?.writableLength ?? 0), 0);
  // clients whose socket is full (waiting for 'drain': the CLIENT is slow) and how far behind the
  // newest event the cursors are on average (large lag while not blocked: the SERVER is slow)
  blocked = () => [...app.context.sse].filter((c) => c.blocked).length;
  lag = () => {
    const all = [...app.context.sse];
    return all.length ? all.reduce((a, c) => a + (app.hub.lastId - c.cursor), 0) / all.length : 0;
  };
} else {
  const clients = new Set();
  /** topic -> the clients that asked for it (`?topics=a,b`), as a hand-written server keeps them */
  const byTopic = new Map();
  let id = 0;
  const server = http.createServer((req, res) => {
    if (!req.url.startsWith('/events')) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write('retry: 2000\n\n');
    const topics = (new URL(req.url, 'http://x').searchParams.get('topics') ?? 'bench').split(',');
    clients.add(res);
    for (const t of topics) (byTopic.get(t) ?? byTopic.set(t, new Set()).get(t)).add(res);
    res.on('close', () => {
      clients.delete(res);
      for (const t of topics) byTopic.get(t)?.delete(res);
    });
  });
  server.maxConnections = maxClients + 100;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  port = server.address().port;
  /** topic -> this tick's frames for it */
  const pending = new Map();
  publish = (data, topic) => {
    pending.set(topic, (pending.get(topic) ?? '') + `id: ${++id}\nevent: ${topic}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  endTick = () => {
    for (const [topic, frame] of pending) for (const res of byTopic.get(topic) ?? []) res.write(frame);
    pending.clear();
  };
  clientCount = () => clients.size;
  buffered = () => [...clients].reduce((a, res) => a + res.writableLength, 0);
  blocked = () => [...clients].filter((res) => res.writableNeedDrain).length;
}

let timer;
let profiler = null;
let seq = 0;
let published = 0;
process.on('message', (msg) => {
  if (msg.type === 'publish') {
    clearInterval(timer);
    const started = performance.now();
    const base = published;
    timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * msg.rate) - (published - base);
      for (let i = 0; i < due; i++) {
        const topic = msg.topics ? `bench.${seq % msg.topics}` : 'bench';
        publish({ ts: Date.now(), seq: seq++, pad: PAD }, topic);
        published++;
      }
      endTick();
    }, 10);
  } else if (msg.type === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    profiler.post('Profiler.enable', () => profiler.post('Profiler.start'));
  } else if (msg.type === 'profile-stop') {
    profiler?.post('Profiler.stop', (err, res) => {
      process.send({ type: 'profile', profile: err ? null : res.profile });
      profiler.disconnect();
      profiler = null;
    });
  } else if (msg.type === 'stop') {
    clearInterval(timer);
  } else if (msg.type === 'stats') {
    // --expose-gc (connections scenario): memory read after a full collection, garbage left out
    if (msg.gc) globalThis.gc?.();
    process.send({
      type: 'stats',
      published,
      clients: clientCount(),
      sentTotal: sentTotal(),
      droppedClients: dropped(),
      bufferedMB: buffered() / 1024 / 1024,
      blockedClients: blocked(),
      cursorLag: lag(),
      cpu: process.cpuUsage(),
      rssMB: process.memoryUsage().rss / 1024 / 1024,
      heapMB: process.memoryUsage().heapUsed / 1024 / 1024,
      at: performance.now(),
    });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port, pid: process.pid });
