import { readField } from './field-path.js';

/**
 * Normalises alert payloads: Pulseboard's own shape and a Prometheus Alertmanager webhook body,
 * as-is. Pure functions, no DOM: the element decides what to show, this decides what an alert is.
 */

/** Severities, most urgent first; the order alerts sort in. */
export const ALERT_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export type AlertStatus = 'firing' | 'resolved';

/**
 * A server-side silence or ack of an alert (the reference server's `silence` field: from
 * Alertmanager's silences, or kept by the server itself).
 */
export interface AlertSilence {
  readonly state: 'silenced' | 'acknowledged';
  /** Who made it ('' when unknown). */
  readonly by: string;
  /** Epoch ms it ends, when known. */
  readonly until: number | undefined;
  readonly comment: string;
}

/** One alert, normalised. Labels live in a `Map`, so a `__proto__` label is just a label. */
export interface Alert {
  /** The key alerts are deduplicated by: `id`, else Alertmanager's `fingerprint`, else a hash of the labels. */
  readonly id: string;
  readonly status: AlertStatus;
  readonly severity: AlertSeverity;
  /**
   * False when the payload named no severity (or `none`): `severity` is then `info` by default,
   * and a resolution keeps the severity the alert fired with.
   */
  readonly severityStated: boolean;
  /** `title`, else the `summary` annotation, else the `alertname` label. */
  readonly title: string;
  /** `description`, else the `description` annotation. May be empty. */
  readonly description: string;
  /** Epoch ms the alert started; undefined when the payload did not say (the arrival time is used). */
  readonly startsAt: number | undefined;
  /** Epoch ms it ended; undefined while it has not (Alertmanager's `0001-01-01T00:00:00Z`). */
  readonly endsAt: number | undefined;
  readonly labels: ReadonlyMap<string, string>;
  /** Annotations other than summary and description (Alertmanager's `runbook_url`, ...), as text. */
  readonly annotations: ReadonlyMap<string, string>;
  /** The payload's `silence`: null when it says "not silenced", undefined when it says nothing. */
  readonly silence: AlertSilence | null | undefined;
}

export interface AlertParseResult {
  /** Alerts read from the payload (an Alertmanager body holds several). */
  readonly alerts: Alert[];
  /** Why items were skipped, one reason per skipped alert (or one for the whole payload). */
  readonly errors: string[];
}

/**
 * Where an alert's id, severity and title are in a stream not shaped like ours: dot paths into each
 * alert (`{severity: 'labels.priority', title: 'annotations.headline'}`). A path given replaces the
 * keys read by default; in an Alertmanager body the paths apply to each item of `alerts`.
 */
export interface AlertFieldMap {
  readonly id?: string | undefined;
  readonly severity?: string | undefined;
  readonly title?: string | undefined;
}

/** Upper bounds, so one hostile payload cannot make the element hold megabytes. */
export const ALERT_LIMITS = {
  /** Alerts read from one Alertmanager body. */
  alertsPerPayload: 1000,
  labels: 64,
  keyLength: 128,
  valueLength: 1024,
  titleLength: 1024,
  descriptionLength: 8192,
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Record<string, unknown>, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

/**
 * Severity words seen in Alertmanager rules, PagerDuty, Opsgenie, syslog and incident tools,
 * mapped onto our four. Anything unknown (or missing) is `info`: an alert is never dropped for
 * an unexpected severity word.
 */
const SEVERITY_WORDS: Record<string, AlertSeverity> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  emerg: 'critical',
  alert: 'critical',
  page: 'critical',
  pager: 'critical',
  disaster: 'critical',
  blocker: 'critical',
  urgent: 'critical',
  p0: 'critical',
  p1: 'critical',
  sev0: 'critical',
  sev1: 'critical',
  error: 'error',
  err: 'error',
  high: 'error',
  major: 'error',
  severe: 'error',
  p2: 'error',
  sev2: 'error',
  warning: 'warning',
  warn: 'warning',
  medium: 'warning',
  moderate: 'warning',
  average: 'warning',
  minor: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  information: 'info',
  notice: 'info',
  low: 'info',
  debug: 'info',
  none: 'info',
  ok: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
  sev5: 'info',
};

