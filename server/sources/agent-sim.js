// Simulated AI agents for the demo: each tick every agent may change state
// (idle/running/waiting/error), makes a few model/tool calls while running, and publishes its
// sliding-window statistics on `agents`, computed by the same AgentWindow as ingested agent events.
// Now and then an agent goes silent for ~40 s (no messages at all), so a 30 s `offline-after`
// on <agent-status> can be seen.
import { AgentWindow } from '../agent-window.js';
import { round } from '../agent-events.js';
import { pick, logNormal } from './random.js';

const PROFILES = [
  { name: 'planner', latency: 900, tokens: 700, price: 0.015, tasks: ['plan Q3 migration', 'break down ticket PB-142', 'draft rollout plan'], tools: ['search_docs', 'list_tickets', 'write_plan'] },
  { name: 'researcher', latency: 1400, tokens: 1200, price: 0.01, tasks: ['summarise incident reports', 'compare vector DBs', 'read RFC 9110'], tools: ['web_search', 'fetch_url', 'read_pdf'] },
  { name: 'coder', latency: 2200, tokens: 1600, price: 0.015, tasks: ['fix flaky test', 'implement /ingest batching', 'refactor ring buffer'], tools: ['read_file', 'edit_file', 'run_tests'] },
  { name: 'reviewer', latency: 1100, tokens: 900, price: 0.003, tasks: ['review PR #418', 'review PR #421', 'check licence headers'], tools: ['git_diff', 'comment', 'run_linter'] },
  { name: 'tester', latency: 600, tokens: 300, price: 0.0008, tasks: ['run e2e suite', 'bisect regression', 'fuzz SSE parser'], tools: ['run_tests', 'start_browser', 'collect_logs'] },
  { name: 'deployer', latency: 450, tokens: 200, price: 0.0008, tasks: ['canary deploy v2.3.1', 'roll back api-7f9c', 'rotate TLS certs'], tools: ['kubectl_apply', 'check_health', 'page_oncall'] },
  { name: 'triager', latency: 700, tokens: 500, price: 0.003, tasks: ['label new issues', 'dedupe bug reports'], tools: ['search_issues', 'add_label'] },
  { name: 'summarizer', latency: 1300, tokens: 1400, price: 0.003, tasks: ['daily digest', 'meeting notes'], tools: ['read_channel', 'post_message'] },
];

/**
 * @typedef {object} AgentSimOptions
 * @property {(topic: string, data: unknown) => unknown} publish
 * @property {number} [count] number of agents (default 6)
 * @property {number} [intervalMs] default 1000
 * @property {number} [silenceMs] how long a silent agent stays quiet (default 40 s)
 * @property {number} [silenceChance] per agent per tick (default 1/500)
 * @property {number} [errorChance] per running agent per tick (default 1/80)
 * @property {() => number} [random]
 * @property {() => number} [now]
 */

/**
 * @param {AgentSimOptions} options
 */
export function createAgentSimulator(options) {
  const {
    publish, count = 6, intervalMs = 1000, silenceMs = 40_000, silenceChance = 1 / 500, errorChance = 1 / 80,
    random = Math.random, now = Date.now,
  } = options;
  const agents = Array.from({ length: Math.max(0, count) }, (_, i) => {
    const profile = PROFILES[i % PROFILES.length];
    const round2 = Math.floor(i / PROFILES.length);
    const name = round2 === 0 ? profile.name : `${profile.name}-${round2 + 1}`;
    return {
      id: `agent-${name}`,
      name,
      profile,
      state: /** @type {'idle' | 'running' | 'waiting' | 'error'} */ (random() < 0.6 ? 'running' : 'idle'),
      task: /** @type {string | null} */ (pick(random, profile.tasks)),
      tool: /** @type {string | null} */ (null),
      window: new AgentWindow({ windowMs: 60_000 }),
      costUsd: 0,
      silentUntil: 0,
    };
  });
  /** @type {NodeJS.Timeout | null} */
  let timer = null;

  /** @param {(typeof agents)[number]} a */
  function step(a) {
    const t = now();
    if (a.silentUntil > t) return false;
    if (a.silentUntil !== 0) {
      a.silentUntil = 0;
      a.state = 'idle';
    }
    if (random() < silenceChance) {
      a.silentUntil = t + silenceMs * (0.9 + random() * 0.3);
      return false;
    }
    const r = random();
    switch (a.state) {
      case 'idle':
        if (r < 0.3) {
          a.state = 'running';
          a.task = pick(random, a.profile.tasks);
        }
        break;
      case 'running':
        if (r < errorChance) a.state = 'error';
        else if (r < 0.08) a.state = 'waiting';
        else if (r < 0.12) a.state = 'idle';
        break;
      case 'waiting':
        if (r < 0.35) a.state = 'running';
        break;
      case 'error':
        if (r < 0.25) a.state = random() < 0.7 ? 'running' : 'idle';
        break;
    }
    if (a.state === 'running' || a.state === 'error') {
      a.tool = pick(random, a.profile.tools);
      // Roughly one call in flight: a call completes this tick with probability 1 s / latency.
      const calls = random() < Math.min(0.95, 1000 / a.profile.latency) ? (random() < 0.15 ? 2 : 1) : 0;
      for (let i = 0; i < calls; i++) {
        const failing = a.state === 'error' ? random() < 0.6 : random() < 0.015;
        const tokens = failing ? 0 : Math.round(logNormal(random, a.profile.tokens, 0.5));
        const costUsd = (tokens / 1000) * a.profile.price;
        a.costUsd += costUsd;
        a.window.add({ latencyMs: Math.round(logNormal(random, a.profile.latency, 0.6)), tokens, error: failing, costUsd }, t);
      }
    } else if (a.state === 'waiting') {
      a.tool = random() < 0.5 ? 'await_human_approval' : a.tool;
    } else {
      a.tool = null;
      if (a.state === 'idle') a.task = null;
    }
    return true;
  }

  /** @param {(typeof agents)[number]} a */
  function payload(a) {
    const t = now();
    const s = a.window.snapshot(t);
    return {
      id: a.id,
      name: a.name,
      state: a.state,
      ts: t,
      task: a.task,
      tool: a.tool,
      tokensPerSec: round(s.tokensPerSec, 1),
      latencyMs: { p50: s.latencyMs.p50, p99: s.latencyMs.p99 },
      errorRate: round(s.errorRate, 4),
      costUsd: round(a.costUsd, 6),
      calls: s.calls,
    };
  }

  function tick() {
    for (const a of agents) if (step(a)) publish('agents', payload(a));
  }

  return {
    agents,
    tick,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
