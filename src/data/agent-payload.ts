import { readField } from './field-path.js';
import { parseTimestamp } from './timestamp.js';

/**
 * Normalises agent payloads: Pulseboard's shape (`{id, name, state, ts, task, tool, tokensPerSec,
 * latencyMs: {p50, p99}, errorRate, costUsd}`), with the state words of A2A and LangGraph mapped
 * onto ours. Pure functions, no DOM.
 *
 * A payload is an UPDATE: fields it leaves out keep their known values (`{id, state}` alone only
 * changes the state). A field with a bad value (a string for a number, NaN, Infinity, a negative
 * cost) is dropped and reported; the payload's other fields still apply.
 */

/** The states an agent is shown in. `offline` is also what silence for `offline-after` becomes. */
export const AGENT_STATES = ['idle', 'running', 'waiting', 'error', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/**
 * State words of other agent frameworks, mapped onto ours:
 * - A2A task states: `submitted` (queued, not started) and `input-required`/`auth-required` are
 *   waiting; `working` is running; `completed`/`canceled` leave the agent idle; `failed`/`rejected`
 *   are errors.
 * - LangGraph run statuses: `pending` and `interrupted` (human-in-the-loop) are waiting;
 *   `running` is running; `success` is idle; `error` and `timeout` are errors.
 * - Common words: busy/active/working/in-progress → running; queued/paused/blocked → waiting;
 *   done/ready/stopped → idle; failed/crashed → error; disconnected/dead → offline.
 */
const STATE_WORDS: Record<string, AgentState> = {
  idle: 'idle',
  running: 'running',
  waiting: 'waiting',
  error: 'error',
  offline: 'offline',
  // A2A
  submitted: 'waiting',
  working: 'running',
  inputrequired: 'waiting',
  authrequired: 'waiting',
  completed: 'idle',
  canceled: 'idle',
  cancelled: 'idle',
  failed: 'error',
  rejected: 'error',
  // LangGraph
  pending: 'waiting',
  success: 'idle',
  timeout: 'error',
  interrupted: 'waiting',
  // common words
  busy: 'running',
  active: 'running',
  thinking: 'running',
  streaming: 'running',
  inprogress: 'running',
  started: 'running',
  queued: 'waiting',
  blocked: 'waiting',
  paused: 'waiting',
  awaitinginput: 'waiting',
  ready: 'idle',
  done: 'idle',
  finished: 'idle',
  succeeded: 'idle',
  stopped: 'idle',
  failure: 'error',
  crashed: 'error',
  errored: 'error',
  disconnected: 'offline',
  dead: 'offline',
  unreachable: 'offline',
};

/** Maps a state word (ours, A2A's, LangGraph's; any case, `_`/`-`/space ignored) or undefined. */
export function normaliseAgentState(value: unknown): AgentState | undefined {
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase().replace(/[\s_-]+/g, '');
  return Object.prototype.hasOwnProperty.call(STATE_WORDS, word) ? STATE_WORDS[word] : undefined;
}

/**
 * What one payload says about one agent. A property that is absent was not in the payload (keep
 * the known value); `null` for `task`/`tool` clears it.
 */
export interface AgentUpdate {
  readonly id: string;
  readonly name?: string;
  readonly state?: AgentState;
  /** Epoch ms the payload was produced (its `ts`). */
  readonly ts?: number;
  readonly task?: string | null;
  readonly tool?: string | null;
  readonly tokensPerSec?: number;
  readonly latencyP50?: number;
  readonly latencyP99?: number;
  /** Fraction 0-1. */
  readonly errorRate?: number;
  readonly costUsd?: number;
}

export type AgentParseResult =
  | { readonly ok: true; readonly update: AgentUpdate; /** Fields dropped for bad values, with why. */ readonly errors: string[] }
  | { readonly ok: false; readonly reason: string };

export const AGENT_LIMITS = { idLength: 256, nameLength: 256, textLength: 1024 } as const;

/**
 * Where an agent's id, name and state are in a stream not shaped like ours: dot paths into the
 * payload (`{id: 'agent_id', state: 'status.phase'}`). A path given replaces the keys read by default.
 */
export interface AgentFieldMap {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly state?: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function cut(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * Reads an agent payload into an update. Only a missing or unusable `id` rejects the whole
 * payload; every other bad field is dropped on its own and listed in `errors`.
 *
 * Besides `state`, a `status` word (LangGraph runs) or `status: {state}` object (A2A tasks) is
 * read. `errorRate` is a fraction (0.05 = 5%); a value above 1 and up to 100 is read as a percentage.
 * `fields` maps id, name and state onto other keys (see {@link AgentFieldMap}).
 */
export function parseAgent(payload: unknown, now: number = Date.now(), fields: AgentFieldMap = {}): AgentParseResult {
  if (!isRecord(payload)) return { ok: false, reason: `expected an agent object, got ${payload === null ? 'null' : Array.isArray(payload) ? 'an array' : typeof payload}` };
  const rawId = fields.id ? readField(payload, fields.id) : has(payload, 'id') ? payload['id'] : undefined;
  let id: string;
  if (typeof rawId === 'string' && rawId.length > 0 && rawId.length <= AGENT_LIMITS.idLength) id = rawId;
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
  else return { ok: false, reason: fields.id ? `agent payload without a usable id at "${fields.id}"` : 'agent payload without a usable id' };

  const update: { -readonly [K in keyof AgentUpdate]: AgentUpdate[K] } = { id };
  const errors: string[] = [];
  const bad = (field: string, why: string) => errors.push(`agent ${id}: ${field} ${why}`);

  const rawName = fields.name ? readField(payload, fields.name) : has(payload, 'name') ? payload['name'] : undefined;
  if (rawName !== undefined && rawName !== null) {
    const name = rawName;
    if (typeof name === 'string') update.name = cut(name, AGENT_LIMITS.nameLength);
    else if (typeof name === 'number' && Number.isFinite(name)) update.name = String(name);
    else bad('name', 'is not text');
  }

  // state, else status (a word, or A2A's {state, timestamp})
  let rawState: unknown = fields.state ? readField(payload, fields.state) : has(payload, 'state') ? payload['state'] : undefined;
  let stateField = fields.state ?? 'state';
  if (rawState === undefined && !fields.state && has(payload, 'status')) {
    const status = payload['status'];
    rawState = isRecord(status) && has(status, 'state') ? status['state'] : status;
    stateField = 'status';
  }
  if (rawState !== undefined && rawState !== null) {
    const state = normaliseAgentState(rawState);
    if (state) update.state = state;
    else bad(stateField, typeof rawState === 'string' ? `"${cut(rawState, 40)}" is not a known state` : 'is not a state word');
  }

  if (has(payload, 'ts') && payload['ts'] !== null) {
    const ts = parseTimestamp(payload['ts'], now);
    if (ts !== undefined) update.ts = ts;
    else bad('ts', 'is not a usable time');
  }

  for (const field of ['task', 'tool'] as const) {
    if (!has(payload, field)) continue;
    const value = payload[field];
    if (value === null || value === '') update[field] = null;
    else if (typeof value === 'string') update[field] = cut(value, AGENT_LIMITS.textLength);
    else if (typeof value === 'number' && Number.isFinite(value)) update[field] = String(value);
    else if (isRecord(value) && typeof value['name'] === 'string' && has(value, 'name')) update[field] = cut(value['name'], AGENT_LIMITS.textLength);
    else bad(field, 'is not text');
  }

  const tokens = number(payload, 'tokensPerSec', bad);
  if (tokens !== undefined) update.tokensPerSec = tokens;
  const cost = number(payload, 'costUsd', bad);
  if (cost !== undefined) update.costUsd = cost;

  const rate = number(payload, 'errorRate', bad);
  if (rate !== undefined) {
    if (rate <= 1) update.errorRate = rate;
    else if (rate <= 100) update.errorRate = rate / 100;
    else bad('errorRate', 'is above 100%');
  }

  if (has(payload, 'latencyMs') && payload['latencyMs'] !== null) {
    const latency = payload['latencyMs'];
    if (isRecord(latency)) {
      const p50 = number(latency, 'p50', bad, 'latencyMs.p50');
      const p99 = number(latency, 'p99', bad, 'latencyMs.p99');
      if (p50 !== undefined) update.latencyP50 = p50;
      if (p99 !== undefined) update.latencyP99 = p99;
    } else bad('latencyMs', 'is not {p50, p99}');
  }

  return { ok: true, update, errors };
}

/** A finite, non-negative number field, or undefined (absent, null, or bad: then reported). */
function number(o: Record<string, unknown>, key: string, bad: (field: string, why: string) => void, label = key): number | undefined {
  if (!has(o, key) || o[key] === null) return undefined;
  const value = o[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    bad(label, 'is not a finite number');
    return undefined;
  }
  if (value < 0) {
    bad(label, 'is negative');
    return undefined;
  }
  return value;
}
