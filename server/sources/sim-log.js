// A simulated application log (sources `api`, `worker`, `db`) at a few lines per second, so the
// firehose shows realistic traffic when no --tail is given: access lines, slow queries, retries,
// the occasional ANSI-coloured line and a multi-line stack trace.
import { pick, logNormal } from './random.js';

const PATHS = ['/api/orders', '/api/orders/:id', '/api/users/:id', '/api/search', '/api/cart', '/api/checkout', '/healthz'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const JOBS = ['email.send', 'invoice.render', 'thumbnail.resize', 'report.daily', 'webhook.deliver', 'index.rebuild'];
const TABLES = ['orders', 'users', 'line_items', 'sessions', 'events'];

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', reset: '\x1b[0m' };

/**
 * @param {() => number} random
 * @returns {Record<string, unknown>}
 */
export function simulatedLine(random) {
  const r = random();
  const ts = Date.now();
  if (r < 0.55) {
    const method = pick(random, METHODS);
    const path = pick(random, PATHS).replace(':id', String(1000 + Math.floor(random() * 9000)));
    const roll = random();
    const status = roll < 0.9 ? (method === 'POST' ? 201 : 200) : roll < 0.96 ? pick(random, [400, 404, 409, 429]) : pick(random, [500, 502, 503]);
    const durationMs = Math.round(logNormal(random, 35, 0.8));
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const colored = random() < 0.2;
    const statusText = colored ? `${status >= 500 ? ANSI.red : status >= 400 ? ANSI.yellow : ANSI.green}${status}${ANSI.reset}` : String(status);
    const requestId = Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0');
    return { ts, level, source: 'api', message: `${method} ${path} ${statusText} ${durationMs}ms`, method, path, status, durationMs, requestId };
  }
  if (r < 0.85) {
    const job = pick(random, JOBS);
    const id = Math.floor(random() * 1e6);
    const roll = random();
    if (roll < 0.04) {
      return {
        ts, level: 'error', source: 'worker', job, jobId: id,
        message: `job ${job}#${id} failed: Error: upstream timed out after 30000ms\n    at deliver (/app/jobs/${job.replace('.', '/')}.js:42:11)\n    at async Worker.run (/app/worker.js:118:7)`,
      };
    }
    if (roll < 0.12) return { ts, level: 'warn', source: 'worker', job, jobId: id, attempt: 2, message: `job ${job}#${id} retrying (attempt 2/5) after 503` };
    if (roll < 0.2) return { ts, level: 'debug', source: 'worker', job, jobId: id, message: `${ANSI.dim}job ${job}#${id} picked up by worker-${1 + Math.floor(random() * 4)}${ANSI.reset}` };
    return { ts, level: 'info', source: 'worker', job, jobId: id, message: `job ${job}#${id} completed in ${Math.round(logNormal(random, 400, 0.9))}ms` };
  }
  const table = pick(random, TABLES);
  const ms = Math.round(logNormal(random, 12, 1.1));
  if (ms > 200) {
    return { ts, level: 'warn', source: 'db', table, durationMs: ms, message: `${ANSI.yellow}slow query${ANSI.reset} (${ms}ms): SELECT * FROM ${table} WHERE updated_at > $1 ORDER BY id LIMIT 500` };
  }
  if (random() < 0.03) return { ts, level: 'error', source: 'db', message: `ERROR: deadlock detected on relation "${table}"; transaction rolled back` };
  return { ts, level: 'debug', source: 'db', table, durationMs: ms, message: `query ok ${table} (${ms}ms), pool 7/20` };
}

/**
 * @param {{ publish: (topic: string, data: unknown) => unknown, random?: () => number, meanIntervalMs?: number, topic?: string }} options
 */
export function createLogSimulator(options) {
  const { publish, random = Math.random, meanIntervalMs = 350, topic = 'logs' } = options;
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  const next = () => {
    // exponential gaps, capped, so it looks bursty but never floods
    const wait = Math.min(meanIntervalMs * 5, -Math.log(1 - random()) * meanIntervalMs);
    timer = setTimeout(() => {
      publish(topic, simulatedLine(random));
      next();
    }, wait);
    timer.unref();
  };
  return {
    start() {
      if (!timer) next();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
