/**
 * An in-browser simulation of the reference server's topics (see docs/wire-format.md), so stories
 * are live without a server. It publishes into a `<pulse-source src="local:...">` with
 * `source.publish(topic, payload)` on timers: the same hub, routing and history as the wire.
 *
 * `simulate(source, options)` returns the function that stops every timer. It also stops by
 * itself once the source has left the document (a story unmounted without telling us).
 */
import type { PulseSource } from '../src/elements/pulse-source/pulse-source.js';

export type SimTopic = 'cpu' | 'mem' | 'disk' | 'net' | 'load' | 'logs' | 'alerts' | 'agents';

export interface SimOptions {
  /** Topics to publish; all of them by default. */
  topics?: readonly SimTopic[];
  /** Multiplies every rate: 1 is a calm host, 50 a busy one ("high rate" stories). */
  rate?: number;
  /** Pushes CPU, memory and disk above typical warn/crit thresholds. */
  hot?: boolean;
  /** Seconds of metric history published at once before the live feed starts (backfill). */
  backfill?: number;
  /** Publish one round of everything, then stop (the "stale" stories). */
  once?: boolean;
  /** Publish some malformed payloads as well (the "error" stories). */
  malformed?: boolean;
  /** Log lines (and agent updates) per tick; with `rate` this makes the high-rate stories. */
  burst?: number;
  /** Seed for the pseudo-random generator, so screenshots and tests see the same data. */
  seed?: number;
}

const ALL_TOPICS: readonly SimTopic[] = ['cpu', 'mem', 'disk', 'net', 'load', 'logs', 'alerts', 'agents'];

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round1 = (v: number) => Math.round(v * 10) / 10;

/** A value that wanders around `mean`, pulled back towards it, with occasional spikes. */
class Walk {
  constructor(
    private value: number,
    private readonly mean: number,
    private readonly step: number,
    private readonly lo: number,
    private readonly hi: number,
    private readonly rnd: () => number,
  ) {}
  next(): number {
    const pull = (this.mean - this.value) * 0.08;
    const spike = this.rnd() < 0.03 ? (this.rnd() - 0.3) * this.step * 8 : 0;
    this.value = clamp(this.value + pull + (this.rnd() - 0.5) * this.step * 2 + spike, this.lo, this.hi);
    return round1(this.value);
  }
}

const LOG_SOURCES = ['api-gateway', 'auth', 'billing', 'scheduler', 'postgres', 'nginx'] as const;
const LOG_LINES: Record<string, readonly string[]> = {
  'api-gateway': ['GET /v1/orders 200 {ms} ms', 'POST /v1/checkout 201 {ms} ms', 'GET /v1/users/{n} 200 {ms} ms', 'upstream billing responded 502, retrying ({n}/3)'],
  auth: ['token issued for user {n}', 'refresh token rotated for session {n}', 'login failed for user {n}: bad password', 'JWKS cache refreshed (3 keys)'],
  billing: ['invoice INV-{n} finalised', 'charge ch_{n} succeeded', 'card declined for customer cus_{n}', 'webhook delivery took {ms} ms'],
  scheduler: ['job nightly-report started', 'job cleanup-sessions finished in {ms} ms', 'queue depth {n}', 'worker-{n} heartbeat missed'],
  postgres: ['checkpoint complete: wrote {n} buffers', 'slow query ({ms} ms): SELECT * FROM orders WHERE customer_id = $1', 'autovacuum: table "events" removed {n} rows', 'connection limit near: {n}/200'],
  nginx: ['10.0.{n}.7 "GET /static/app.js" 200', '10.0.{n}.12 "GET /healthz" 200', 'upstream timed out (110) while reading response header', '10.0.{n}.3 "POST /login" 401'],
};

const AGENTS = [
  { id: 'agent-researcher', name: 'Researcher', tasks: ['Summarise incident INC-2041', 'Search runbooks for "disk pressure"', 'Compare p99 latency week over week'] },
  { id: 'agent-triage', name: 'Triage', tasks: ['Classify new tickets', 'Route alert to on-call', 'Deduplicate alerts'] },
  { id: 'agent-coder', name: 'Coder', tasks: ['Patch flaky test in billing', 'Open PR: bump lit to 3.3', 'Refactor retry policy'] },
  { id: 'agent-reviewer', name: 'Reviewer', tasks: ['Review PR #412', 'Check migration safety', 'Verify rollout plan'] },
  { id: 'agent-reporter', name: 'Reporter', tasks: ['Draft weekly SLO report', 'Render cost dashboard', 'Email stakeholders'] },
  { id: 'agent-sre', name: 'SRE bot', tasks: ['Scale api-gateway to 6 replicas', 'Rotate TLS certificates', 'Drain node worker-3'] },
] as const;
const AGENT_STATES = ['idle', 'running', 'running', 'running', 'waiting', 'error'] as const;
const TOOLS = ['web.search', 'sql.query', 'git.diff', 'kubectl', 'http.get', 'python'] as const;

