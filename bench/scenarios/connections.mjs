// Scenario 11: connections per process. N mostly idle SSE clients (raw sockets, in client
// processes of at most 10,000 each) on ONE server process, 1 event/s to every client. Memory per
// client is the server's RSS with the clients connected minus its RSS before they connected
// (same process, both after a full GC). The naive broadcaster of scenario 5 in the same run.
// Two traffic patterns (`--pattern`, default both):
//  - broadcast: one event a second to every client at once (all watch one topic). The last of N
//    sockets is written N writes after the first, so its latency is N times one write's cost
//    (on loopback ~12 µs of kernel time, which includes the receiver's TCP input);
//  - spread: each client watches its own topic and gets its one event a second at its own moment
//    (N events/s over N topics, as N viewers of N different agents or hosts would).
import { readFileSync } from 'node:fs';
import { fmt, inclusiveTime, procStats, sideBySide, sleep, topSelfTime } from '../lib/util.mjs';
import { child, PROFILED, printProfiles } from './fanout.mjs';

export const title = 'Scenario 11: connections per process (idle SSE clients, 1 event/s each)';

/** Clients per load-generator process. */
const PER_PROCESS = 10_000;
/** The file-descriptor limit every process of this scenario asks for (see bench/README.md). */
const WANTED_NOFILE = 65_536;
/** Descriptors a server process needs besides its clients (stdio, IPC, epoll, the listener, libuv). */
const SERVER_FDS = 64;

/** The hard RLIMIT_NOFILE of this process: the most a child may be given without CAP_SYS_RESOURCE. */
function hardNofile() {
  const m = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[2] === 'unlimited' ? Infinity : Number(m[2]);
}

