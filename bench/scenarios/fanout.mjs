// Scenario 5: the reference server's fan-out. N raw SSE clients (one child process) on loopback,
// the server (another child process) publishing `rate` events/s through its hub. Compared with a
// naive broadcaster (res.write of every event to every client, no backpressure) in the same run.
// Then the slow-client case: 10 clients that never read, next to the normal ones.
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fmt, inclusiveTime, procStats, sideBySide, sleep, table, topSelfTime } from '../lib/util.mjs';

export const title = 'Scenario 5: server fan-out over SSE on loopback';

/**
 * A Node child with an IPC channel. `nofile`: its file-descriptor limit (soft and hard), raised
 * by a shell before Node starts (Node cannot raise its own: there is no setrlimit); raising the
 * hard limit needs root or CAP_SYS_RESOURCE.
 */
export function child(script, args = [], { nofile = 0, nodeArgs = [] } = {}) {
  const path = script instanceof URL ? script.pathname : String(script);
  const proc = nofile
    ? spawn('sh', ['-c', `ulimit -n ${nofile} && exec "$0" "$@"`, process.execPath, ...nodeArgs, path, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, ...nodeArgs] });
  const waiters = new Map();
  proc.on('message', (msg) => {
    const w = waiters.get(msg.type);
    if (w) {
      waiters.delete(msg.type);
      w(msg);
    }
  });
  const next = (type, timeoutMs = 120000) =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${script}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      waiters.set(type, (m) => {
        clearTimeout(t);
        resolve(m);
      });
    });
  const request = (msg, reply, timeoutMs) => {
    const p = next(reply, timeoutMs);
    proc.send(msg);
    return p;
  };
  return { proc, next, request, send: (m) => proc.send(m) };
}

async function once({ mode, clients, slow, rate, seconds, warmupMs, profile = false, reader = 'http' }) {
  const server = child(new URL('../lib/fanout-server.mjs', import.meta.url), [mode]);
  const { port, pid } = await server.next('ready');
  const load = child(new URL('../lib/fanout-clients.mjs', import.meta.url));
  await load.next('ready');
  try {
    const url = `http://127.0.0.1:${port}/events?topics=bench`;
    const conn = await load.request({ type: 'connect', url, n: clients + slow, slow, reader }, 'connected', 120000);
    server.send({ type: 'publish', rate });
    await sleep(warmupMs);
    load.send({ type: 'reset' });
    const s0 = await server.request({ type: 'stats' }, 'stats');
    const p0 = procStats(pid);
    const c0 = await load.request({ type: 'report' }, 'report');
    if (profile) server.send({ type: 'profile-start' });
    let peakRss = p0.rssMB;
    let mid;
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      await sleep(Math.min(1000, end - Date.now()));
      peakRss = Math.max(peakRss, procStats(pid).rssMB);
      if (!mid && Date.now() > end - (seconds * 1000) / 2) mid = await server.request({ type: 'stats' }, 'stats');
    }
    mid ??= s0;
    const report = await load.request({ type: 'report' }, 'report');
    const s1 = await server.request({ type: 'stats' }, 'stats');
    const cpuProfile = profile ? (await server.request({ type: 'profile-stop' }, 'profile', 60000)).profile : null;
    const p1 = procStats(pid);
    server.send({ type: 'stop' });
    const wall = (s1.at - s0.at) / 1000;
    const cpuSec = (s1.cpu.user + s1.cpu.system - s0.cpu.user - s0.cpu.system) / 1e6;
    const clientCpu = (report.cpu.user + report.cpu.system - c0.cpu.user - c0.cpu.system) / 1e6;
    return {
      mode,
      clients,
      slow,
      rate,
      connected: conn.ok,
      connectFailures: conn.failed,
      publishedPerSec: (s1.published - s0.published) / wall,
      deliveredPerSec: report.totalEventsPerSec,
      deliveredPerClient: report.totalEventsPerSec / Math.max(1, report.clients),
      chunksPerClient: report.chunksPerClientPerSec,
      eventsPerChunk: report.totalEventsPerSec / Math.max(1, report.clients) / report.chunksPerClientPerSec,
      perClientMin: report.perClientMin,
      latencyP50: report.latencyP50,
      latencyP99: report.latencyP99,
      latencyMax: report.latencyMax,
      serverCpuPct: (cpuSec / wall) * 100,
      // contention-proof figures: CPU time per delivered event, and what one whole core would deliver
      serverCpuUsPerEvent: (cpuSec * 1e6) / (report.totalEventsPerSec * wall),
      // user space only: what the server's code and node's do; the rest is the kernel's send
      serverUserUsPerEvent: (s1.cpu.user - s0.cpu.user) / (report.totalEventsPerSec * wall),
      projectedPerCore: report.totalEventsPerSec / (cpuSec / wall),
      serverRssMB: s1.rssMB,
      serverRssStartMB: s0.rssMB,
      serverPeakRssMB: Math.max(peakRss, p1.rssMB),
      serverHeapMB: s1.heapMB,
      serverBufferedMB: s1.bufferedMB,
      blockedMid: mid.blockedClients,
      cursorLagMid: mid.cursorLag,
      clientProcCpuPct: (clientCpu / report.seconds) * 100,
      normalClientsClosed: report.closedClients,
      slowClientsDropped: report.slowClosed,
      serverDroppedClients: s1.droppedClients,
      ...(cpuProfile ? { hot: topSelfTime(cpuProfile, 16, { program: true }), through: inclusiveTime(cpuProfile, PROFILED) } : {}),
    };
  } finally {
    load.send({ type: 'close' });
    server.proc.kill();
    await sleep(200);
  }
}

