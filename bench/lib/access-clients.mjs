// Child process for the access scenario: raw node:http SSE clients.
//  - {type:'connects', url, n, concurrency, tokens?}: opens n streams, `concurrency` at a time,
//    each until its pulse.hello arrives, then closes it; replies {type:'connects', ok, failed, seconds}.
//    With `tokens`, stream i sends `Authorization: Bearer tokens[i % tokens.length]`.
//  - {type:'open', url, n, token?}: opens n streams that stay open and count their events;
//    {type:'report'} -> events per second since {type:'reset'}.
import http from 'node:http';

const MARK = Buffer.from('"ts":');
const streams = [];
let resetAt = performance.now();

function hello(url, token) {
  return new Promise((resolve) => {
    const headers = { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    const req = http.get(url, { agent: false, headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(false);
      }
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
        if (text.includes('event: pulse.hello')) {
          req.destroy();
          resolve(true);
        }
      });
      res.on('error', () => resolve(false));
    });
    req.on('error', () => resolve(false));
  });
}

process.on('message', async (msg) => {
  if (msg.type === 'connects') {
    let next = 0;
    let ok = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < msg.n) {
        const i = next++;
        if (await hello(msg.url, msg.tokens?.[i % msg.tokens.length])) ok++;
      }
    };
    await Promise.all(Array.from({ length: msg.concurrency }, worker));
    process.send({ type: 'connects', ok, failed: msg.n - ok, seconds: (performance.now() - started) / 1000 });
  } else if (msg.type === 'open') {
    const opened = [];
    for (let i = 0; i < msg.n; i++) {
      opened.push(
        new Promise((resolve) => {
          const s = { events: 0, ok: false };
          const headers = { Accept: 'text/event-stream', ...(msg.token ? { Authorization: `Bearer ${msg.token}` } : {}) };
          s.req = http.get(msg.url, { agent: false, headers }, (res) => {
            s.ok = res.statusCode === 200;
            res.on('data', (chunk) => {
              for (let j = chunk.indexOf(MARK); j >= 0; j = chunk.indexOf(MARK, j + MARK.length)) s.events++;
            });
            resolve(s);
          });
          s.req.on('error', () => resolve(s));
          streams.push(s);
        }),
      );
    }
    const all = await Promise.all(opened);
    process.send({ type: 'opened', ok: all.filter((s) => s.ok).length });
  } else if (msg.type === 'reset') {
    for (const s of streams) s.events = 0;
    resetAt = performance.now();
  } else if (msg.type === 'report') {
    const seconds = (performance.now() - resetAt) / 1000;
    process.send({ type: 'report', seconds, eventsPerSec: streams.reduce((a, s) => a + s.events, 0) / seconds, cpu: process.cpuUsage() });
  } else if (msg.type === 'close') {
    for (const s of streams) s.req?.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