const ALERT_RULES = [
  { id: 'HighCPU', severity: 'critical', title: 'CPU above 90% on web-1', description: 'Total CPU has been above 90% for 5 minutes.', labels: { alertname: 'HighCPU', instance: 'web-1', team: 'platform' } },
  { id: 'DiskFilling', severity: 'warning', title: 'Disk /var 85% full on db-1', description: '/var will be full in about 6 hours at the current rate.', labels: { alertname: 'DiskFilling', instance: 'db-1', mount: '/var', team: 'data' } },
  { id: 'ErrorBudget', severity: 'error', title: 'Checkout error budget burning fast', description: '5xx ratio above 2% for 10 minutes (14x burn rate).', labels: { alertname: 'ErrorBudgetBurn', service: 'checkout', team: 'payments' } },
  { id: 'CertExpiry', severity: 'info', title: 'TLS certificate expires in 14 days', description: 'api.example.com certificate expires soon.', labels: { alertname: 'CertExpiry', host: 'api.example.com', team: 'platform' } },
  { id: 'AgentErrors', severity: 'warning', title: 'Agent Coder error rate above 5%', description: 'Tool calls from agent-coder fail more often than usual.', labels: { alertname: 'AgentErrorRate', agent: 'agent-coder', team: 'ml' } },
] as const;