/** With --profile: the inclusive time of these (server/, node:http, net internals) is printed too. */
export const PROFILED = ['flush', 'writeEvents', 'sseFrame', 'notify', 'append', 'publish', 'processImmediate', 'write', '_writeRaw', 'writevGeneric', 'writev', 'writeUtf8String', 'endTick', '(garbage collector)'];

const ROWS = [
  { label: 'clients connected', key: 'connected' },
  { label: 'published events/s', key: 'publishedPerSec' },
  { label: 'delivered events/s (all clients)', key: 'deliveredPerSec' },
  { label: 'delivered events/s per client (mean)', key: 'deliveredPerClient' },
  { label: 'delivered events/s, slowest normal client', key: 'perClientMin' },
  { label: 'reads per client per second (chunks the client got)', key: 'chunksPerClient' },
  { label: 'events per read', key: 'eventsPerChunk' },
  { label: 'delivery latency p50 ms (upper bound)', key: 'latencyP50' },
  { label: 'delivery latency p99 ms (upper bound)', key: 'latencyP99' },
  { label: 'delivery latency max ms', key: 'latencyMax' },
  { label: 'server CPU % of one core', key: 'serverCpuPct' },
  { label: 'server CPU µs per delivered event', key: 'serverCpuUsPerEvent' },
  { label: '  of which user space (not the kernel)', key: 'serverUserUsPerEvent' },
  { label: 'projected deliveries/s on one whole core', key: 'projectedPerCore' },
  { label: 'server RSS MB at start of window', key: 'serverRssStartMB' },
  { label: 'server RSS MB at end', key: 'serverRssMB' },
  { label: 'server peak RSS MB', key: 'serverPeakRssMB' },
  { label: 'server write buffers MB at end (user space)', key: 'serverBufferedMB' },
  { label: 'client process CPU % (load generator)', key: 'clientProcCpuPct' },
  { label: 'mid-window: clients with a full socket (client too slow)', key: 'blockedMid' },
  { label: 'mid-window: mean cursor lag, events (server behind)', key: 'cursorLagMid' },
  { label: 'clients dropped by the server', key: 'serverDroppedClients' },
  { label: 'normal clients disconnected', key: 'normalClientsClosed' },
  { label: 'slow clients disconnected by server', key: 'slowClientsDropped' },
];