/** Maps any severity word (any case, `P1`, `sev-2`, `page`...) onto critical/error/warning/info. */
export function normaliseSeverity(value: unknown): AlertSeverity {
  if (typeof value !== 'string') return 'info';
  const word = value.trim().toLowerCase().replace(/[\s_-]+/g, '');
  return Object.prototype.hasOwnProperty.call(SEVERITY_WORDS, word) ? SEVERITY_WORDS[word]! : 'info';
}

/** Rank for sorting: 0 is the most urgent. */
export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

/**
 * Reads a time of an alert. Alertmanager writes Go's zero time (`0001-01-01T00:00:00Z`) for
 * "not ended"; that, null and absent all mean undefined. Returns `null` for a value that is there
 * but unusable (wrong type, unparsable), which the caller reports.
 */
export function parseAlertTime(value: unknown): number | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    ms = value < 1e11 ? value * 1000 : value; // epoch seconds from scripts
  } else if (typeof value === 'string') {
    ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * (Number(value) < 1e11 ? 1000 : 1) : Date.parse(value);
    if (!Number.isFinite(ms)) return null;
  } else {
    return null;
  }
  // Year 1 (Go's zero time) and anything before 1971 is "no time", not an alert from 1970.
  return ms <= 365 * 86_400_000 ? undefined : ms;
}

/** Text from a payload field: strings kept, numbers and booleans written out, too long cut. */
function text(value: unknown, max: number): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Copies a JSON object of strings into a Map; non-text values and excess entries are dropped. */
function textMap(value: unknown): Map<string, string> | null {
  const map = new Map<string, string>();
  if (value === undefined || value === null) return map;
  if (!isRecord(value)) return null;
  for (const key of Object.keys(value)) {
    if (map.size >= ALERT_LIMITS.labels) break;
    if (key.length === 0 || key.length > ALERT_LIMITS.keyLength) continue;
    const v = text(value[key], ALERT_LIMITS.valueLength);
    if (typeof v === 'string') map.set(key, v);
  }
  return map;
}

