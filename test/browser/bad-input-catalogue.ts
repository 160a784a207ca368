// The bad-input catalogue: hostile and broken payloads as data, run against every element by
// bad-input.test.ts. Each case says what to publish for each kind of element and whether the
// malformed counter must go up. Payloads are built lazily (some are a megabyte).
//
// `malformed`: true  -> the element (element.skipped) AND its source (stats.malformed) count it;
//              false -> the input is odd but usable (or carries nothing): nothing is counted;
//              'any' -> either reading is defensible (a usable payload with a hostile extra key);
//                       the other checks (no exception, nothing executes, valid data follows) still hold.

/** What kind of payload an element takes (see docs/wire-format.md and CONTRACT.md). */
export type Kind = 'metric' | 'log' | 'alert' | 'agent';
export const KINDS: readonly Kind[] = ['metric', 'log', 'alert', 'agent'];

export type Expectation = boolean | 'any';

export interface BadCase {
  readonly name: string;
  /** The payloads to publish one after another on the element's topic, per kind. */
  readonly payloads: (kind: Kind) => unknown[];
  readonly malformed: Expectation | Readonly<Record<Kind, Expectation>>;
  /**
   * The case fills an element's bounded slots (time-series draws at most 16 series): a valid
   * payload in a NEW slot cannot be drawn afterwards, and the element must count it as skipped.
   */
  readonly fillsSlots?: true;
}

/** A global flag every executable payload below tries to set. */
export const PWNED_FLAG = '__pulseboardPwned';
/** Elements injected by the payloads carry this class, so finding one means markup got parsed. */
export const INJECTED_CLASS = 'pwn';

const setFlag = `window.${PWNED_FLAG}=1`;
/** HTML that would create elements and run script if any of it were parsed as markup. */
export const HTML_ATTACK =
  `<img class="${INJECTED_CLASS}" src="x" onerror="${setFlag}">` +
  `<script class="${INJECTED_CLASS}">${setFlag}</script>` +
  `<svg class="${INJECTED_CLASS}" onload="${setFlag}"></svg>` +
  `<a class="${INJECTED_CLASS}" href="javascript:${setFlag}">x</a>` +
  `<iframe class="${INJECTED_CLASS}" srcdoc="<script>parent.${setFlag}</script>"></iframe>`;
/** A terminal hyperlink (OSC 8) to a javascript: URL, BEL- and ST-terminated, plus odd casing and spaces. */
export const OSC8_ATTACK =
  `\u001b]8;;javascript:${setFlag}\u0007click me\u001b]8;;\u0007 ` +
  `\u001b]8;;JaVaScRiPt:${setFlag}\u001b\\and me\u001b]8;;\u001b\\ ` +
  `\u001b]8;; \tjavascript:${setFlag}\u0007or me\u001b]8;;\u0007`;
/** Every C0 control, DEL, C1 controls and the line/paragraph separators. */
export const CONTROLS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0085\u009b\u2028\u2029';
/** Bidi overrides and isolates that could make text read differently from what it is. */
export const BIDI = 'user\u202eexe.txt\u202c \u2066isolated\u2069 \u2067rtl\u2069 \u200f\u200e\u061c';
const MEGABYTE = () => 'x'.repeat(1024 * 1024);

/** The same hostile text in every text field the kind has. */
function textEverywhere(kind: Kind, text: string): unknown[] {
  const now = Date.now();
  switch (kind) {
    case 'metric':
      // Metric payloads have no text fields; field names become series names.
      return [{ ts: now, [text.slice(0, 2000)]: 1 }];
    case 'log':
      return [
        text,
        { ts: now, level: text, source: text, message: text, [text.slice(0, 200)]: text, extra: text },
        { severityText: text, body: text },
        { msg: text, logger: text },
      ];
    case 'alert':
      return [
        { id: text, status: 'firing', severity: text, title: text, description: text, labels: { [text.slice(0, 200)]: text, service: text } },
        {
          version: '4',
          status: 'firing',
          alerts: [{ status: 'firing', fingerprint: text, labels: { alertname: text, severity: text, instance: text }, annotations: { summary: text, description: text, runbook_url: text } }],
        },
      ];
    case 'agent':
      return [{ id: text, name: text, state: 'error', task: text, tool: text, error: text, model: text, ts: now }];
  }
}

/** A typical valid payload of the kind, to wrap junk around. */
function valid(kind: Kind, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Date.now();
  switch (kind) {
    case 'metric':
      return { ts: now, value: 5, ...extra };
    case 'log':
      return { ts: now, level: 'info', message: 'ok line', ...extra };
    case 'alert':
      return { id: 'ok-alert', status: 'firing', severity: 'warning', title: 'ok alert', ...extra };
    case 'agent':
      return { id: 'ok-agent', name: 'ok agent', state: 'idle', ts: now, ...extra };
  }
}