export async function run({ args, quick, print }) {
  const rate = Number(args.rate ?? (quick ? 100 : 1000));
  const seconds = Number(args.duration ?? (quick ? 1 : 10));
  const counts = args.clients ? String(args.clients).split(',').map(Number) : quick ? [20] : [100, 1000];
  const warmupMs = quick ? 300 : 2000;
  const profile = Boolean(args.profile);
  const reader = String(args.reader ?? 'http');
  if (!['http', 'raw'].includes(reader)) throw new Error(`--reader: http or raw, not ${reader}`);
  // Node cannot raise its own file-descriptor limit; each child inherits ours.
  const limit = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Infinity);
  const needed = Math.max(...counts) + 10 + 200;
  if (limit < needed) print(`WARNING: ulimit -n is ${limit}, ${needed} needed for ${Math.max(...counts)} clients: run \`ulimit -n 4096\` in the shell first`);
  print(`feed: the server publishes ${fmt(rate)} events/s (~100-byte JSON with its publish time) in-process; ` + `clients are ${reader === 'raw' ? 'raw-socket' : 'node:http'} SSE readers in one child process (--reader); ${seconds} s window after ${warmupMs / 1000} s warm-up`);
  print('ours = server/app.js createServer() (shared history, per-client cursor, 64 KiB chunks, drops stalled clients after 30 s); ' + 'naive = every 10 ms, res.write() of that tick\'s events to every client, no backpressure handling');
  const data = {};
  const cases = counts.map((n) => ({ name: `${n} clients`, clients: n, slow: 0 }));
  if (!quick) cases.push({ name: '100 clients + 10 that never read', clients: 100, slow: 10 });
  for (const c of cases) {
    const ours = await once({ mode: 'ours', clients: c.clients, slow: c.slow, rate, seconds, warmupMs, profile, reader }).catch((e) => ({ error: e.message }));
    const naive = await once({ mode: 'naive', clients: c.clients, slow: c.slow, rate, seconds, warmupMs, profile, reader }).catch((e) => ({ error: e.message }));
    data[c.name] = { ours, naive };
    print(`\n### ${c.name}, ${fmt(rate)} events/s`);
    for (const [name, r] of Object.entries({ ours, naive })) if (r.error) print(`(${name} failed: ${r.error})`);
    print(sideBySide(ROWS, [{ name: 'ours', data: ours }, { name: 'naive', data: naive }]));
    if (profile) printProfiles(print, { ours, naive });
  }
  const big = data[`${Math.max(...counts)} clients`]?.ours;
  if (big && !big.error) {
    const met = big.deliveredPerClient >= rate * 0.98 && big.latencyP99 < 100 && big.serverCpuPct <= 100;
    print(`\ntarget (${fmt(rate)} events/s to ${Math.max(...counts)} clients on one core, p99 < 100 ms): ${met ? 'met' : 'MISSED'} ` + `(per client ${fmt(big.deliveredPerClient)}/s, p99 ${fmt(big.latencyP99)} ms, server CPU ${fmt(big.serverCpuPct)}% of a core)`);
    const need = rate * Math.max(...counts);
    print(`CPU-time view (immune to other processes taking the cores): ${fmt(big.serverCpuUsPerEvent, 2)} µs of server CPU per delivered event, ` + `so one whole core would deliver about ${fmt(big.projectedPerCore)} events/s; the target needs ${fmt(need)}/s: ${big.projectedPerCore >= need ? 'enough' : 'NOT enough'}`);
  }
  return data;
}

/** --profile: the server's self time (native frames and `(program)` included) and time through PROFILED. */
export function printProfiles(print, columns) {
  for (const [name, r] of Object.entries(columns)) {
    if (!r.hot) continue;
    print(`\n--profile (${name} server, measured window; the profiler's own overhead inflates the CPU rows above):`);
    print(table(['self time', 'where', 'ms', '%'], r.hot.map((h) => [h.fn, h.where, fmt(h.ms), fmt(h.pct, 1)])));
    const through = r.through.filter((t) => t.ms > 0);
    print(table(['through (inclusive)', 'ms', '%'], through.map((t) => [t.fn, fmt(t.ms), fmt(t.pct, 1)])));
  }
}
