// Raw agent events (`agent-events` topic on /ingest) aggregated into `agents` payloads.
//
// An item `{"agent": "planner", "latencyMs": 812, "tokens": 430, "error": false, "costUsd": 0.0021,
// "task": "...", "tool": "..."}` describes one call an agent made. Per agent the server keeps an
// AgentWindow (last 60 s) and publishes on `agents` what <agent-status> shows: p50/p99 latency,
// error rate, tokens/s, and the cost accumulated since the server started.
import { AgentWindow } from './agent-window.js';

export const AGENT_EVENTS_TOPIC = 'agent-events';
export const AGENT_STATES = Object.freeze(['idle', 'running', 'waiting', 'error', 'offline']);

/**
 * @typedef {object} AgentEvent
 * @property {string} agent
 * @property {string} [name]
 * @property {number} [latencyMs]
 * @property {number} [tokens]
 * @property {boolean} [error]
 * @property {number} [costUsd]
 * @property {string | null} [task]
 * @property {string | null} [tool]
 * @property {string} [state]
 */

/**
 * Why `ev` is not a valid agent event: `{ field, error }`, or null when it is.
 * @param {unknown} ev
 * @returns {{ field: string | null, error: string } | null}
 */
export function agentEventProblem(ev) {
  if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) return { field: null, error: 'agent event must be an object' };
  const e = /** @type {Record<string, unknown>} */ (ev);
  if (typeof e.agent !== 'string' || e.agent.length === 0 || e.agent.length > 128) {
    return { field: 'agent', error: 'agent must be a non-empty string of at most 128 characters' };
  }
  for (const key of ['latencyMs', 'tokens', 'costUsd']) {
    const v = e[key];
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      return { field: key, error: `${key} must be a non-negative number` };
    }
  }
  if (e.error !== undefined && e.error !== null && typeof e.error !== 'boolean') return { field: 'error', error: 'error must be a boolean' };
  for (const key of ['name', 'task', 'tool']) {
    const v = e[key];
    if (v !== undefined && v !== null && (typeof v !== 'string' || v.length > 512)) {
      return { field: key, error: `${key} must be a string of at most 512 characters` };
    }
  }
  if (e.state !== undefined && e.state !== null && !AGENT_STATES.includes(/** @type {string} */ (e.state))) {
    return { field: 'state', error: `state must be one of ${AGENT_STATES.join(', ')}` };
  }
  return null;
}

/**
 * @typedef {object} AgentEntry
 * @property {string} id
 * @property {string} name
 * @property {AgentWindow} window
 * @property {string | null} task
 * @property {string | null} tool
 * @property {string | null} state explicit state from the latest event that named one
 * @property {boolean} lastError
 * @property {number} lastSeen
 * @property {number} costUsd total since the server started
 * @property {number} lastPublished
 * @property {NodeJS.Timeout | null} timer
 */

export class AgentAggregator {
  /**
   * @param {object} options
   * @param {(topic: string, data: unknown) => unknown} options.publish
   * @param {number} [options.windowMs] sliding window (default 60 s)
   * @param {number} [options.minIntervalMs] at most one `agents` payload per agent this often (default 250 ms)
   * @param {number} [options.tickMs] re-publish active agents this often so rates decay (default 5 s)
   * @param {number} [options.idleAfterMs] no event for this long: `running` becomes `idle` (default 10 s)
   * @param {number} [options.maxAgents] agents tracked; the least recently seen is forgotten (default 1000)
   * @param {() => number} [options.now]
   */
  constructor(options) {
    this.publishFn = options.publish;
    this.windowMs = options.windowMs ?? 60_000;
    this.minIntervalMs = options.minIntervalMs ?? 250;
    this.tickMs = options.tickMs ?? 5000;
    this.idleAfterMs = options.idleAfterMs ?? 10_000;
    this.maxAgents = options.maxAgents ?? 1000;
    this.now = options.now ?? Date.now;
    /** @type {Map<string, AgentEntry>} */
    this.agents = new Map();
    /** @type {NodeJS.Timeout | null} */
    this.ticker = null;
  }

  start() {
    if (this.ticker || this.tickMs <= 0) return;
    this.ticker = setInterval(() => this.tick(), this.tickMs);
    this.ticker.unref();
  }

  stop() {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    for (const entry of this.agents.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
    }
  }

  /**
   * Records one validated agent event and schedules an `agents` payload for its agent.
   * @param {AgentEvent} ev
   */
  record(ev) {
    const now = this.now();
    let entry = this.agents.get(ev.agent);
    if (entry) {
      this.agents.delete(ev.agent); // re-insert: Map order is least recently seen first
    } else {
      entry = {
        id: ev.agent, name: ev.agent, window: new AgentWindow({ windowMs: this.windowMs }), task: null, tool: null,
        state: null, lastError: false, lastSeen: now, costUsd: 0, lastPublished: -Infinity, timer: null,
      };
      while (this.agents.size >= this.maxAgents) this.forget(/** @type {string} */ (this.agents.keys().next().value));
    }
    this.agents.set(ev.agent, entry);
    if (typeof ev.name === 'string') entry.name = ev.name;
    if (ev.task !== undefined) entry.task = ev.task;
    if (ev.tool !== undefined) entry.tool = ev.tool;
    entry.state = typeof ev.state === 'string' ? ev.state : null;
    entry.lastError = ev.error === true;
    entry.lastSeen = now;
    if (typeof ev.costUsd === 'number') entry.costUsd += ev.costUsd;
    if (ev.latencyMs != null || ev.tokens != null || ev.error != null || ev.costUsd != null) entry.window.add(ev, now);
    this.schedule(entry);
  }

  /** @param {string} id */
  forget(id) {
    const entry = this.agents.get(id);
    if (entry?.timer) clearTimeout(entry.timer);
    this.agents.delete(id);
  }

  /** @param {AgentEntry} entry */
  schedule(entry) {
    if (entry.timer) return;
    const wait = entry.lastPublished + this.minIntervalMs - this.now();
    if (wait <= 0) {
      this.publish(entry);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (this.agents.get(entry.id) === entry) this.publish(entry);
    }, wait);
    entry.timer.unref();
  }

  /** @param {AgentEntry} entry */
  publish(entry) {
    entry.lastPublished = this.now();
    this.publishFn('agents', this.snapshot(entry));
  }

  /** Re-publishes agents seen within the window, so their rates decay and they turn idle. */
  tick() {
    const now = this.now();
    for (const entry of this.agents.values()) {
      if (now - entry.lastSeen <= this.windowMs + this.tickMs && !entry.timer) this.publish(entry);
    }
  }

  /**
   * The `agents` payload for one agent.
   * @param {AgentEntry} entry
   */
  snapshot(entry) {
    const now = this.now();
    const stats = entry.window.snapshot(now);
    let state = entry.state;
    if (state === null) state = entry.lastError ? 'error' : now - entry.lastSeen < this.idleAfterMs ? 'running' : 'idle';
    return {
      id: entry.id,
      name: entry.name,
      state,
      ts: now,
      task: entry.task,
      tool: entry.tool,
      tokensPerSec: round(stats.tokensPerSec, 1),
      latencyMs: { p50: stats.latencyMs.p50, p99: stats.latencyMs.p99 },
      errorRate: round(stats.errorRate, 4),
      costUsd: round(entry.costUsd, 6),
      calls: stats.calls,
    };
  }
}

/**
 * @param {number} n
 * @param {number} digits
 */
export function round(n, digits) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