/** What we can raise to: the wanted limit, unless we may not raise the hard limit (no CAP_SYS_RESOURCE). */
function nofileLimit() {
  const hard = hardNofile();
  const capEff = BigInt('0x' + (/CapEff:\s+([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0'));
  const mayRaise = (capEff >> 24n) & 1n; // CAP_SYS_RESOURCE
  return mayRaise ? WANTED_NOFILE : Math.min(WANTED_NOFILE, hard);
}
let NOFILE = WANTED_NOFILE;

async function once({ mode, clients, seconds, rate, pattern, profile }) {
  const server = child(new URL('../lib/fanout-server.mjs', import.meta.url), [mode, String(clients + 100)], { nofile: NOFILE, nodeArgs: ['--expose-gc'] });
  const loads = [];
  try {
    const { port, pid } = await server.next('ready');
    await sleep(500);
    const before = await server.request({ type: 'stats', gc: true }, 'stats');
    const rssBefore = procStats(pid).rssMB;
    const procs = Math.ceil(clients / PER_PROCESS);
    // A fresh loopback source address per process and run: 20,000 sockets (and the TIME_WAITs of
    // the previous run) never exhaust the ephemeral ports of one address.
    const net = 1 + Math.floor(Math.random() * 250);
    const started = performance.now();
    const conns = await Promise.all(
      Array.from({ length: procs }, async (_, i) => {
        const load = child(new URL('../lib/conn-clients.mjs', import.meta.url), [], { nofile: NOFILE });
        loads.push(load);
        await load.next('ready');
        const n = Math.min(PER_PROCESS, clients - i * PER_PROCESS);
        const path = pattern === 'spread' ? '/events?topics=bench.{i}' : '/events?topics=bench';
        return load.request({ type: 'connect', host: '127.0.0.1', port, path, n, first: i * PER_PROCESS, localAddress: `127.${mode === 'ours' ? 1 : 2}.${net}.${i + 1}` }, 'connected', 300_000);
      }),
    );
    const connectSec = (performance.now() - started) / 1000;
    const connected = conns.reduce((a, c) => a + c.ok, 0);
    server.send(pattern === 'spread' ? { type: 'publish', rate: rate * clients, topics: clients } : { type: 'publish', rate });
    await sleep(3000);
    for (const l of loads) l.send({ type: 'reset' });
    const s0 = await server.request({ type: 'stats' }, 'stats');
    if (profile) server.send({ type: 'profile-start' });
    let peakRss = procStats(pid).rssMB;
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      await sleep(Math.min(1000, end - Date.now()));
      peakRss = Math.max(peakRss, procStats(pid).rssMB);
    }
    const reports = await Promise.all(loads.map((l) => l.request({ type: 'report' }, 'report', 60_000)));
    const s1 = await server.request({ type: 'stats' }, 'stats');
    const cpuProfile = profile ? (await server.request({ type: 'profile-stop' }, 'profile', 60_000)).profile : null;
    server.send({ type: 'stop' });
    await sleep(300);
    const after = await server.request({ type: 'stats', gc: true }, 'stats');
    const rssAfter = procStats(pid).rssMB;
    const hist = new Array(2001).fill(0);
    let over = 0;
    for (const r of reports) {
      r.hist.forEach((v, i) => (hist[i] += v));
      over += r.over2s;
    }
    const total = hist.reduce((a, b) => a + b, 0) + over;
    const pct = (p) => {
      if (!total) return NaN;
      const target = Math.ceil((p / 100) * total);
      let acc = 0;
      for (let i = 0; i < hist.length; i++) if ((acc += hist[i]) >= target) return i;
      return Math.max(...reports.map((r) => r.latencyP99)); // beyond 2 s: the worst process's own p99
    };
    const wall = (s1.at - s0.at) / 1000;
    const cpuSec = (s1.cpu.user + s1.cpu.system - s0.cpu.user - s0.cpu.system) / 1e6;
    const delivered = reports.reduce((a, r) => a + r.events, 0) / reports[0].seconds;
    return {
      mode,
      clients,
      connected,
      connectFailures: conns.flatMap((c) => c.failed).slice(0, 3),
      connectPerSec: connected / connectSec,
      deliveredPerClient: delivered / Math.max(1, connected),
      perClientMin: Math.min(...reports.map((r) => r.perClientMin)),
      latencyP50: pct(50),
      latencyP99: pct(99),
      latencyMax: pct(100),
      rssBeforeMB: rssBefore,
      rssAfterMB: rssAfter,
      peakRssMB: peakRss,
      rssPerClientKB: ((rssAfter - rssBefore) * 1024) / Math.max(1, connected),
      peakRssPerClientKB: ((peakRss - rssBefore) * 1024) / Math.max(1, connected),
      heapPerClientKB: ((after.heapMB - before.heapMB) * 1024) / Math.max(1, connected),
      serverCpuPct: (cpuSec / wall) * 100,
      serverCpuUsPerDelivery: (cpuSec * 1e6) / Math.max(1, delivered * wall),
      // system time is the kernel's: on loopback a send also runs the receiver's TCP input
      serverSysUsPerDelivery: (s1.cpu.system - s0.cpu.system) / Math.max(1, delivered * wall),
      clientsClosed: reports.reduce((a, r) => a + r.closedClients, 0),
      loadRssMB: reports.reduce((a, r) => a + r.rssMB, 0),
      ...(cpuProfile ? { hot: topSelfTime(cpuProfile, 16, { program: true }), through: inclusiveTime(cpuProfile, PROFILED) } : {}),
    };
  } finally {
    for (const l of loads) l.send({ type: 'close' });
    server.proc.kill();
    await sleep(500);
  }
}

const ROWS = [
  { label: 'clients connected', key: 'connected' },
  { label: 'connects per second (200 in flight per client process)', key: 'connectPerSec' },
  { label: 'delivered events/s per client (mean)', key: 'deliveredPerClient' },
  { label: 'delivered events/s, slowest client', key: 'perClientMin' },
  { label: 'delivery latency p50 ms (upper bound)', key: 'latencyP50' },
  { label: 'delivery latency p99 ms (upper bound)', key: 'latencyP99' },
  { label: 'delivery latency max ms', key: 'latencyMax' },
  { label: 'server RSS MB before clients (after GC)', key: 'rssBeforeMB' },
  { label: 'server RSS MB with clients (after GC)', key: 'rssAfterMB' },
  { label: 'server peak RSS MB', key: 'peakRssMB' },
  { label: 'server RSS KB per client (after GC)', key: 'rssPerClientKB' },
  { label: 'server peak RSS KB per client', key: 'peakRssPerClientKB' },
  { label: 'server JS heap KB per client (after GC)', key: 'heapPerClientKB' },
  { label: 'server CPU % of one core', key: 'serverCpuPct' },
  { label: 'server CPU µs per delivered event', key: 'serverCpuUsPerDelivery' },
  { label: '  of which in the kernel (system time)', key: 'serverSysUsPerDelivery' },
  { label: 'clients disconnected', key: 'clientsClosed' },
  { label: 'load generator RSS MB (all client processes)', key: 'loadRssMB' },
];

const PATTERNS = {
  broadcast: 'every client watches one topic, one event a second goes to all of them at once',
  spread: 'each client watches its own topic (bench.<i>) and gets one event a second, the events evenly spread over the second',
};

export async function run({ args, quick, print }) {
  NOFILE = nofileLimit();
  const asked = Number(String(args.clients ?? (quick ? 200 : 2000)).split(',').pop());
  const clients = Math.min(asked, NOFILE - SERVER_FDS);
  if (clients < asked) {
    print(`WARNING: the hard file-descriptor limit here is ${fmt(NOFILE)} and this process may not raise it (no CAP_SYS_RESOURCE: a container?), so one server process can hold at most ${fmt(clients)} clients, not ${fmt(asked)}. Raise the hard limit first (\`prlimit --nofile=65536:65536 --pid $$\` as root, or LimitNOFILE= in systemd, or docker --ulimit nofile=65536:65536).`);
  }
  const seconds = Number(args.duration ?? (quick ? 2 : 10));
  const rate = Number(args.rate ?? 1);
  const patterns = String(args.pattern ?? 'broadcast,spread').split(',');
  const bad = patterns.filter((p) => !PATTERNS[p]);
  if (bad.length) throw new Error(`--pattern: unknown ${bad.join(', ')} (known: ${Object.keys(PATTERNS).join(', ')})`);
  print(`${fmt(clients)} raw-socket SSE clients (≤ ${fmt(PER_PROCESS)} per client process) on one server process, ${rate} event/s per client; ${seconds} s window after 3 s; every process started by \`sh -c 'ulimit -n ${NOFILE} && exec node …'\``);
  print('ours = server/app.js createServer(); naive = the broadcaster of scenario 5 (res.write of each tick to every client of the topic)');
  const results = { nofile: NOFILE };
  for (const pattern of patterns) {
    print(`\n### ${pattern}: ${PATTERNS[pattern]}`);
    const profile = Boolean(args.profile);
    const ours = await once({ mode: 'ours', clients, seconds, rate, pattern, profile }).catch((e) => ({ error: e.stack }));
    const naive = await once({ mode: 'naive', clients, seconds, rate, pattern, profile }).catch((e) => ({ error: e.stack }));
    for (const [name, r] of Object.entries({ ours, naive })) if (r.error) print(`(${name} failed: ${r.error})`);
    for (const [name, r] of Object.entries({ ours, naive })) if (r.connectFailures?.length) print(`(${name}: ${r.clients - r.connected} connects failed, e.g. ${r.connectFailures.join(', ')})`);
    print(sideBySide(ROWS, [{ name: 'ours', data: ours }, { name: 'naive', data: naive }]));
    if (profile) printProfiles(print, { ours, naive });
    if (!ours.error) {
      const met = ours.connected === clients && ours.rssPerClientKB <= 30 && ours.latencyP99 <= 100;
      print(`\ntarget, ${pattern} (${fmt(clients)} clients in one process, ≤ 30 KB RSS each, p99 ≤ 100 ms): ${met ? 'met' : 'MISSED'} (${fmt(ours.connected)} connected, ${fmt(ours.rssPerClientKB)} KB per client, p99 ${fmt(ours.latencyP99)} ms)`);
    }
    results[pattern] = { ours, naive };
  }
  return results;
}
