// Per-topic source status: whether the upstream a topic comes from answers. Connectors
// (Prometheus, a scrape target, Alertmanager) report ok / error; the fleet registry
// (fleet/registry.js) sets `offline` when a `pulseboard agent` stops sending heartbeats, and ok
// when it is back. This is the ONE place `pulse.source` comes from: every change goes to every
// connected client at once as a control event, and each new connection gets ONE `full` map for
// its topics right after `pulse.hello` (connectors and agents together), so a fresh page knows a
// source is down without waiting for the next failure. Keys are topic names or `*` patterns
// (`app.*`: a scrape target whose topics are not known before its first successful scrape).
// Bounded: at most `maxKeys` keys.
import { isTopicPattern } from './topic-pattern.js';

/**
 * @typedef {object} SourceState
 * @property {'ok' | 'error' | 'offline'} status
 * @property {string} source which source: `prometheus`, `scrape`, `alertmanager`, `agent`
 * @property {string} [message] what is wrong, for people (`Prometheus unreachable`)
 * @property {number} [since] epoch ms the error started (kept while the error goes on), or when an
 *   offline agent was last heard of
 */

/**
 * What connectors report into: the SourceStatus itself on one node, `sharedThrough()` in a cluster.
 * @typedef {{ report: (keys: Iterable<string>, source: string, error: string | null) => void, forget: (keys: Iterable<string>) => void }} SourceReporter
 */

export class SourceStatus {
  /** @param {{ maxKeys?: number, now?: () => number }} [options] */
  constructor(options = {}) {
    this.maxKeys = options.maxKeys ?? 4096;
    this.now = options.now ?? Date.now;
    /** @type {Map<string, SourceState>} */
    this.states = new Map();
    /** @type {Set<(changes: Record<string, SourceState>) => void>} */
    this.listeners = new Set();
    /** Changes a shared reporter could not store (see sharedThrough). */
    this.unshared = 0;
  }

  /**
   * Reports the state of these topics (or patterns). Only real changes reach the listeners; an
   * error that goes on keeps its first `since`, and a changed message is a change.
   * @param {Iterable<string>} keys
   * @param {string} source
   * @param {string | null} error null when the source answered fine
   */
  report(keys, source, error) {
    const { changes, quiet } = this.changesFor(keys, source, error);
    // A key first heard of as fine is remembered without telling anyone (nothing changed for them).
    for (const key of quiet) this.remember(key, { status: 'ok', source });
    this.apply(changes);
  }

  /**
   * What `report(keys, source, error)` would change, without changing it: `changes` to apply,
   * `quiet` keys first heard of as fine.
   * @param {Iterable<string>} keys
   * @param {string} source
   * @param {string | null} error
   */
  changesFor(keys, source, error) {
    /** @type {Record<string, SourceState>} */
    const changes = Object.create(null);
    /** @type {string[]} */
    const quiet = [];
    for (const key of keys) {
      const prev = this.states.get(key);
      if (error === null) {
        if (!prev) quiet.push(key);
        if (!prev || prev.status === 'ok') continue;
        changes[key] = { status: 'ok', source };
      } else {
        if (prev && prev.status === 'error' && prev.message === error) continue;
        changes[key] = { status: 'error', source, message: error, since: prev?.status === 'error' && prev.since ? prev.since : this.now() };
      }
    }
    return { changes, quiet };
  }

  /**
   * Sets states as they are (what the fleet registry decides from heartbeats) and tells the
   * listeners about the ones that changed.
   * @param {Record<string, SourceState>} entries
   */
  apply(entries) {
    /** @type {Record<string, SourceState>} */
    const changes = Object.create(null);
    let changed = false;
    for (const [key, next] of Object.entries(entries)) {
      const prev = this.states.get(key);
      if (prev && prev.status === next.status && prev.message === next.message && prev.since === next.since && prev.source === next.source) continue;
      this.remember(key, next);
      changes[key] = next;
      changed = true;
    }
    if (changed) this.tell(changes);
  }

