// Traces that follow the OpenTelemetry GenAI semantic conventions (`gen_ai.*` attributes) feed
// `<agent-status>` through the same aggregator as /ingest's agent events (agent-events.js):
// - the agent: `gen_ai.agent.id`, else `gen_ai.agent.name`, else the agent seen earlier in the
//   same trace, else the resource's `service.name`;
// - model calls (`chat`, `text_completion`, `generate_content`, `embeddings`, ...): latency from
//   the span's duration, tokens from `gen_ai.usage.input_tokens` + `output_tokens`, cost from the
//   configured price table (USD per million input/output tokens, by model name or prefix);
// - `execute_tool` spans: the current tool (`gen_ai.tool.name`);
// - every GenAI span's status counts towards the error rate;
// - state from open spans: spans are exported when they end, so a span whose parent has not
//   ended yet means the parent (an `invoke_agent` run, say) is still open: the agent is running.
//   When the last open span of an agent ends, it is idle; spans still open after `openTtlMs`
//   without news are forgotten (a process that died mid-run).
import { list } from './logs.js';
import { attributes, durationMs, hexId, intOf } from './values.js';

const NON_CALL_OPERATIONS = new Set(['invoke_agent', 'create_agent', 'execute_tool']);
const ERROR = 2;

/**
 * @typedef {Record<string, { input?: number, output?: number }>} PriceTable USD per million tokens
 */

/**
 * @typedef {object} TraceState
 * @property {string} agent
 * @property {Set<string>} open span ids referenced as parents and not ended yet
 * @property {Set<string>} ended span ids ended (bounded)
 * @property {number} seen epoch ms of the last span
 */

export class GenAiTraces {
  /**
   * @param {{ record: (ev: import('../../agent-events.js').AgentEvent) => void, prices?: PriceTable, openTtlMs?: number, maxTraces?: number, now?: () => number }} options
   */
  constructor(options) {
    this.record = options.record;
    this.prices = options.prices ?? {};
    this.openTtlMs = options.openTtlMs ?? 300_000;
    this.maxTraces = options.maxTraces ?? 10_000;
    this.now = options.now ?? Date.now;
    /** @type {Map<string, TraceState>} */
    this.traces = new Map();
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
  }