let sessions = 0;
/** A fresh `local:` URL, so two stories on one docs page never share a hub. */
export function localSrc(name = 'story'): string {
  sessions++;
  return `local:${name}-${sessions}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Starts publishing into `source`; returns the function that stops. */
export function simulate(source: PulseSource, options: SimOptions = {}): () => void {
  const topics = new Set(options.topics ?? ALL_TOPICS);
  const rate = options.rate ?? 1;
  const rnd = prng(options.seed ?? 7);
  const hot = options.hot ?? false;
  const timers: ReturnType<typeof setInterval>[] = [];
  let stopped = false;

  const cpu = new Walk(hot ? 93 : 38, hot ? 94 : 38, hot ? 2 : 6, 0, 100, rnd);
  const cores = Array.from({ length: 4 }, (_, i) => new Walk(30 + i * 8, 30 + i * 8, 8, 0, 100, rnd));
  const mem = new Walk(hot ? 82 : 61, hot ? 83 : 61, 1.5, 0, 100, rnd);
  const disk = { '/': new Walk(hot ? 96 : 54, hot ? 96 : 54, 0.2, 0, 100, rnd), '/var': new Walk(hot ? 88 : 71, hot ? 88 : 71, 0.3, 0, 100, rnd) };
  const rx = new Walk(4.2e6, 4.2e6, 9e5, 0, 1.25e8, rnd);
  const tx = new Walk(1.6e6, 1.6e6, 4e5, 0, 1.25e8, rnd);
  const load = new Walk(1.4, 1.4, 0.3, 0, 16, rnd);
  const agentState = new Map<string, { state: string; task: string; tokens: number; cost: number; err: number }>();

  const totalBytes = 16 * 1024 ** 3;
  const metrics = (ts: number): [SimTopic, unknown][] => {
    const out: [SimTopic, unknown][] = [];
    if (topics.has('cpu')) {
      const sample: Record<string, number> = { ts, value: cpu.next() };
      cores.forEach((c, i) => (sample[`core${i}`] = c.next()));
      out.push(['cpu', sample]);
    }
    if (topics.has('mem')) {
      const used = mem.next();
      out.push(['mem', { ts, value: used, usedBytes: Math.round((used / 100) * totalBytes), totalBytes }]);
    }
    if (topics.has('disk')) out.push(['disk', { ts, '/': disk['/'].next(), '/var': disk['/var'].next() }]);
    if (topics.has('net')) out.push(['net', { ts, rxBytesPerSec: Math.round(rx.next()), txBytesPerSec: Math.round(tx.next()) }]);
    if (topics.has('load')) {
      const l = load.next();
      out.push(['load', { ts, load1: l, load5: round1(l * 0.9), load15: round1(l * 0.8) }]);
    }
    return out;
  };

  const fill = (template: string) =>
    template.replace(/\{ms\}/g, () => String(Math.round(5 + rnd() * rnd() * 900))).replace(/\{n\}/g, () => String(Math.floor(rnd() * 9000) + 100));
  const logLine = (ts: number) => {
    const source = LOG_SOURCES[Math.floor(rnd() * LOG_SOURCES.length)]!;
    const lines = LOG_LINES[source]!;
    const index = Math.floor(rnd() * lines.length);
    const r = rnd();
    const level = r < 0.04 ? 'error' : r < 0.12 ? 'warn' : r < 0.2 ? 'debug' : 'info';
    return { ts, level: index === 2 && level === 'info' ? 'warn' : level, source, message: fill(lines[index]!), host: `${source}-${1 + Math.floor(rnd() * 3)}`, traceId: Math.floor(rnd() * 2 ** 48).toString(16) };
  };

  const agentUpdate = (ts: number, agent: (typeof AGENTS)[number]) => {
    let s = agentState.get(agent.id);
    if (!s) {
      s = { state: 'running', task: agent.tasks[0], tokens: 40, cost: rnd() * 2, err: 0.01 };
      agentState.set(agent.id, s);
    }
    if (rnd() < 0.2) s.state = AGENT_STATES[Math.floor(rnd() * AGENT_STATES.length)]!;
    if (rnd() < 0.15) s.task = agent.tasks[Math.floor(rnd() * agent.tasks.length)]!;
    const running = s.state === 'running';
    s.tokens = running ? round1(clamp(s.tokens + (rnd() - 0.5) * 20, 8, 140)) : 0;
    s.cost += running ? s.tokens * 0.00002 * (1 + rnd()) : 0;
    s.err = s.state === 'error' ? round1(0.08 + rnd() * 0.1) / 1 : clamp(s.err + (rnd() - 0.55) * 0.01, 0, 0.2);
    const p50 = Math.round(300 + rnd() * 900);
    return {
      id: agent.id,
      name: agent.name,
      state: s.state,
      ts,
      task: s.state === 'idle' ? '' : s.task,
      tool: running ? TOOLS[Math.floor(rnd() * TOOLS.length)] : undefined,
      tokensPerSec: s.tokens,
      latencyMs: { p50, p99: Math.round(p50 * (2 + rnd() * 3)) },
      errorRate: Math.round(s.err * 1000) / 1000,
      costUsd: Math.round(s.cost * 10000) / 10000,
    };
  };

  const firing = new Map<string, number>();
  const alertUpdate = (ts: number, rule: (typeof ALERT_RULES)[number], status: 'firing' | 'resolved') => {
    if (status === 'firing' && !firing.has(rule.id)) firing.set(rule.id, ts);
    const startsAt = new Date(firing.get(rule.id) ?? ts).toISOString();
    if (status === 'resolved') firing.delete(rule.id);
    return {
      id: rule.id,
      status,
      severity: rule.severity,
      title: rule.title,
      description: rule.description,
      startsAt,
      endsAt: status === 'resolved' ? new Date(ts).toISOString() : undefined,
      labels: { ...rule.labels },
    };
  };

  const publish = (topic: string, payload: unknown) => {
    if (stopped) return;
    if (!source.isConnected || !source.hub) {
      // The story was unmounted (or not yet attached): stop once it has really gone.
      if (!source.isConnected) stop();
      return;
    }
    source.publish(topic, payload);
  };

  const every = (ms: number, fn: () => void) => timers.push(setInterval(fn, Math.max(4, ms / rate)));

  // Backfill: a batch of past samples per metric topic, then the first round of everything.
  const now = Date.now();
  const backfill = options.backfill ?? 120;
  if (backfill > 0) {
    const batches = new Map<SimTopic, unknown[]>();
    for (let t = now - backfill * 1000; t < now; t += 1000) {
      for (const [topic, sample] of metrics(t)) {
        let list = batches.get(topic);
        if (!list) batches.set(topic, (list = []));
        list.push(sample);
      }
    }
    for (const [topic, list] of batches) publish(topic, list);
  }
  for (const [topic, sample] of metrics(now)) publish(topic, sample);
  if (topics.has('logs')) for (let i = 0; i < 30; i++) publish('logs', logLine(now - (30 - i) * 700));
  if (topics.has('agents')) for (const agent of AGENTS) publish('agents', agentUpdate(now, agent));
  if (topics.has('alerts')) {
    const initial = hot ? ALERT_RULES : ALERT_RULES.slice(1, 4);
    for (const rule of initial) publish('alerts', alertUpdate(now - Math.floor(rnd() * 3_600_000), rule, 'firing'));
  }
  if (options.malformed) {
    publish('cpu', { ts: now, value: 'not-a-number' });
    publish('logs', 42);
    publish('agents', { id: 7 });
    publish('alerts', { status: 'maybe' });
  }

  if (!options.once) {
    every(1000, () => {
      for (const [topic, sample] of metrics(Date.now())) publish(topic, sample);
    });
    const burst = Math.max(1, Math.floor(options.burst ?? 1));
    if (topics.has('logs'))
      every(450, () => {
        const ts = Date.now();
        for (let i = 0; i < burst; i++) publish('logs', logLine(ts));
      });
    if (topics.has('agents'))
      every(1500, () => {
        for (let i = 0; i < burst; i++) {
          const agent = AGENTS[Math.floor(rnd() * AGENTS.length)]!;
          publish('agents', agentUpdate(Date.now(), agent));
        }
      });
    if (topics.has('alerts'))
      every(7000, () => {
        const rule = ALERT_RULES[Math.floor(rnd() * ALERT_RULES.length)]!;
        publish('alerts', alertUpdate(Date.now(), rule, firing.has(rule.id) && !hot ? 'resolved' : 'firing'));
      });
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    for (const timer of timers) clearInterval(timer);
    timers.length = 0;
  }
  return stop;
}
