// `--config FILE`: the connectors' settings in one JSON file, for deployments with many queries.
// Flags still work beside it: repeatable flags (--query, --scrape) add to the file's lists, single
// flags (--prometheus, --alertmanager, intervals) replace the file's value. Format (every key
// optional):
//   {
//     "prometheus": "http://127.0.0.1:9090",
//     "queryInterval": "5s",
//     "queries": { "load1": "node_load1", "cpu": "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[1m])))" },
//     "scrape": ["app=http://127.0.0.1:8000/metrics"],
//     "scrapeInterval": "5s",
//     "alertmanager": "http://127.0.0.1:9093",
//     "ackDuration": "15m",
//     "prices": { "gpt-4o": { "input": 2.5, "output": 10 } }
//   }
import { readFileSync } from 'node:fs';
import { parseDuration } from './units.js';

const KEYS = new Set(['prometheus', 'queryInterval', 'queries', 'scrape', 'scrapeInterval', 'alertmanager', 'ackDuration', 'prices']);

/**
 * @param {string} path
 * @returns {Partial<import('./options.js').ServerOptions>}
 * @throws {Error} naming the file and the key
 */
export function loadConfigFile(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`--config: cannot read ${path}: ${/** @type {Error} */ (err).message}`);
  }
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`--config: ${path} is not JSON: ${/** @type {Error} */ (err).message}`);
  }
  return configFromJson(raw, path);
}

/**
 * @param {unknown} raw
 * @param {string} path for messages
 * @returns {Partial<import('./options.js').ServerOptions>}
 */
export function configFromJson(raw, path) {
  const fail = (/** @type {string} */ key, /** @type {string} */ msg) => new Error(`--config ${path}: ${key}: ${msg}`);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`--config ${path}: must be a JSON object`);
  const c = /** @type {Record<string, unknown>} */ (raw);
  for (const key of Object.keys(c)) if (!KEYS.has(key)) throw fail(key, `unknown key (known: ${[...KEYS].join(', ')})`);
  /** @type {Partial<import('./options.js').ServerOptions>} */
  const out = {};
  const url = (/** @type {string} */ key) => {
    if (typeof c[key] !== 'string' || !/^https?:\/\/[^/]/i.test(/** @type {string} */ (c[key]))) throw fail(key, 'must be an http(s) URL');
    return /** @type {string} */ (c[key]);
  };
  const duration = (/** @type {string} */ key) => {
    try {
      return parseDuration(/** @type {string | number} */ (c[key]));
    } catch {
      throw fail(key, 'must be a duration like 5s, 15m or milliseconds');
    }
  };
  if (c.prometheus !== undefined) out.prometheus = url('prometheus');
  if (c.alertmanager !== undefined) out.alertmanager = url('alertmanager');
  if (c.queryInterval !== undefined) out.queryIntervalMs = duration('queryInterval');
  if (c.scrapeInterval !== undefined) out.scrapeIntervalMs = duration('scrapeInterval');
  if (c.ackDuration !== undefined) out.ackDurationMs = duration('ackDuration');
  if (c.queries !== undefined) {
    if (c.queries === null || typeof c.queries !== 'object' || Array.isArray(c.queries)) throw fail('queries', 'must be an object {"topic": "PromQL", ...}');
    out.queries = Object.entries(c.queries).map(([name, query]) => {
      if (typeof query !== 'string') throw fail(`queries.${name}`, 'must be a PromQL string');
      return { name, query };
    });
  }
  if (c.scrape !== undefined) {
    if (!Array.isArray(c.scrape) || !c.scrape.every((s) => typeof s === 'string')) throw fail('scrape', 'must be a list of "[NAME=]URL" strings');
    out.scrape = /** @type {string[]} */ (c.scrape);
  }
  if (c.prices !== undefined) out.prices = /** @type {any} */ (c.prices);
  return out;
}
