// Command-line parsing for `pulseboard agent` (kept apart from main.js so it can be tested).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { parseDuration } from '../units.js';
import { VERSION } from '../package-info.js';
import { HOST_PATTERN } from '../fleet/agent-items.js';

export const AGENT_HELP = `pulseboard ${VERSION} agent: this box's metrics and logs, sent to a Pulseboard hub

Usage: pulseboard agent --hub URL [options]

  --hub URL            the hub (a \`pulseboard serve\`, or nginx in front of a cluster): http(s)://host:port/
  --token TOKEN        bearer token for the hub (default $PULSEBOARD_TOKEN; a JWT with a publish
                       claim like "*@web-1" works as well)
  --name HOST          host name in the topics cpu@HOST, mem@HOST, disk@HOST, load@HOST, net@HOST,
                       logs@HOST (default: this machine's hostname; A-Z a-z 0-9 _ . : -, max 48)
  --tail PATH          follow this log file onto logs@HOST, lines with HOST as their source (repeatable)
  --buffer N           items kept while the hub is unreachable (default 10000); when full the
                       oldest go first, counted, and the hub is told (a gap on those topics)
  --interval DUR       host metrics interval (default 1s)
  --batch DUR          send a batch this often (default 1s)
  --heartbeat DUR      heartbeat interval (default 5s); the hub shows the host offline after 3 missed
  --max-backoff DUR    longest wait between retries (default 30s; jittered, doubling from 0.5s)
  --timeout DUR        per request (default 10s)
  --no-host-metrics    logs only
  --simulate-load PCT  DEMO ONLY: add PCT points of made-up load to cpu/mem/disk (payloads marked
                       "simulated": true), so several agents on one machine look different
  -h, --help           this help

See docs/fleet.md.`;

/**
 * @param {string[]} argv the arguments after \`agent\`
 * @param {NodeJS.ProcessEnv} env
 */
export function parseAgentCli(argv, env = process.env) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      hub: { type: 'string' },
      token: { type: 'string' },
      name: { type: 'string' },
      tail: { type: 'string', multiple: true },
      buffer: { type: 'string' },
      interval: { type: 'string' },
      batch: { type: 'string' },
      heartbeat: { type: 'string' },
      'max-backoff': { type: 'string' },
      timeout: { type: 'string' },
      'no-host-metrics': { type: 'boolean' },
      'simulate-load': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true, options: null };
  if (positionals.length > 0) throw new AgentUsageError(`unexpected argument: ${positionals[0]}`);
  if (!values.hub) throw new AgentUsageError('--hub URL is required (the hub to send to, e.g. http://hub:8080/)');
  let hub;
  try {
    hub = new URL(values.hub);
  } catch {
    throw new AgentUsageError(`--hub must be a URL like http://hub:8080/, got ${JSON.stringify(values.hub.slice(0, 80))}`);
  }
  if (hub.protocol !== 'http:' && hub.protocol !== 'https:') throw new AgentUsageError('--hub must be an http:// or https:// URL');
  if (hub.search || hub.hash) throw new AgentUsageError('--hub must not have a query or fragment (give the token with --token)');
  const name = values.name ?? defaultName();
  if (!HOST_PATTERN.test(name)) throw new AgentUsageError(`--name must match ^[A-Za-z0-9_.:-]{1,48}$, got ${JSON.stringify(name.slice(0, 80))}`);
  const int = (/** @type {string} */ flag, /** @type {string | undefined} */ v, /** @type {number} */ min, /** @type {number} */ max) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new AgentUsageError(`--${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const duration = (/** @type {string} */ flag, /** @type {string | undefined} */ v, /** @type {number} */ min) => {
    if (v === undefined) return undefined;
    let ms;
    try {
      ms = parseDuration(v);
    } catch (err) {
      throw new AgentUsageError(`--${flag}: ${/** @type {Error} */ (err).message}`);
    }
    if (ms < min) throw new AgentUsageError(`--${flag} must be at least ${min} ms`);
    return ms;
  };
  const hostMetrics = !values['no-host-metrics'];
  const tail = values.tail ?? [];
  if (!hostMetrics && tail.length === 0) throw new AgentUsageError('nothing to send: --no-host-metrics needs at least one --tail PATH');
  const options = {
    hub: hub.href,
    token: values.token ?? (env.PULSEBOARD_TOKEN || null),
    name,
    tail,
    hostMetrics,
    bufferItems: int('buffer', values.buffer, 1, 10_000_000),
    intervalMs: duration('interval', values.interval, 100),
    batchMs: duration('batch', values.batch, 50),
    heartbeatMs: duration('heartbeat', values.heartbeat, 100),
    backoffMaxMs: duration('max-backoff', values['max-backoff'], 100),
    timeoutMs: duration('timeout', values.timeout, 100),
    simulateLoad: int('simulate-load', values['simulate-load'], 0, 100),
  };
  return { help: false, options: /** @type {import("./agent.js").AgentOptions} */ (/** @type {unknown} */ (Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)))) };
}

/** This machine's hostname, cut to what a topic allows. */
function defaultName() {
  const name = os.hostname().split('.')[0].replace(/[^A-Za-z0-9_.:-]/g, '-').slice(0, 48);
  return name || 'host';
}

export class AgentUsageError extends Error {}
