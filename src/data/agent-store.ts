import type { AgentState, AgentUpdate } from './agent-payload.js';

/** An agent as `<agent-status>` knows it: every field merged from its updates so far. */
export interface AgentSnapshot {
  readonly id: string;
  readonly name: string;
  /** What is shown: `offline` when nothing arrived for `offline-after`, else the reported state. */
  readonly state: AgentState;
  /** The last state the agent reported itself. */
  readonly reportedState: AgentState;
  readonly task: string | undefined;
  readonly tool: string | undefined;
  /** Epoch ms (local clock) of its last message. */
  readonly lastSeen: number;
  /** The `ts` of its last message, when it sent one. */
  readonly ts: number | undefined;
  readonly tokensPerSec: number | undefined;
  readonly latencyMs: { readonly p50: number | undefined; readonly p99: number | undefined };
  /** Fraction 0-1. */
  readonly errorRate: number | undefined;
  readonly costUsd: number | undefined;
}

/** Sort rank of a shown state: errors and offline agents first, then running, waiting, idle. */
export const AGENT_STATE_RANK: Readonly<Record<AgentState, number>> = { error: 0, offline: 1, running: 2, waiting: 3, idle: 4 };

/** Samples kept per agent for its tokens/s sparkline; one per second at most. */
export const SPARK_POINTS = 30;

/**
 * One agent's mutable record. `version` goes up on every change that shows, so a view can skip
 * agents whose card would look the same.
 */
export class AgentRecord {
  readonly id: string;
  name: string;
  reportedState: AgentState = 'idle';
  offline = false;
  task: string | undefined;
  tool: string | undefined;
  lastSeen = 0;
  ts: number | undefined;
  tokensPerSec: number | undefined;
  latencyP50: number | undefined;
  latencyP99: number | undefined;
  errorRate: number | undefined;
  costUsd: number | undefined;
  version = 0;
  /** tokens/s samples in a fixed ring: memory per agent never grows. */
  private readonly spark = new Float64Array(SPARK_POINTS);
  private sparkHead = 0;
  private sparkCount = 0;
  private sparkAt = -Infinity;

  constructor(id: string) {
    this.id = id;
    this.name = id;
  }

  get state(): AgentState {
    return this.offline ? 'offline' : this.reportedState;
  }

  /** Adds a tokens/s sample; samples less than a second apart replace each other (latest wins). */
  sample(value: number, now: number): void {
    if (this.sparkCount > 0 && now - this.sparkAt < 1000) {
      this.spark[(this.sparkHead + this.sparkCount - 1) % SPARK_POINTS] = value;
      return;
    }
    this.sparkAt = now;
    if (this.sparkCount < SPARK_POINTS) {
      this.spark[(this.sparkHead + this.sparkCount) % SPARK_POINTS] = value;
      this.sparkCount++;
    } else {
      this.spark[this.sparkHead] = value;
      this.sparkHead = (this.sparkHead + 1) % SPARK_POINTS;
    }
  }

  /** The kept tokens/s samples, oldest first (a new array: call it when drawing, not per message). */
  samples(): Float64Array {
    const out = new Float64Array(this.sparkCount);
    for (let i = 0; i < this.sparkCount; i++) out[i] = this.spark[(this.sparkHead + i) % SPARK_POINTS]!;
    return out;
  }

  snapshot(): AgentSnapshot {
    return Object.freeze({
      id: this.id,
      name: this.name,
      state: this.state,
      reportedState: this.reportedState,
      task: this.task,
      tool: this.tool,
      lastSeen: this.lastSeen,
      ts: this.ts,
      tokensPerSec: this.tokensPerSec,
      latencyMs: Object.freeze({ p50: this.latencyP50, p99: this.latencyP99 }),
      errorRate: this.errorRate,
      costUsd: this.costUsd,
    });
  }
}

