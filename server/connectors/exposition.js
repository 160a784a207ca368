// A strict parser for the Prometheus text exposition format (version 0.0.4), what `/metrics`
// endpoints of prometheus_client, prom-client, node-exporter and friends serve.
//
// Why our own: the one npm parser for this format (parse-prometheus-text-format) has had two
// releases, keeps values as strings, ignores timestamps and merges the buckets of differently
// labelled histogram series into one. This one follows the format's documentation:
// `# HELP name text` (escapes `\\` and `\n`), `# TYPE name counter|gauge|histogram|summary|untyped`,
// other `#` lines are comments, samples `name{label="value",...} value [timestamp_ms]` with label
// value escapes `\\`, `\"`, `\n`, values as Go floats (`NaN`, `+Inf`, `-Inf`, `1e3`), a trailing
// comma in the label set allowed, LF line ends (a CR before it tolerated). Like Prometheus itself
// it rejects the whole exposition on the first bad line, naming the line: a half-read scrape would
// publish numbers nobody can trust.

/** @typedef {'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped'} MetricType */

/**
 * @typedef {object} Sample
 * @property {string} name the sample's own name (`http_requests_bucket`)
 * @property {Record<string, string>} labels prototype-less
 * @property {number} value NaN and ±Infinity kept as such
 * @property {number | null} timestamp epoch ms, when the line gave one
 */

/**
 * @typedef {object} MetricFamily
 * @property {string} name
 * @property {MetricType} type
 * @property {string} help
 * @property {Sample[]} samples
 */