/** Parsed from JSON text, as the wire delivers it: `__proto__` becomes an own key. */
const parsed = (json: string) => JSON.parse(json) as unknown;
const withKey = (kind: Kind, jsonKey: string) => parsed(JSON.stringify(valid(kind)).replace(/^\{/, `{${jsonKey},`));

/** Timestamps under the names each kind reads. */
function withTime(kind: Kind, ts: unknown): unknown {
  switch (kind) {
    case 'metric':
      return { ts, value: 5 };
    case 'log':
      return { ts, level: 'info', message: 'timed line' };
    case 'alert':
      return { id: `timed-${String(ts).slice(0, 20)}`, status: 'firing', severity: 'warning', title: 'timed', startsAt: ts };
    case 'agent':
      return { id: 'timed', name: 'timed', state: 'running', ts };
  }
}

const YEAR = 365 * 24 * 3600_000;

export const CATALOGUE: readonly BadCase[] = [
  // -- empty and null ------------------------------------------------------------------------
  { name: 'null payload', payloads: () => [null], malformed: true },
  { name: 'undefined payload (not JSON; an in-page publish can pass it)', payloads: () => [undefined], malformed: true },
  { name: 'empty string', payloads: () => [''], malformed: { metric: true, log: 'any', alert: true, agent: true } },
  { name: 'empty object', payloads: () => [{}], malformed: { metric: true, log: 'any', alert: true, agent: true } },
  { name: 'empty batch (an array of nothing carries nothing)', payloads: () => [[]], malformed: false },
  { name: 'booleans', payloads: () => [true, false], malformed: true },

  // -- numbers JSON cannot carry, and numbers as strings ---------------------------------------
  {
    name: 'NaN and ±Infinity as values',
    payloads: (k) =>
      k === 'metric'
        ? [NaN, Infinity, -Infinity, { ts: Date.now(), value: NaN }, { ts: Date.now(), value: Infinity }]
        : k === 'agent'
          ? [{ id: 'nan', name: 'nan', state: 'running', ts: Date.now(), tokensPerSec: NaN, errorRate: Infinity, costUsd: -Infinity, latencyMs: { p50: NaN, p99: Infinity } }]
          : k === 'alert'
            ? [{ id: NaN, status: 'firing', severity: 'critical', title: Infinity, startsAt: NaN }]
            : [NaN, { ts: NaN, level: 'info', message: Infinity }],
    malformed: true,
  },
  {
    name: '"NaN", "Infinity" and "1e999" as strings',
    payloads: (k) =>
      k === 'metric'
        ? ['NaN', 'Infinity', { ts: Date.now(), value: 'NaN' }, { ts: Date.now(), value: '1e999' }]
        : k === 'agent'
          ? [{ id: 'nanstr', name: 'nanstr', state: 'running', ts: 'NaN', tokensPerSec: 'NaN', errorRate: 'Infinity', costUsd: '1e999' }]
          : k === 'alert'
            ? [{ id: 'nanstr', status: 'firing', severity: 'critical', title: 'nan', startsAt: 'NaN', endsAt: 'Infinity' }]
            : [{ ts: 'Infinity', level: 'info', message: 'NaN' }],
    malformed: { metric: true, log: 'any', alert: 'any', agent: true },
  },
  {
    name: 'strings where numbers belong',
    payloads: (k) =>
      k === 'metric'
        ? ['42', { ts: Date.now(), value: '42' }, { ts: Date.now(), value: '4 2' }]
        : k === 'agent'
          ? [{ id: 'str', name: 'str', state: 'running', ts: Date.now(), tokensPerSec: 'fast', errorRate: '2%', costUsd: '$1', latencyMs: 'slow' }]
          : k === 'alert'
            ? [{ id: 'str', status: 'firing', severity: 'critical', title: 'str', startsAt: 'soon', endsAt: 'later' }]
            : [{ ts: 'noon', level: 42, severityNumber: 'high', message: 'str' }],
    malformed: { metric: true, log: 'any', alert: 'any', agent: true },
  },
  {
    name: 'numbers and objects where strings belong',
    payloads: (k) =>
      k === 'metric'
        ? [{ ts: Date.now(), value: { nested: 1 } }, { ts: Date.now(), value: [1, 2] }]
        : k === 'agent'
          ? [{ id: 42, name: { first: 'x' }, state: 7, ts: Date.now(), task: ['a', 'b'] }]
          : k === 'alert'
            ? [{ id: { x: 1 }, status: 42, severity: [], title: { t: 1 }, labels: 'not-an-object' }]
            : [{ level: { x: 1 }, source: [1, 2], message: { nested: { deep: true } } }],
    malformed: { metric: true, log: 'any', alert: true, agent: true },
  },
  {
    name: 'extreme finite numbers (MAX_VALUE, -0, denormals, 1e300)',
    payloads: (k) =>
      k === 'metric'
        ? [Number.MAX_VALUE, -0, 5e-324, { ts: Date.now(), value: -1e300 }]
        : k === 'agent'
          ? [{ id: 'big', name: 'big', state: 'running', ts: Date.now(), tokensPerSec: Number.MAX_VALUE, errorRate: 5e-324, costUsd: -0, latencyMs: { p50: 5e-324, p99: 1e308 } }]
          : [valid(k, { count: Number.MAX_VALUE })],
    malformed: false,
  },
  {
    name: 'values JSON cannot carry: BigInt, Symbol, function, Date, Map',
    payloads: (k) => [10n, Symbol('x'), () => 1, new Map([['value', 1]]), valid(k, { weird: 10n, when: new Date(0) })],
    malformed: 'any',
  },

  // -- prototype pollution ---------------------------------------------------------------------
  { name: '__proto__ key (from JSON.parse)', payloads: (k) => [withKey(k, '"__proto__":{"polluted":"yes"}'), parsed('{"__proto__":{"polluted":"yes"}}')], malformed: 'any' },
  {
    name: 'constructor.prototype key',
    payloads: (k) => [withKey(k, '"constructor":{"prototype":{"polluted":"yes"}}'), parsed('{"constructor":{"prototype":{"polluted":"yes"}}}')],
    malformed: 'any',
  },
  {
    name: 'prototype / __proto__ in nested objects, labels and latency',
    payloads: (k) => [
      parsed(
        JSON.stringify(valid(k)).replace(
          /^\{/,
          '{"prototype":{"polluted":"yes"},"labels":{"__proto__":{"polluted":"yes"},"constructor":"x"},"latencyMs":{"__proto__":{"polluted":"yes"},"p50":1},',
        ),
      ),
      parsed('[{"__proto__":{"polluted":"yes"}},{"constructor":{"prototype":{"polluted":"yes"}}}]'),
    ],
    malformed: 'any',
  },

  // -- time ------------------------------------------------------------------------------------
  { name: 'timestamp a year in the future', payloads: (k) => [withTime(k, Date.now() + YEAR), withTime(k, new Date(Date.now() + YEAR).toISOString())], malformed: { metric: true, log: 'any', alert: 'any', agent: 'any' } },
  { name: 'timestamp far in the past (1970, epoch seconds)', payloads: (k) => [withTime(k, 1), withTime(k, '1970-01-01T00:00:00Z'), withTime(k, Math.floor(Date.now() / 1000) - 3600)], malformed: 'any' },
  {
    name: 'timestamps out of order',
    payloads: (k) => [withTime(k, Date.now() - 1000), withTime(k, Date.now() - 60_000), withTime(k, Date.now() - 2000), withTime(k, Date.now() - 30_000)],
    malformed: false,
  },
  { name: 'unparseable timestamps', payloads: (k) => [withTime(k, 'yesterday-ish'), withTime(k, {}), withTime(k, [2024]), withTime(k, -5), withTime(k, '2024-13-45T99:99:99Z')], malformed: { metric: true, log: 'any', alert: 'any', agent: 'any' } },

  // -- identity --------------------------------------------------------------------------------
  {
    name: 'duplicate ids with conflicting content',
    payloads: (k) =>
      k === 'alert'
        ? [
            { id: 'dup', status: 'firing', severity: 'critical', title: 'dup first' },
            { id: 'dup', status: 'firing', severity: 'info', title: 'dup second' },
            { id: 'dup', status: 'firing', severity: 'warning', title: 'dup third' },
          ]
        : k === 'agent'
          ? [
              { id: 'dup', name: 'dup first', state: 'running', ts: Date.now() },
              { id: 'dup', name: 'dup second', state: 'error', ts: Date.now() },
            ]
          : [valid(k), valid(k), valid(k)],
    malformed: false,
  },
  {
    name: 'ids that look like object keys (toString, hasOwnProperty, __proto__)',
    payloads: (k) =>
      ['toString', 'hasOwnProperty', '__proto__', 'constructor', 'valueOf'].map((id) =>
        k === 'alert' ? { id, status: 'firing', severity: 'warning', title: `id ${id}` } : k === 'agent' ? { id, name: `id ${id}`, state: 'idle', ts: Date.now() } : valid(k, { id }),
      ),
    malformed: false,
  },

  // -- size ------------------------------------------------------------------------------------
  { name: '1 MB text in every text field', payloads: (k) => textEverywhere(k, MEGABYTE()), malformed: 'any' },
  { name: '1 MB of digits where a number belongs', payloads: (k) => (k === 'metric' ? [{ ts: Date.now(), value: '9'.repeat(1024 * 1024) }] : [valid(k, { costUsd: '9'.repeat(1024 * 1024) })]), malformed: { metric: true, log: false, alert: 'any', agent: 'any' } },
  { name: '10,000 keys in one object', payloads: (k) => [Object.assign(valid(k), Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])))], malformed: 'any', fillsSlots: true },
  {
    name: 'deeply nested object (2,000 levels)',
    payloads: (k) => {
      let deep: unknown = 1;
      for (let i = 0; i < 2000; i++) deep = { d: deep };
      return [valid(k, { deep, labels: { deep } as unknown }), deep];
    },
    malformed: 'any',
  },

  // -- text that is not what it seems ----------------------------------------------------------
  { name: 'control characters in every text field', payloads: (k) => textEverywhere(k, `ctl${CONTROLS}end`), malformed: 'any' },
  { name: 'bidi overrides in every text field', payloads: (k) => textEverywhere(k, BIDI), malformed: 'any' },
  { name: 'lone surrogates, zero-width and combining characters', payloads: (k) => textEverywhere(k, 'a\ud800b\udfffc\u200b\u200d\u0301'.repeat(3) + 'Z̸̢̛̺̲͎͎̈́̾ͧ̋'), malformed: 'any' },
  { name: 'HTML, <script> and <img onerror> in every text field', payloads: (k) => textEverywhere(k, HTML_ATTACK), malformed: 'any' },
  {
    name: 'HTML in keys and label names',
    payloads: (k) => [parsed(JSON.stringify(valid(k, { labels: { [HTML_ATTACK]: HTML_ATTACK }, [HTML_ATTACK]: 1 })))],
    malformed: 'any',
  },
  { name: 'javascript: links in ANSI OSC 8 sequences in every text field', payloads: (k) => textEverywhere(k, OSC8_ATTACK), malformed: 'any' },
  {
    name: 'broken ANSI: unterminated escapes, huge SGR parameters, cursor movement',
    payloads: (k) => textEverywhere(k, '\u001b[99999999999999999999m\u001b[38;5;999m\u001b[38;2;999;-1;1e9mtext\u001b[2J\u001b[H\u001b]0;title\u001b[\u001b'),
    malformed: 'any',
  },

  // -- mixed junk ------------------------------------------------------------------------------
  {
    name: 'an array of mixed junk (a batch), valid items inside it kept',
    payloads: (k) => [[1, 'x', null, {}, [], true, NaN, [[[]]], { ts: 'never' }, valid(k)]],
    malformed: true,
  },
  {
    name: 'Alertmanager and batch shapes with junk inside',
    payloads: () => [{ version: '4', status: 'firing', alerts: [null, 1, 'x', { labels: null }, { labels: { alertname: 'x' }, startsAt: 'bad' }] }, { alerts: 'not-an-array' }, [[null]]],
    malformed: true,
  },
];