  start() {
    this.timer ??= setInterval(() => this.sweep(), 5000);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * @param {Record<string, any>} request ExportTraceServiceRequest in the JSON mapping
   * @returns {{ spans: number, genai: number, rejected: number, reason: string }}
   */
  ingest(request) {
    let spans = 0;
    let genai = 0;
    let rejected = 0;
    let reason = '';
    // A batch often holds a whole run, children (which end first) before their invoke_agent span:
    // learn each trace's agent from the batch first, so the children are counted for it.
    for (const rs of list(request.resourceSpans)) {
      for (const ss of list(rs?.scopeSpans)) {
        for (const span of list(ss?.spans)) {
          const attrs = attributes(span?.attributes);
          const agent = attrs['gen_ai.agent.id'] ?? attrs['gen_ai.agent.name'];
          const traceId = hexId(span?.traceId);
          if (typeof agent === 'string' && agent && traceId && !this.traces.has(traceId)) this.track(traceId, '', '', agent.slice(0, 128));
        }
      }
    }
    for (const rs of list(request.resourceSpans)) {
      const resource = attributes(rs?.resource?.attributes);
      const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'otlp';
      for (const ss of list(rs?.scopeSpans)) {
        for (const span of list(ss?.spans)) {
          spans++;
          if (span === null || typeof span !== 'object') {
            rejected++;
            reason = 'a span is not an object';
            continue;
          }
          if (this.span(span, service)) genai++;
        }
      }
    }
    return { spans, genai, rejected, reason };
  }

  /**
   * @param {any} span
   * @param {string} service
   * @returns {boolean} whether it was a GenAI span
   */
  span(span, service) {
    const attrs = attributes(span.attributes);
    const traceId = hexId(span.traceId);
    const spanId = hexId(span.spanId);
    const parentId = hexId(span.parentSpanId);
    if (!Object.keys(attrs).some((k) => k.startsWith('gen_ai.'))) {
      // Not GenAI, but in a trace that is: it still opens and closes spans (an HTTP request
      // around an agent run), so the agent is not left "running" after it.
      const known = this.traces.get(traceId);
      if (known) {
        const before = this.openCount(known.agent);
        this.track(traceId, spanId, parentId, known.agent);
        if (before > 0 && this.openCount(known.agent) === 0) this.record({ agent: known.agent, state: 'idle', task: null, tool: null });
      }
      return false;
    }
    const str = (/** @type {string} */ k) => (typeof attrs[k] === 'string' && attrs[k] !== '' ? /** @type {string} */ (attrs[k]).slice(0, 128) : undefined);
    const trace = this.traces.get(traceId);
    const agent = str('gen_ai.agent.id') ?? str('gen_ai.agent.name') ?? trace?.agent ?? service;
    const name = str('gen_ai.agent.name') ?? agent;
    this.track(traceId, spanId, parentId, agent);
    const operation = str('gen_ai.operation.name') ?? '';
    const error = span.status?.code === ERROR || span.status?.code === 'STATUS_CODE_ERROR';
    const open = this.openCount(agent) > 0;
    /** @type {import('../../agent-events.js').AgentEvent} */
    const ev = { agent, name, error, state: error ? 'error' : open ? 'running' : 'idle', task: open ? String(span.name ?? operation).slice(0, 512) : null };
    if (operation === 'execute_tool') {
      ev.tool = open ? (str('gen_ai.tool.name') ?? null) : null;
    } else if (!open) {
      ev.tool = null;
    }
    if (!NON_CALL_OPERATIONS.has(operation)) {
      const input = intOf(attrs['gen_ai.usage.input_tokens']) ?? 0;
      const output = intOf(attrs['gen_ai.usage.output_tokens']) ?? 0;
      const latency = durationMs(span.startTimeUnixNano, span.endTimeUnixNano);
      if (latency !== null) ev.latencyMs = latency;
      if (input + output > 0) ev.tokens = input + output;
      const price = this.priceOf(str('gen_ai.response.model') ?? str('gen_ai.request.model'));
      if (price) ev.costUsd = (input * (price.input ?? 0) + output * (price.output ?? 0)) / 1e6;
    }
    this.record(ev);
    return true;
  }

  /**
   * Books the span as ended and its parent as open (unless the parent already ended).
   * @param {string} traceId
   * @param {string} spanId
   * @param {string} parentId
   * @param {string} agent
   */
  track(traceId, spanId, parentId, agent) {
    let trace = this.traces.get(traceId);
    if (trace) this.traces.delete(traceId);
    else {
      trace = { agent, open: new Set(), ended: new Set(), seen: 0 };
      while (this.traces.size >= this.maxTraces) this.traces.delete(/** @type {string} */ (this.traces.keys().next().value));
    }
    this.traces.set(traceId, trace);
    trace.seen = this.now();
    if (spanId) {
      trace.open.delete(spanId);
      if (trace.ended.size < 4096) trace.ended.add(spanId);
    }
    if (parentId && !trace.ended.has(parentId)) trace.open.add(parentId);
    return trace;
  }

  /** @param {string} agent */
  openCount(agent) {
    let n = 0;
    const now = this.now();
    for (const t of this.traces.values()) if (t.agent === agent && now - t.seen <= this.openTtlMs) n += t.open.size;
    return n;
  }

  /** Forgets traces silent for openTtlMs; their agents turn idle. */
  sweep() {
    const now = this.now();
    /** @type {Set<string>} */
    const agents = new Set();
    for (const [id, t] of this.traces) {
      if (now - t.seen <= this.openTtlMs) continue;
      this.traces.delete(id);
      if (t.open.size) agents.add(t.agent);
    }
    for (const agent of agents) if (this.openCount(agent) === 0) this.record({ agent, state: 'idle', task: null, tool: null });
  }

  /**
   * A model's price: an exact name, else the longest configured prefix (`gpt-4o` for `gpt-4o-2024-08-06`).
   * @param {string | undefined} model
   */
  priceOf(model) {
    if (!model) return undefined;
    if (Object.hasOwn(this.prices, model)) return this.prices[model];
    let best;
    for (const key of Object.keys(this.prices)) if (model.startsWith(key) && (!best || key.length > best.length)) best = key;
    return best ? this.prices[best] : undefined;
  }
}
