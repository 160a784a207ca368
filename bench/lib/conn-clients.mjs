// Child process for the connections scenario: many idle SSE clients on raw TCP sockets (no
// node:http, no parser: a socket, one request line, a byte scan), so that 10,000 of them fit in
// one small process and the server is what we measure.
//  - counts events by the `"ts":` marker of each payload; latency: receive time minus the publish
//    time of the first event of the read, charged to every event of the read (an upper bound),
//    histogram in 1 ms buckets;
//  - connects from `localAddress` (a 127.x.y.z of its own) so two runs in a row, or two client
//    processes, never run out of ephemeral ports on one loopback address.
// IPC: {type:'connect', host, port, path, n, first, localAddress} -> {type:'connected', ok, failed}
//      (`{i}` in path becomes the client's number, `first` + its index here: one topic per client);
//      {type:'reset'}; {type:'report'} -> {type:'report', ...}; {type:'close'}.
import net from 'node:net';
import { MARK, MAX_MS, percentileOf, tsAt } from './latency-marks.mjs';

let hist = new Uint32Array(MAX_MS + 1);
/** @type {{ socket: net.Socket, events: number, ok: boolean, closed: boolean }[]} */
const clients = [];
let resetAt = performance.now();


function onData(client, chunk) {
  if (!client.ok) {
    // The status line comes first, in the first read.
    client.ok = chunk.subarray(0, 12).toString('latin1') === 'HTTP/1.1 200';
    if (!client.ok) client.status = chunk.subarray(0, 40).toString('latin1').split('\r\n')[0];
    client.ready?.();
    client.ready = null;
  }
  const now = Date.now();
  let i = chunk.indexOf(MARK);
  if (i < 0) return;
  const firstTs = tsAt(chunk, i);
  let n = 0;
  while (i >= 0) {
    n++;
    i = chunk.indexOf(MARK, i + MARK.length);
  }
  client.events += n;
  if (firstTs) hist[Math.max(0, Math.min(MAX_MS, now - firstTs))] += n;
}

function open({ host, port, path, localAddress }, i) {
  return new Promise((resolve) => {
    const client = { socket: null, events: 0, ok: false, closed: false, status: null, ready: () => resolve(client) };
    const socket = net.connect({ host, port, localAddress });
    client.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(`GET ${path.replace('{i}', String(i))} HTTP/1.1\r\nHost: ${host}:${port}\r\nAccept: text/event-stream\r\n\r\n`));
    socket.on('data', (chunk) => onData(client, chunk));
    const gone = (e) => {
      client.closed = true;
      if (e?.code) client.status ??= e.code;
      client.ready?.();
      client.ready = null;
    };
    socket.on('error', gone);
    socket.on('close', gone);
    clients.push(client);
  });
}


process.on('message', async (msg) => {
  if (msg.type === 'connect') {
    // 200 handshakes in flight at a time: well inside the listen backlog.
    const all = [];
    for (let i = 0; i < msg.n; i += 200) {
      const batch = [];
      for (let j = i; j < Math.min(msg.n, i + 200); j++) batch.push(open(msg, (msg.first ?? 0) + j));
      all.push(...(await Promise.all(batch)));
    }
    const failed = all.filter((c) => !c.ok);
    process.send({ type: 'connected', ok: all.length - failed.length, failed: failed.map((c) => c.status).slice(0, 3) });
  } else if (msg.type === 'reset') {
    hist = new Uint32Array(MAX_MS + 1);
    for (const c of clients) c.events = 0;
    resetAt = performance.now();
  } else if (msg.type === 'report') {
    const seconds = (performance.now() - resetAt) / 1000;
    const live = clients.filter((c) => c.ok);
    const rates = live.map((c) => c.events / seconds).sort((a, b) => a - b);
    let counted = 0;
    for (let i = 0; i <= MAX_MS; i++) counted += hist[i];
    process.send({
      type: 'report',
      seconds,
      clients: live.length,
      closedClients: live.filter((c) => c.closed).length,
      events: live.reduce((a, c) => a + c.events, 0),
      perClientMin: rates[0],
      hist: Array.from(hist.subarray(0, 2001)), // merged by the harness across client processes
      over2s: counted - hist.subarray(0, 2001).reduce((a, b) => a + b, 0),
      latencyP99: percentileOf(hist, 99, counted),
      cpu: process.cpuUsage(),
      rssMB: process.memoryUsage().rss / 1024 / 1024,
    });
  } else if (msg.type === 'close') {
    for (const c of clients) c.socket.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