/** Wire-level cases: raw SSE bytes through the fixture's /raw route (see bad-input.test.ts). */
export interface WireCase {
  readonly name: string;
  /** SSE text to send before the valid events; every `data:` here is malformed on the wire. */
  readonly body: (topics: Readonly<Record<Kind, string>>) => string;
  /** How many events in `body` the transport must count as malformed at least. */
  readonly malformedAtLeast: number;
}

const every = (topics: Readonly<Record<Kind, string>>, data: string) =>
  Object.values(topics)
    .map((t) => `event: ${t}\ndata: ${data}\n\n`)
    .join('');

export const WIRE_CATALOGUE: readonly WireCase[] = [
  { name: 'truncated JSON', body: (t) => every(t, '{"ts": 1, "value": 4'), malformedAtLeast: 4 },
  { name: 'NaN, Infinity and undefined as bare words (not JSON)', body: (t) => every(t, 'NaN') + every(t, 'Infinity') + every(t, 'undefined'), malformedAtLeast: 12 },
  { name: "trailing commas, single quotes, comments", body: (t) => every(t, '{"value": 1,}') + every(t, "{'value': 1}") + every(t, '{"value": 1 /* c */}'), malformedAtLeast: 12 },
  { name: 'an empty data: line (the spec dispatches nothing)', body: (t) => every(t, ''), malformedAtLeast: 0 },
  // <FF> marks where the test writes a raw 0xFF byte (never valid UTF-8).
  { name: 'invalid UTF-8 bytes and a NUL inside JSON strings', body: (t) => every(t, '"<FF><FF>\u0000"') + every(t, '{"message": "\\u0000<b>nul</b><FF>"}'), malformedAtLeast: 4 },
  { name: 'HTML as the event name, and a topic name too long to use', body: (t) => `event: <img src=x onerror=window.${PWNED_FLAG}=1>\ndata: 1\n\n` + `event: ${'t'.repeat(300)}\ndata: 1\n\n` + every(t, 'null'), malformedAtLeast: 1 },
];
