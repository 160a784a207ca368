// Command-line parsing for `pulseboard serve` (kept apart from cli.js so it can be tested).
import { parseArgs } from 'node:util';
import { parseDuration, parseSize } from './units.js';
import { VERSION } from './package-info.js';
import { loadConfigFile } from './config-file.js';

export const HELP = `pulseboard ${VERSION}: reference server for Pulseboard dashboards

Usage: pulseboard serve [options]

  --port N            port to listen on (default 8080, or $PORT; 0 = any free port)
  --host ADDR         address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --token TOKEN       require "Authorization: Bearer TOKEN" (or ?token=) on every route
                      (default $PULSEBOARD_TOKEN; none)
  --jwt-secret S      accept HS256 JWTs signed with S (>= 32 bytes; default $PULSEBOARD_JWT_SECRET)
  --jwt-public-key F  accept JWTs signed by the private half of this PEM public key
                      (RS256, PS256, ES256/384/512 or EdDSA, from the key's type)
  --jwks URL          accept JWTs signed by a key in this JSON Web Key Set (cached; refetched
                      for an unknown kid)
  --jwt-issuer ISS    require this "iss"        --jwt-audience AUD   require this "aud"
  --jwt-allow-no-exp  accept JWTs without "exp" (default: refused)
  --public-topics T   topics (comma list, * patterns) anyone may watch without a token
  --allow-query-token with JWTs, accept ?token= in URLs (default: refused; use the header, the
                      pulseboard_token cookie, or POST /auth/ticket for /ws)
  --ingest-rate R     per-user ingest limit, e.g. 500/s (token bucket; then 429 + Retry-After)
  --max-streams-per-user N
                      open SSE + WebSocket streams per JWT subject (then 429)
  --webhook-token T   bearer token Alertmanager sends to POST /alertmanager (http_config
                      authorization; default $PULSEBOARD_WEBHOOK_TOKEN)
  --cors ORIGIN       allow this origin cross-origin (repeatable; '*' for any; default same-origin only)
  --allowed-host NAME also answer requests for this Host name when bound to localhost
                      (repeatable; DNS-rebinding protection; '*' turns the check off)
  --tail PATH         follow this log file on topic "logs" (repeatable; replaces the simulated log)
  --agents N          simulated AI agents (default 6; 0 for none)
  --no-sim            no simulated agents or application log
  --no-host-metrics   no cpu/mem/disk/load/net from this machine
  --max-clients N     SSE + WebSocket clients at once (default 1000; then 503)
  --max-body SIZE     request body limit for /ingest and /alertmanager (default 1mb)
  --heartbeat MS      heartbeat interval (default 15000; also 15s)
  --history N         events kept for replay after reconnects (default 5000)
  --retry MS          reconnect delay suggested to SSE clients (default 2000)
  --data DIR          keep every event in DIR/pulseboard.db (SQLite) across restarts; enables
                      GET /history and resume from the database (default: memory only)
  --data-if-available with --data: when the SQLite driver (better-sqlite3) is not installed,
                      say so and run memory-only instead of refusing to start (npm start)
  --retain DURATION   with --data: keep events this long (default 7d; e.g. 12h, 30d)
  --max-db-size SIZE  with --data: keep the database under this size (default 1gb)
  --prometheus URL    evaluate --query against this Prometheus (HTTP API)
  --query NAME=PROMQL publish the result of PROMQL on topic NAME every --query-interval
                      (repeatable; one series: {ts, value}; several: keyed by their labels)
  --query-interval D  how often queries are evaluated (default 5s)
  --scrape [NAME=]URL read a /metrics endpoint (Prometheus text format) every --scrape-interval;
                      topics are the metric names, prefixed NAME. (repeatable)
  --scrape-interval D default 5s
  --alertmanager URL  read current alerts from Alertmanager's API (on start, every 10s, after
                      each webhook); Silence/Ack in <alert-list> create silences there
  --ack-duration D    how long an Ack silences an alert (default 15m)
  --config FILE       connector settings as JSON (queries, scrape targets, prices; docs/connect.md)
  --redis URL         cluster mode: nodes share one Redis Stream (redis://host:port); ids are
                      stream ids and clients resume on any node (docs/cluster.md); not with --data
  --redis-prefix NAME with --redis: key prefix (default pulseboard: stream pulseboard:stream)
  --redis-retain DUR  with --redis: trim events older than this (default 1h)
  --redis-max-len N   with --redis: and keep about this many at most (default 1000000)
  --node NAME         with --redis: this node's name in /health (default host:pid:random)
  -h, --help          this help
  -v, --version       print the version

Routes: GET / (demo), GET /events (SSE), GET /ws (WebSocket), POST /ingest, POST /alertmanager,
POST /alerts/silence|ack|unsilence, POST /v1/logs|metrics|traces (OTLP/HTTP), POST /auth/ticket,
GET /health, GET /history (with --data or --redis, or for --query topics). See docs/server.md,
docs/connect.md, docs/security.md, docs/persistence.md and docs/cluster.md.

Usage: pulseboard agent --hub URL [options]   (pulseboard agent --help; docs/fleet.md)`;

