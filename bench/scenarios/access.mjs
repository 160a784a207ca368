// Scenario 8: what access control costs the server. The same reference server with JWT access on
// (every connection verifies an HS256 token with issuer and audience; events pass the token's
// `cpu, logs@web-*` grant) and off (no authentication; clients filter with ?topics=cpu,logs@web-1,
// so both deliver the same events), measured alternately in the same run:
//  - SSE connects per second (10 at a time, each until its pulse.hello) and server CPU per connect,
//    first with a new token per connect (every one verified), then the same tokens again (a
//    reconnect storm: verified tokens are remembered until their exp, at most 5 minutes);
//  - per delivered event: N clients on a stream of four topics, two of them visible.
import { SignJWT } from 'jose';
import { fmt, median, sideBySide, sleep } from '../lib/util.mjs';
import { child } from './fanout.mjs';

export const title = 'Scenario 8: access control cost (JWT verification + topic filtering) over SSE';

const SECRET = 'bench-secret-0123456789abcdefghijklmnop';
const key = new TextEncoder().encode(SECRET);
const mint = (/** @type {string} */ sub) =>
  new SignJWT({ sub, pulse: { subscribe: ['cpu', 'logs@web-*'] } }).setProtectedHeader({ alg: 'HS256' }).setIssuer('bench').setAudience('pulseboard').setExpirationTime('2h').sign(key);