/**
 * The agents `<agent-status>` shows, keyed by id, bounded by `maxAgents` (the agent not heard
 * from for longest leaves first). Updates merge into the known record; `sweep` turns silent
 * agents offline. No DOM; time is always passed in.
 */
export class AgentStore {
  maxAgents: number;
  private readonly records = new Map<string, AgentRecord>();
  /** Set when an agent's sort position may have changed (state, name, arrivals, departures). */
  orderChanged = true;
  /** Set when the set of names changed (arrivals, departures, renames): name order must be redone. */
  namesChanged = true;
  /** Bumped on every change. */
  version = 0;
  /** Agents dropped because the store was full. */
  evicted = 0;

  constructor(maxAgents: number) {
    this.maxAgents = maxAgents;
  }

  get size(): number {
    return this.records.size;
  }

  get(id: string): AgentRecord | undefined {
    return this.records.get(id);
  }

  values(): IterableIterator<AgentRecord> {
    return this.records.values();
  }

  clear(): void {
    this.records.clear();
    this.orderChanged = this.namesChanged = true;
    this.version++;
  }

  /**
   * Merges an update into the agent's record (creating it), at local time `now`. An update whose
   * `ts` is older than the agent's last one arrived out of order and is ignored; returns false then.
   */
  apply(update: AgentUpdate, now: number): boolean {
    let record = this.records.get(update.id);
    if (!record) {
      record = new AgentRecord(update.id);
      this.records.set(update.id, record);
      this.orderChanged = this.namesChanged = true;
      this.evictBeyondLimit(record);
    } else if (update.ts !== undefined && record.ts !== undefined && update.ts < record.ts) {
      return false;
    }
    const before = record.state;
    if (update.name !== undefined && update.name !== record.name) {
      record.name = update.name;
      this.orderChanged = this.namesChanged = true;
    }
    if (update.state !== undefined) record.reportedState = update.state;
    record.offline = false;
    if (update.ts !== undefined) record.ts = update.ts;
    if (update.task !== undefined) record.task = update.task ?? undefined;
    if (update.tool !== undefined) record.tool = update.tool ?? undefined;
    if (update.tokensPerSec !== undefined) {
      record.tokensPerSec = update.tokensPerSec;
      record.sample(update.tokensPerSec, now);
    }
    if (update.latencyP50 !== undefined) record.latencyP50 = update.latencyP50;
    if (update.latencyP99 !== undefined) record.latencyP99 = update.latencyP99;
    if (update.errorRate !== undefined) record.errorRate = update.errorRate;
    if (update.costUsd !== undefined) record.costUsd = update.costUsd;
    record.lastSeen = Math.max(record.lastSeen, now);
    if (record.state !== before) this.orderChanged = true;
    record.version++;
    this.version++;
    return true;
  }

  /** Turns agents silent for longer than `offlineAfterMs` offline. Returns how many changed. */
  sweep(now: number, offlineAfterMs: number): number {
    let changed = 0;
    for (const record of this.records.values()) {
      const offline = now - record.lastSeen > offlineAfterMs;
      if (offline !== record.offline) {
        record.offline = offline;
        record.version++;
        changed++;
      }
    }
    if (changed) {
      this.orderChanged = true;
      this.version++;
    }
    return changed;
  }

  private evictBeyondLimit(keep: AgentRecord): void {
    while (this.records.size > Math.max(1, this.maxAgents)) {
      let victim: AgentRecord | undefined;
      for (const record of this.records.values()) {
        if (record === keep) continue;
        if (!victim) {
          victim = record;
          continue;
        }
        // Offline agents go first; among equals, the one heard from longest ago.
        const off = record.state === 'offline';
        if (off !== (victim.state === 'offline') ? off : record.lastSeen < victim.lastSeen) victim = record;
      }
      if (!victim) return;
      this.records.delete(victim.id);
      this.evicted++;
      this.orderChanged = this.namesChanged = true;
    }
  }
}