export class ExpositionError extends Error {
  /**
   * @param {number} line 1-based
   * @param {string} message
   */
  constructor(line, message) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * @typedef {object} ParseLimits
 * @property {number} [maxFamilies] default 10,000
 * @property {number} [maxSamples] default 200,000
 */

/**
 * @param {string} text
 * @param {ParseLimits} [limits]
 * @returns {MetricFamily[]}
 * @throws {ExpositionError}
 */
export function parseExposition(text, limits = {}) {
  const maxFamilies = limits.maxFamilies ?? 10_000;
  const maxSamples = limits.maxSamples ?? 200_000;
  /** @type {Map<string, MetricFamily>} */
  const families = new Map();
  /** @type {Set<string>} families whose samples have ended (a family must be one group) */
  const closed = new Set();
  /** @type {Set<string>} families that had a TYPE line */
  const typed = new Set();
  /** @type {MetricFamily | null} */
  let current = null;
  let samples = 0;
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  /**
   * @param {string} name
   * @param {number} lineNo
   */
  const family = (name, lineNo) => {
    let f = families.get(name);
    if (!f) {
      if (families.size >= maxFamilies) throw new ExpositionError(lineNo, `more than ${maxFamilies} metric families`);
      f = { name, type: 'untyped', help: '', samples: [] };
      families.set(name, f);
    }
    if (current !== f) {
      if (closed.has(name)) throw new ExpositionError(lineNo, `metric family ${name} appears in two places`);
      if (current) closed.add(current.name);
      current = f;
    }
    return f;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = lines[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const m = /^#[ \t]+(HELP|TYPE)[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(line);
      if (!m) continue; // a plain comment
      const [, keyword, name, rest = ''] = m;
      if (!METRIC_NAME.test(name) || METRIC_NAME.exec(name)?.[0] !== name) throw new ExpositionError(lineNo, `invalid metric name ${JSON.stringify(name)}`);
      const f = family(name, lineNo);
      if (keyword === 'HELP') {
        if (f.help) throw new ExpositionError(lineNo, `second HELP for ${name}`);
        f.help = unescapeHelp(rest);
      } else {
        const type = rest.trim();
        if (!TYPES.has(type)) throw new ExpositionError(lineNo, `unknown metric type ${JSON.stringify(type)} for ${name}`);
        if (f.samples.length > 0) throw new ExpositionError(lineNo, `TYPE for ${name} after its samples`);
        if (typed.has(name)) throw new ExpositionError(lineNo, `second TYPE for ${name}`);
        typed.add(name);
        f.type = /** @type {MetricType} */ (type);
      }
      continue;
    }
    const sample = parseSample(line, lineNo);
    if (++samples > maxSamples) throw new ExpositionError(lineNo, `more than ${maxSamples} samples`);
    family(familyOf(sample.name, current, families), lineNo).samples.push(sample);
  }
  return [...families.values()];
}

/**
 * Which family a sample belongs to: its own name, or a histogram's/summary's base name for the
 * `_bucket`, `_sum`, `_count` (and `_created`) series.
 * @param {string} name
 * @param {MetricFamily | null} current
 * @param {Map<string, MetricFamily>} families
 */
function familyOf(name, current, families) {
  for (const suffix of ['_bucket', '_sum', '_count', '_created']) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const f = current?.name === base ? current : families.get(base);
    if (!f) continue;
    if (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket')) return base;
  }
  return name;
}

/**
 * @param {string} line
 * @param {number} lineNo
 * @returns {Sample}
 */
function parseSample(line, lineNo) {
  let pos = 0;
  const skipSpace = () => {
    while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) pos++;
  };
  skipSpace();
  const nameMatch = METRIC_NAME.exec(line.slice(pos));
  if (!nameMatch) throw new ExpositionError(lineNo, 'expected a metric name');
  const name = nameMatch[0];
  pos += name.length;
  /** @type {Record<string, string>} */
  const labels = Object.create(null);
  skipSpace();
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      skipSpace();
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const labelMatch = LABEL_NAME.exec(line.slice(pos));
      if (!labelMatch) throw new ExpositionError(lineNo, `expected a label name at column ${pos + 1}`);
      const label = labelMatch[0];
      pos += label.length;
      skipSpace();
      if (line[pos] !== '=') throw new ExpositionError(lineNo, `expected = after label ${label}`);
      pos++;
      skipSpace();
      if (line[pos] !== '"') throw new ExpositionError(lineNo, `expected a quoted value for label ${label}`);
      pos++;
      let value = '';
      for (;;) {
        if (pos >= line.length) throw new ExpositionError(lineNo, `unterminated value of label ${label}`);
        const c = line[pos++];
        if (c === '"') break;
        if (c === '\\') {
          const e = line[pos++];
          if (e === '\\') value += '\\';
          else if (e === '"') value += '"';
          else if (e === 'n') value += '\n';
          else throw new ExpositionError(lineNo, `invalid escape \\${e ?? ''} in label ${label}`);
        } else value += c;
      }
      if (Object.prototype.hasOwnProperty.call(labels, label)) throw new ExpositionError(lineNo, `label ${label} twice`);
      labels[label] = value;
      skipSpace();
      if (line[pos] === ',') {
        pos++;
        continue;
      }
      if (line[pos] === '}') {
        pos++;
        break;
      }
      throw new ExpositionError(lineNo, `expected , or } after label ${label}`);
    }
  }
  const rest = line.slice(pos).trim().split(/[ \t]+/);
  if (rest.length === 0 || rest[0] === '') throw new ExpositionError(lineNo, `no value for ${name}`);
  if (rest.length > 2) throw new ExpositionError(lineNo, `unexpected text after the value of ${name}`);
  const value = parseFloatToken(rest[0]);
  if (value === undefined) throw new ExpositionError(lineNo, `invalid value ${JSON.stringify(rest[0])} for ${name}`);
  let timestamp = null;
  if (rest.length === 2) {
    if (!/^-?\d{1,16}$/.test(rest[1])) throw new ExpositionError(lineNo, `invalid timestamp ${JSON.stringify(rest[1])} for ${name}`);
    timestamp = Number(rest[1]);
  }
  return { name, labels, value, timestamp };
}

/**
 * A Go float as the format writes it: decimal or exponent notation, `NaN`, `+Inf`, `-Inf`.
 * @param {string} token
 * @returns {number | undefined}
 */
export function parseFloatToken(token) {
  if (/^[+-]?inf$/i.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(token)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token) && !/^[+-]?0x[0-9a-f]+$/i.test(token)) return undefined;
  const n = Number(token);
  return Number.isNaN(n) ? undefined : n;
}

/** @param {string} text */
function unescapeHelp(text) {
  return text.replace(/\\(\\|n)/g, (_, c) => (c === 'n' ? '\n' : '\\'));
}
