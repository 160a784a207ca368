// Alerts derived from metric topics: a rule fires `warning` (or `critical`) on `alerts` once a
// value stayed above its threshold for `forMs`, escalates/de-escalates with the value, and
// publishes `resolved` once the value stayed at or below the warning threshold for `resolveForMs`.
// Time comes from the payload's `ts` (epoch ms or ISO-8601) when present, else arrival time, so
// the rules apply the same to host metrics and to metrics posted to /ingest. A rule for `cpu` also
// watches every per-host `cpu@<host>` (agents, docs/fleet.md), with one alert per host.

/**
 * @typedef {object} ThresholdRule
 * @property {string} name alertname label, e.g. HighCpu
 * @property {string} topic metric topic to watch
 * @property {string} field payload field (`value`), or `*` for every numeric field but `ts`
 * @property {string} label human name used in titles, e.g. CPU
 * @property {number} warning fire `warning` above this
 * @property {number | null} [critical] fire `critical` above this
 * @property {number} [forMs] how long the value must stay above (default 10 s)
 * @property {number} [resolveForMs] how long it must stay at or below warning to resolve (default 0)
 * @property {string} [unit] default `%`
 */

/** @type {readonly ThresholdRule[]} */
export const DEFAULT_RULES = Object.freeze([
  { name: 'HighCpu', topic: 'cpu', field: 'value', label: 'CPU', warning: 75, critical: 90, forMs: 10_000, resolveForMs: 5_000 },
  { name: 'HighMemory', topic: 'mem', field: 'value', label: 'Memory', warning: 90, critical: 97, forMs: 10_000, resolveForMs: 5_000 },
  { name: 'DiskFull', topic: 'disk', field: '*', label: 'Disk', warning: 90, critical: 97, forMs: 10_000, resolveForMs: 10_000 },
]);

/**
 * @typedef {object} RuleState
 * @property {0 | 1 | 2} level 0 ok, 1 warning, 2 critical
 * @property {number | null} warnSince
 * @property {number | null} critSince
 * @property {number | null} okSince
 * @property {string | null} startsAt
 */

const SEVERITY = /** @type {const} */ (['none', 'warning', 'critical']);

/**
 * @param {{ publish: (topic: string, data: unknown) => unknown, rules?: readonly ThresholdRule[], topic?: string, maxStates?: number }} options
 */
export function createThresholdAlerts(options) {
  const { publish, rules = DEFAULT_RULES, topic = 'alerts', maxStates = 1000 } = options;
  /** @type {Map<string, RuleState>} */
  const states = new Map();
  const watched = new Set(rules.map((r) => r.topic));

  /**
   * Feeds one published payload (call for every event; others are ignored).
   * @param {string} eventTopic
   * @param {unknown} data
   */
  function observe(eventTopic, data) {
    const at = eventTopic.indexOf('@');
    const base = at < 0 ? eventTopic : eventTopic.slice(0, at);
    if (!watched.has(base)) return;
    const host = at < 0 ? null : eventTopic.slice(at + 1);
    const samples = Array.isArray(data) ? data : [data];
    for (const sample of samples) {
      if (sample === null || typeof sample !== 'object') continue;
      const s = /** @type {Record<string, unknown>} */ (sample);
      const ts = timeOf(s.ts);
      for (const rule of rules) {
        if (rule.topic !== base) continue;
        const keys = rule.field === '*' ? Object.keys(s).filter((k) => k !== 'ts' && k !== 'simulated') : [rule.field];
        for (const key of keys) {
          const v = s[key];
          if (typeof v === 'number' && Number.isFinite(v)) evaluate(rule, key, v, ts, host);
        }
      }
    }
  }

  /**
   * @param {ThresholdRule} rule
   * @param {string} key
   * @param {number} value
   * @param {number} ts
   * @param {string | null} host from a per-host topic (`cpu@web-1`)
   */
  function evaluate(rule, key, value, ts, host) {
    const id = `threshold:${rule.name}:${key}${host === null ? '' : `@${host}`}`;
    let st = states.get(id);
    if (!st) {
      if (value <= rule.warning) return; // nothing to track
      if (states.size >= maxStates) return;
      st = { level: 0, warnSince: null, critSince: null, okSince: null, startsAt: null };
      states.set(id, st);
    }
    const forMs = rule.forMs ?? 10_000;
    const critical = rule.critical ?? null;
    st.warnSince = value > rule.warning ? st.warnSince ?? ts : null;
    st.critSince = critical !== null && value > critical ? st.critSince ?? ts : null;
    st.okSince = value <= rule.warning ? st.okSince ?? ts : null;
    /** @type {0 | 1 | 2} */
    const target = st.critSince !== null && ts - st.critSince >= forMs ? 2 : st.warnSince !== null && ts - st.warnSince >= forMs ? 1 : 0;

    if (st.level === 0) {
      if (target > 0) {
        st.level = target;
        st.startsAt = new Date(st.warnSince ?? ts).toISOString(); // when the value first went above
        emit(rule, key, id, st, value, 'firing', null, host);
      } else if (st.warnSince === null) {
        states.delete(id);
      }
      return;
    }
    if (st.okSince !== null) {
      if (ts - st.okSince >= (rule.resolveForMs ?? 0)) {
        emit(rule, key, id, st, value, 'resolved', new Date(ts).toISOString(), host);
        states.delete(id);
      }
      return;
    }
    if (target > st.level || (st.level === 2 && st.critSince === null)) {
      st.level = target > st.level ? target : 1;
      emit(rule, key, id, st, value, 'firing', null, host);
    }
  }

  /**
   * @param {ThresholdRule} rule
   * @param {string} key
   * @param {string} id
   * @param {RuleState} st
   * @param {number} value
   * @param {'firing' | 'resolved'} status
   * @param {string | null} endsAt
   * @param {string | null} host
   */
  function emit(rule, key, id, st, value, status, endsAt, host) {
    const unit = rule.unit ?? '%';
    const what = (rule.field === '*' ? `${rule.label} ${key}` : rule.label) + (host === null ? '' : ` on ${host}`);
    const severity = SEVERITY[st.level];
    const threshold = st.level === 2 ? rule.critical : rule.warning;
    const seconds = Math.round((rule.forMs ?? 10_000) / 1000);
    publish(topic, {
      id,
      status,
      severity,
      // A resolution keeps the title it fired with: a new title ("CPU back below 75%") would read
      // as the name of the alert that is now over. The description says how it ended.
      title: `${what} above ${threshold}${unit}`,
      description: status === 'resolved'
        ? `Resolved: ${what} is ${value.toFixed(1)}${unit}, back at or below ${rule.warning}${unit}.`
        : `${what} is ${value.toFixed(1)}${unit}: above the ${severity} threshold of ${threshold}${unit} for at least ${seconds}s.`,
      startsAt: st.startsAt,
      endsAt,
      labels: { alertname: rule.name, severity, topic: host === null ? rule.topic : `${rule.topic}@${host}`, field: key, source: 'pulseboard', ...(host === null ? {} : { host }) },
    });
  }

  return { observe, states };
}

/**
 * @param {unknown} ts
 * @returns {number}
 */
function timeOf(ts) {
  if (typeof ts === 'number' && Number.isFinite(ts)) return ts;
  if (typeof ts === 'string') {
    const t = Date.parse(ts);
    if (!Number.isNaN(t)) return t;
  }
  return Date.now();
}