  /** @param {Record<string, SourceState>} changes */
  tell(changes) {
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        process.emitWarning(`pulseboard: source status listener failed: ${/** @type {Error} */ (err).message}`);
      }
    }
  }

  /**
   * Forgets keys a source no longer publishes (a scrape target dropped a metric).
   * @param {Iterable<string>} keys
   */
  forget(keys) {
    for (const key of keys) this.states.delete(key);
  }

  /**
   * How connectors report in a cluster, where only the lease holder polls: its changes go
   * through a shared table (server/shared-state.js: a Redis hash and the shared stream), and
   * every node, the lease holder too, applies them from there, so all nodes tell their clients
   * the same thing (and the next lease holder continues from the same states). A change that
   * cannot be stored (Redis down) is counted in `unshared`; the next round reports it again.
   * @param {import('./shared-state.js').SharedTable} table
   * @returns {SourceReporter}
   */
  sharedThrough(table) {
    table.onChange((key, value) => {
      if (value === null) this.forget([key]);
      else this.apply({ [key]: /** @type {SourceState} */ (value) });
    });
    const write = (/** @type {Promise<void>} */ p) => {
      p.catch(() => {
        this.unshared++;
      });
    };
    return {
      report: (keys, source, error) => {
        const { changes } = this.changesFor(keys, source, error);
        for (const [key, state] of Object.entries(changes)) write(table.set(key, state));
      },
      forget: (keys) => {
        for (const key of keys) if (this.states.has(key)) write(table.delete(key));
      },
    };
  }

  /**
   * @param {string} key
   * @param {SourceState} state
   */
  remember(key, state) {
    this.states.delete(key);
    this.states.set(key, state);
    if (this.states.size > this.maxKeys) this.states.delete(/** @type {string} */ (this.states.keys().next().value));
  }

  /**
   * The states a client with this topic filter should know: every key when it takes every topic,
   * else the keys it subscribes to and the patterns that match one of them.
   * @param {import('./topics.js').TopicSet | null} topics
   * @returns {Record<string, SourceState>}
   */
  snapshot(topics) {
    /** @type {Record<string, SourceState>} */
    const out = Object.create(null);
    for (const [key, state] of this.states) {
      if (wanted(key, topics)) out[key] = state;
    }
    return out;
  }

  /** @param {(changes: Record<string, SourceState>) => void} listener */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** For /health: the keys in error. */
  errors() {
    /** @type {Record<string, SourceState>} */
    const out = {};
    for (const [key, state] of this.states) if (state.status === 'error') out[key] = state;
    return out;
  }
}

/**
 * @param {string} key a topic or a `*` pattern
 * @param {import('./topics.js').TopicSet | null} topics a client's filter (null: everything)
 */
export function wanted(key, topics) {
  if (topics === null) return true;
  if (!isTopicPattern(key)) return topics.has(key);
  return topics.overlaps ? topics.overlaps(key) : false;
}

/**
 * The `pulse.source` body for a client: `full` on connect (everything known for its topics), else
 * only the changed keys, filtered to the client's topics. Null when nothing concerns it.
 * The status of a source the client may not see is not its to know (`visible`, access control).
 * @param {Record<string, SourceState>} states
 * @param {import('./topics.js').TopicSet | null} topics
 * @param {boolean} full
 * @param {((topic: string) => boolean) | null} [visible]
 */
export function sourceEventFor(states, topics, full, visible = null) {
  /** @type {Record<string, SourceState>} */
  const picked = {};
  let any = false;
  for (const key of Object.keys(states)) {
    if (!wanted(key, topics) || (visible !== null && !visible(key))) continue;
    picked[key] = states[key];
    any = true;
  }
  // Nothing to say: no event (a client forgets source states on every new connection anyway).
  if (!any) return null;
  return full ? { full: true, topics: picked } : { topics: picked };
}
