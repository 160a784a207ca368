// Child process for the access scenario: the reference server with JWT access on (`jwt`) or
// off (`open`), and an in-process publisher spreading events over four topics, two of which the
// benchmark's clients see. IPC as fanout-server.mjs: {type:'publish', rate} / {type:'stats'} / {type:'stop'}.
import { createServer } from '../../server/app.js';

export const SECRET = 'bench-secret-0123456789abcdefghijklmnop';
export const TOPICS = ['cpu', 'mem', 'logs@web-1', 'logs@db-1'];
const PAD = 'x'.repeat(60);

const mode = process.argv[2] ?? 'open';
const app = createServer({
  port: 0,
  host: '127.0.0.1',
  hostMetrics: false,
  simulate: false,
  requestLog: false,
  thresholdAlerts: false,
  maxClients: 5000,
  ...(mode === 'jwt' ? { access: { jwtSecret: SECRET, jwtIssuer: 'bench', jwtAudience: 'pulseboard', auditLog: () => {} } } : {}),
});
const url = await app.listen(0, '127.0.0.1');

let timer;
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
        app.hub.publish(TOPICS[seq % TOPICS.length], { ts: Date.now(), seq: seq++, pad: PAD });
        published++;
      }
    }, 10);
  } else if (msg.type === 'stop') {
    clearInterval(timer);
  } else if (msg.type === 'stats') {
    process.send({ type: 'stats', published, clients: app.context.sse.size, cpu: process.cpuUsage(), at: performance.now(), rejected: app.context.rejected });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port: Number(new URL(url).port), pid: process.pid });