/** cyrb53: a fast 53-bit string hash, plenty to tell label sets apart on one dashboard. */
function hash53(input: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * A stable key for a label set: the same labels in any order give the same key (what
 * Alertmanager's fingerprint is, for alerts that come without one).
 */
export function labelsKey(labels: ReadonlyMap<string, string>): string {
  const pairs = [...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `labels:${hash53(JSON.stringify(pairs))}`;
}

function readOne(raw: unknown, groupStatus: unknown, now: number, fields: AlertFieldMap): Alert | string {
  if (!isRecord(raw)) return `alert is ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}, not an object`;

  const labels = textMap(own(raw, 'labels'));
  if (!labels) return 'labels is not an object';
  const annotations = textMap(own(raw, 'annotations'));
  if (!annotations) return 'annotations is not an object';

  const rawId = fields.id ? readField(raw, fields.id) : (own(raw, 'id') ?? own(raw, 'fingerprint'));
  let id: string;
  if (typeof rawId === 'string' && rawId.length > 0 && rawId.length <= ALERT_LIMITS.valueLength) id = rawId;
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
  else if (rawId !== undefined && rawId !== null) return 'id is not a usable string';
  else if (labels.size > 0) id = labelsKey(labels);
  else return 'alert has no id, fingerprint or labels';

  const startsAt = parseAlertTime(own(raw, 'startsAt'));
  if (startsAt === null) return `alert ${id}: unusable startsAt`;
  const endsAt = parseAlertTime(own(raw, 'endsAt'));
  if (endsAt === null) return `alert ${id}: unusable endsAt`;

  let status: AlertStatus;
  const rawStatus = own(raw, 'status') ?? groupStatus;
  if (rawStatus === undefined || rawStatus === null) {
    // No status: an end in the past means it is over.
    status = endsAt !== undefined && endsAt <= now ? 'resolved' : 'firing';
  } else if (typeof rawStatus === 'string' && /^(firing|active|resolved)$/i.test(rawStatus.trim())) {
    status = /^resolved$/i.test(rawStatus.trim()) ? 'resolved' : 'firing';
  } else {
    return `alert ${id}: status must be "firing" or "resolved"`;
  }

  const title = text(fields.title ? readField(raw, fields.title) : own(raw, 'title'), ALERT_LIMITS.titleLength);
  const description = text(own(raw, 'description'), ALERT_LIMITS.descriptionLength);
  if (title === null) return `alert ${id}: title is not text`;
  if (description === null) return `alert ${id}: description is not text`;
  const rawSeverity = fields.severity ? readField(raw, fields.severity) : own(raw, 'severity');
  if (rawSeverity !== undefined && rawSeverity !== null && typeof rawSeverity !== 'string') return `alert ${id}: severity is not text`;

  const summary = annotations.get('summary');
  const annotationDescription = annotations.get('description');
  const rest = new Map(annotations);
  rest.delete('summary');
  rest.delete('description');

  const silence = readSilence(own(raw, 'silence'));
  if (silence === false) return `alert ${id}: silence is not {state, by, until}`;

  const severityWord = fields.severity ? (rawSeverity ?? undefined) : (rawSeverity ?? labels.get('severity') ?? labels.get('priority'));
  return {
    id,
    status,
    severity: normaliseSeverity(severityWord),
    severityStated: typeof severityWord === 'string' && !/^\s*(none|)\s*$/i.test(severityWord),
    title: title || summary || labels.get('alertname') || id,
    description: description ?? annotationDescription ?? '',
    startsAt: startsAt !== undefined ? Math.min(startsAt, now) : undefined, // clock skew: never "starts in 3m"
    // A firing alert's endsAt is at most a forecast (Alertmanager's resolve timeout), not an end.
    endsAt: status === 'resolved' && endsAt !== undefined ? Math.min(endsAt, now) : undefined,
    labels,
    annotations: rest,
    silence,
  };
}

/** `silence`: absent → undefined, null → null, a usable object → AlertSilence, else false. */
function readSilence(raw: unknown): AlertSilence | null | undefined | false {
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  if (!isRecord(raw)) return false;
  const state = own(raw, 'state');
  if (state !== 'silenced' && state !== 'acknowledged') return false;
  const until = parseAlertTime(own(raw, 'until'));
  return {
    state,
    by: text(own(raw, 'by'), 128) || '',
    until: until ?? undefined,
    comment: text(own(raw, 'comment'), 1024) || '',
  };
}

/**
 * Reads an alert payload: one alert in Pulseboard's shape (`{id, status, severity, title,
 * description, startsAt, endsAt, labels}`), or an Alertmanager webhook body (`{version: "4",
 * status, alerts: [...]}`) whose alerts each become one. Alerts that cannot be used are listed in
 * `errors` with a reason; the good ones of the same body are kept. `fields` maps id, severity and
 * title onto other keys (see {@link AlertFieldMap}).
 */
export function parseAlerts(payload: unknown, now: number = Date.now(), fields: AlertFieldMap = {}): AlertParseResult {
  if (!isRecord(payload)) {
    return { alerts: [], errors: [`expected an alert object, got ${payload === null ? 'null' : Array.isArray(payload) ? 'an array' : typeof payload}`] };
  }
  const list = own(payload, 'alerts');
  if (list === undefined) {
    const one = readOne(payload, undefined, now, fields);
    return typeof one === 'string' ? { alerts: [], errors: [one] } : { alerts: [one], errors: [] };
  }
  if (!Array.isArray(list)) return { alerts: [], errors: ['alerts is not an array'] };
  const groupStatus = own(payload, 'status');
  const alerts: Alert[] = [];
  const errors: string[] = [];
  const count = Math.min(list.length, ALERT_LIMITS.alertsPerPayload);
  for (let i = 0; i < count; i++) {
    const one = readOne(list[i], groupStatus, now, fields);
    if (typeof one === 'string') errors.push(one);
    else alerts.push(one);
  }
  if (list.length > count) errors.push(`${list.length - count} alerts beyond ${ALERT_LIMITS.alertsPerPayload} per payload skipped`);
  return { alerts, errors };
}