/**
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 */
export function parseCli(argv, env = process.env) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      'jwt-secret': { type: 'string' },
      'jwt-public-key': { type: 'string' },
      jwks: { type: 'string' },
      'jwt-issuer': { type: 'string' },
      'jwt-audience': { type: 'string' },
      'jwt-allow-no-exp': { type: 'boolean' },
      'public-topics': { type: 'string', multiple: true },
      'allow-query-token': { type: 'boolean' },
      'ingest-rate': { type: 'string' },
      'max-streams-per-user': { type: 'string' },
      'webhook-token': { type: 'string' },
      cors: { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      tail: { type: 'string', multiple: true },
      agents: { type: 'string' },
      'no-sim': { type: 'boolean' },
      'no-host-metrics': { type: 'boolean' },
      'max-clients': { type: 'string' },
      'max-body': { type: 'string' },
      heartbeat: { type: 'string' },
      history: { type: 'string' },
      retry: { type: 'string' },
      data: { type: 'string' },
      'data-if-available': { type: 'boolean' },
      retain: { type: 'string' },
      'max-db-size': { type: 'string' },
      prometheus: { type: 'string' },
      query: { type: 'string', multiple: true },
      'query-interval': { type: 'string' },
      scrape: { type: 'string', multiple: true },
      'scrape-interval': { type: 'string' },
      alertmanager: { type: 'string' },
      'ack-duration': { type: 'string' },
      config: { type: 'string' },
      redis: { type: 'string' },
      'redis-prefix': { type: 'string' },
      'redis-retain': { type: 'string' },
      'redis-max-len': { type: 'string' },
      node: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (positionals.length > 1 || command !== 'serve') throw new UsageError(`unknown command: ${positionals.join(' ')}`);
  const int = (/** @type {string} */ name, /** @type {string | undefined} */ v, /** @type {number} */ min = 0) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const wrap = (/** @type {() => number | undefined} */ fn, /** @type {string} */ name) => {
    try {
      return fn();
    } catch (err) {
      throw new UsageError(`--${name}: ${/** @type {Error} */ (err).message}`);
    }
  };
  if (!values.data && (values.retain !== undefined || values['max-db-size'] !== undefined)) {
    throw new UsageError('--retain and --max-db-size need --data DIR');
  }
  if (values.data === '') throw new UsageError('--data needs a folder');
  if (values['data-if-available'] && !values.data) throw new UsageError('--data-if-available needs --data DIR');
  const data = values.data
    ? {
        dir: values.data,
        retainMs: wrap(() => (values.retain === undefined ? undefined : positive(parseDuration(values.retain))), 'retain'),
        maxBytes: wrap(() => (values['max-db-size'] === undefined ? undefined : positive(parseSize(values['max-db-size']))), 'max-db-size'),
      }
    : null;
  /** @type {Partial<import('./options.js').ServerOptions>} */
  let file = {};
  if (values.config !== undefined) {
    try {
      file = loadConfigFile(values.config);
    } catch (err) {
      throw new UsageError(/** @type {Error} */ (err).message);
    }
  }
  const queries = [
    ...(file.queries ?? []),
    ...(values.query ?? []).map((spec) => {
      const eq = spec.indexOf('=');
      if (eq < 1 || eq === spec.length - 1) throw new UsageError(`--query must be NAME=PROMQL, got ${JSON.stringify(spec)}`);
      return { name: spec.slice(0, eq).trim(), query: spec.slice(eq + 1) };
    }),
  ];
  const prometheus = values.prometheus ?? file.prometheus;
  if (queries.length && !prometheus) throw new UsageError('--query needs --prometheus URL');
  if (prometheus && !queries.length) throw new UsageError('--prometheus needs at least one --query NAME=PROMQL');
  const duration = (/** @type {string} */ name) => wrap(() => (values[name] === undefined ? undefined : parseDuration(/** @type {string} */ (values[name]))), name);
  if (!values.redis && (values['redis-prefix'] !== undefined || values['redis-retain'] !== undefined || values['redis-max-len'] !== undefined || values.node !== undefined)) {
    throw new UsageError('--redis-prefix, --redis-retain, --redis-max-len and --node need --redis URL');
  }
  if (values.redis !== undefined && values.data) throw new UsageError('--redis and --data exclude each other: a cluster keeps its history in Redis');
  if (values.node !== undefined && !/^[A-Za-z0-9_.:-]{1,64}$/.test(values.node)) throw new UsageError('--node must match ^[A-Za-z0-9_.:-]{1,64}$');
  const redis = values.redis !== undefined
    ? {
        url: values.redis,
        prefix: values['redis-prefix'],
        retainMs: wrap(() => (values['redis-retain'] === undefined ? undefined : positive(parseDuration(values['redis-retain']))), 'redis-retain'),
        maxLen: int('redis-max-len', values['redis-max-len'], 1),
        node: values.node,
      }
    : null;
  const port = int('port', values.port ?? (env.PORT || undefined));
  if (port !== undefined && port > 65535) throw new UsageError('--port must be at most 65535');
  return {
    help: values.help ?? false,
    version: values.version ?? false,
    dataIfAvailable: values['data-if-available'] ?? false,
    options: {
      port: port ?? 8080,
      host: values.host ?? '127.0.0.1',
      token: values.token ?? (env.PULSEBOARD_TOKEN || null),
      cors: values.cors ?? [],
      allowedHosts: values['allowed-host'] ?? [],
      tail: values.tail ?? [],
      agents: values['no-sim'] ? 0 : int('agents', values.agents),
      simulate: !values['no-sim'],
      hostMetrics: !values['no-host-metrics'],
      maxClients: int('max-clients', values['max-clients'], 1),
      maxBody: wrap(() => (values['max-body'] === undefined ? undefined : parseSize(values['max-body'])), 'max-body'),
      heartbeatMs: wrap(() => (values.heartbeat === undefined ? undefined : parseDuration(values.heartbeat)), 'heartbeat'),
      history: int('history', values.history, 1),
      retryMs: wrap(() => (values.retry === undefined ? undefined : parseDuration(values.retry)), 'retry'),
      data,
      access: {
        jwtSecret: values['jwt-secret'] ?? (env.PULSEBOARD_JWT_SECRET || undefined),
        jwtPublicKeyFile: values['jwt-public-key'],
        jwksUrl: values.jwks,
        jwtIssuer: values['jwt-issuer'],
        jwtAudience: values['jwt-audience'],
        jwtAllowNoExp: values['jwt-allow-no-exp'],
        publicTopics: values['public-topics']?.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean),
        allowQueryToken: values['allow-query-token'],
        ingestRate: values['ingest-rate'],
        maxStreamsPerUser: int('max-streams-per-user', values['max-streams-per-user'], 1),
        webhookToken: values['webhook-token'] ?? (env.PULSEBOARD_WEBHOOK_TOKEN || undefined),
      },
      prometheus,
      queries,
      queryIntervalMs: duration('query-interval') ?? file.queryIntervalMs,
      scrape: [...(file.scrape ?? []), ...(values.scrape ?? [])],
      scrapeIntervalMs: duration('scrape-interval') ?? file.scrapeIntervalMs,
      alertmanager: values.alertmanager ?? file.alertmanager,
      ackDurationMs: duration('ack-duration') ?? file.ackDurationMs,
      prices: file.prices,
      redis: redis && /** @type {import('./cluster/index.js').RedisOptions} */ (Object.fromEntries(Object.entries(redis).filter(([, v]) => v !== undefined))),
    },
  };
}

/** @param {number} n */
function positive(n) {
  if (!(n > 0)) throw new RangeError('must be more than 0');
  return n;
}

export class UsageError extends Error {}