const cpuSec = (/** @type {{ cpu: NodeJS.CpuUsage }} */ a, /** @type {{ cpu: NodeJS.CpuUsage }} */ b) => (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1e6;

async function withChildren(mode, fn) {
  const server = child(new URL('../lib/access-server.mjs', import.meta.url), [mode]);
  const { port } = await server.next('ready');
  const load = child(new URL('../lib/access-clients.mjs', import.meta.url));
  await load.next('ready');
  try {
    return await fn(server, load, `http://127.0.0.1:${port}`);
  } finally {
    load.send({ type: 'close' });
    server.proc.kill();
    await sleep(200);
  }
}

async function connects(mode, n, tokens, warmup) {
  return withChildren(mode, async (server, load, base) => {
    const msg = { type: 'connects', url: `${base}/events${mode === 'jwt' ? '' : '?topics=cpu,logs@web-1'}`, concurrency: 10 };
    await load.request({ ...msg, n: warmup.length, ...(mode === 'jwt' ? { tokens: warmup } : {}) }, 'connects', 120_000);
    const pass = async () => {
      const s0 = await server.request({ type: 'stats' }, 'stats');
      const r = await load.request({ ...msg, n, ...(mode === 'jwt' ? { tokens } : {}) }, 'connects', 300_000);
      const s1 = await server.request({ type: 'stats' }, 'stats');
      return { perSec: r.ok / r.seconds, failed: r.failed, us: (cpuSec(s0, s1) * 1e6) / Math.max(1, r.ok) };
    };
    const fresh = await pass();
    const again = await pass();
    return {
      connectsPerSec: fresh.perSec,
      serverUsPerConnect: fresh.us,
      reconnectsPerSec: again.perSec,
      serverUsPerReconnect: again.us,
      failed: fresh.failed + again.failed,
    };
  });
}

async function delivery(mode, clients, rate, seconds, token) {
  return withChildren(mode, async (server, load, base) => {
    const url = `${base}/events${mode === 'jwt' ? '' : '?topics=cpu,logs@web-1'}`;
    const opened = await load.request({ type: 'open', url, n: clients, ...(mode === 'jwt' ? { token } : {}) }, 'opened', 120_000);
    server.send({ type: 'publish', rate });
    await sleep(Math.min(2000, seconds * 300));
    load.send({ type: 'reset' });
    const s0 = await server.request({ type: 'stats' }, 'stats');
    await sleep(seconds * 1000);
    const report = await load.request({ type: 'report' }, 'report');
    const s1 = await server.request({ type: 'stats' }, 'stats');
    server.send({ type: 'stop' });
    const wall = (s1.at - s0.at) / 1000;
    const cpu = cpuSec(s0, s1);
    return {
      clients: opened.ok,
      publishedPerSec: (s1.published - s0.published) / wall,
      deliveredPerSec: report.eventsPerSec,
      serverCpuPct: (cpu / wall) * 100,
      serverUsPerEvent: (cpu * 1e6) / (report.eventsPerSec * wall),
    };
  });
}

const ROWS = [
  { label: 'SSE connects/s, a new token each (10 at a time, until pulse.hello)', key: 'connectsPerSec' },
  { label: 'server CPU µs per connect, new token', key: 'serverUsPerConnect' },
  { label: 'SSE reconnects/s, the same tokens again', key: 'reconnectsPerSec' },
  { label: 'server CPU µs per reconnect', key: 'serverUsPerReconnect' },
  { label: 'failed connects', key: 'failed' },
  { label: 'clients connected (delivery case)', key: 'clients' },
  { label: 'published events/s (4 topics)', key: 'publishedPerSec' },
  { label: 'delivered events/s (all clients)', key: 'deliveredPerSec' },
  { label: 'server CPU % of one core (delivery case)', key: 'serverCpuPct' },
  { label: 'server CPU µs per delivered event', key: 'serverUsPerEvent' },
];

export async function run({ args, quick, print }) {
  const n = Number(args.connects ?? (quick ? 100 : 3000));
  const clients = Number(args.clients ?? (quick ? 10 : 200));
  const rate = Number(args.rate ?? (quick ? 200 : 2000));
  const seconds = Number(args.duration ?? (quick ? 1 : 10));
  const rounds = quick ? 1 : 3;
  print(`jwt = --jwt-secret with --jwt-issuer/--jwt-audience, a distinct HS256 token per connect, grant subscribe ["cpu", "logs@web-*"], clients ask for every topic; ` + `open = no authentication, clients ask for ?topics=cpu,logs@web-1 (same deliveries). ${rounds} alternating rounds, medians; ${n} connects; ${clients} clients at ${fmt(rate)} events/s for ${seconds} s`);
  const tokens = await Promise.all(Array.from({ length: n }, (_, i) => mint(`user-${i}`)));
  const warmup = await Promise.all(Array.from({ length: Math.min(200, n) }, (_, i) => mint(`warm-${i}`)));
  /** @type {Record<string, Record<string, number>[]>} */
  const runs = { jwt: [], open: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 ? ['open', 'jwt'] : ['jwt', 'open']) {
      const c = await connects(mode, n, tokens, warmup);
      const d = await delivery(mode, clients, rate, seconds, tokens[0]);
      runs[mode].push({ ...c, ...d });
    }
  }
  const med = (mode) => Object.fromEntries(ROWS.map((r) => [r.key, median(runs[mode].map((x) => x[r.key]))]));
  const data = { jwt: med('jwt'), open: med('open'), runs };
  print(sideBySide(ROWS, [{ name: 'jwt', data: data.jwt }, { name: 'open', data: data.open }]));
  const connectRatio = data.open.connectsPerSec / data.jwt.connectsPerSec;
  const reconnectRatio = data.open.reconnectsPerSec / data.jwt.reconnectsPerSec;
  const eventRatio = data.jwt.serverUsPerEvent / data.open.serverUsPerEvent;
  const verdict = (/** @type {number} */ r) => (r <= 1.1 ? 'met' : 'MISSED');
  print(`\ntarget (access control costs at most 1.1x): connects with new tokens ${fmt(connectRatio, 2)}x (${verdict(connectRatio)}), ` + `reconnects ${fmt(reconnectRatio, 2)}x (${verdict(reconnectRatio)}) (connects/s open / jwt); ` + `per delivered event ${fmt(eventRatio, 2)}x (${verdict(eventRatio)}) (server CPU, jwt / open)`);
  return data;
}
