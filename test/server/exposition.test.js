// The text exposition format parser against the format's documented examples, the scrape
// connector's conversions (counters → rates, histograms → p50/p95/p99), and a scrape target that
// breaks (unreachable, invalid text) shown as a source error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ExpositionError, parseExposition } from '../../server/connectors/exposition.js';
import { histogramQuantile } from '../../server/connectors/quantile.js';
import { openSse, startServer } from './helpers.js';

// The example from the Prometheus documentation ("Exposition formats", text format example).
const DOC_EXAMPLE = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# Escaping in label values:
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

# Minimalistic line:
metric_without_timestamp_and_labels 12.47

# A weird metric from before the epoch:
something_weird{problem="division by zero"} +Inf -3982045

# A histogram, which has a pretty complex representation in the text format:
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="0.2"} 100392
http_request_duration_seconds_bucket{le="0.5"} 129389
http_request_duration_seconds_bucket{le="1"} 133988
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320

# Finally a summary, which has a complex representation, too:
# HELP rpc_duration_seconds A summary of the RPC duration in seconds.
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.01"} 3102
rpc_duration_seconds{quantile="0.05"} 3272
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds{quantile="0.9"} 9001
rpc_duration_seconds{quantile="0.99"} 76656
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
`;

test('exposition: the documented example parses: HELP/TYPE, label escapes, timestamps, +Inf, histogram and summary families', () => {
  const families = parseExposition(DOC_EXAMPLE);
  assert.deepEqual(families.map((f) => [f.name, f.type]), [
    ['http_requests_total', 'counter'],
    ['msdos_file_access_time_seconds', 'untyped'],
    ['metric_without_timestamp_and_labels', 'untyped'],
    ['something_weird', 'untyped'],
    ['http_request_duration_seconds', 'histogram'],
    ['rpc_duration_seconds', 'summary'],
  ]);
  const [requests, msdos, minimal, weird, histogram, summary] = families;
  assert.equal(requests.help, 'The total number of HTTP requests.');
  assert.deepEqual({ ...requests.samples[1].labels }, { method: 'post', code: '400' });
  assert.equal(requests.samples[1].value, 3);
  assert.equal(requests.samples[1].timestamp, 1395066363000);
  assert.deepEqual({ ...msdos.samples[0].labels }, { path: 'C:\\DIR\\FILE.TXT', error: 'Cannot find file:\n"FILE.TXT"' });
  assert.equal(msdos.samples[0].value, 1.458255915e9);
  assert.equal(minimal.samples[0].timestamp, null);
  assert.equal(weird.samples[0].value, Infinity);
  assert.equal(weird.samples[0].timestamp, -3982045);
  assert.equal(histogram.samples.length, 8, 'buckets, _sum and _count belong to the histogram');
  assert.equal(histogram.samples[5].labels.le, '+Inf');
  assert.equal(summary.samples.length, 7);
});

test('exposition: strict: the first bad line rejects the whole text, naming the line', () => {
  const bad = [
    ['a{b="c} 1', /line 1: unterminated value of label b/],
    ['a{b="\\x"} 1', /line 1: invalid escape/],
    ['ok 1\na{b=c} 1', /line 2: expected a quoted value/],
    ['a 1x', /line 1: invalid value/],
    ['a 1 12.5', /line 1: invalid timestamp/],
    ['a{b="1",b="2"} 1', /line 1: label b twice/],
    ['# TYPE a gauge\n# TYPE a counter', /line 2: second TYPE/],
    ['# TYPE a histogramm', /unknown metric type/],
    ['a 1\nb 2\na 3', /line 3: metric family a appears in two places/],
    ['1a 2', /expected a metric name/],
    ['a', /no value/],
  ];
  for (const [text, message] of bad) {
    assert.throws(() => parseExposition(String(text)), (err) => err instanceof ExpositionError && /** @type {RegExp} */ (message).test(err.message), String(text));
  }
  // Tolerated: CRLF line ends, a trailing comma in a label set, tabs, plain comments, NaN.
  const ok = parseExposition('# just a comment\r\na{b="1",} NaN\r\n\tc\t2\n');
  assert.ok(Number.isNaN(ok[0].samples[0].value));
  assert.equal(ok[1].samples[0].value, 2);
});

test('quantiles: linear interpolation inside the bucket, as histogram_quantile does', () => {
  const buckets = [
    { le: 0.1, count: 10 },
    { le: 0.5, count: 60 },
    { le: 1, count: 100 },
    { le: Infinity, count: 100 },
  ];
  assert.equal(histogramQuantile(0.5, buckets), 0.1 + 0.4 * (40 / 50));
  assert.equal(histogramQuantile(0.99, buckets), 0.5 + 0.5 * (39 / 40));
  assert.equal(histogramQuantile(0.5, [{ le: 1, count: 0 }, { le: Infinity, count: 0 }]), null, 'no observations: no number');
  assert.equal(histogramQuantile(0.99, [{ le: 1, count: 1 }, { le: Infinity, count: 10 }]), 1, 'in the +Inf bucket: the highest finite bound');
});

/** A /metrics endpoint whose text the test sets; `down()` makes it refuse connections. */
async function metricsApp(t) {
  let text = '';
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(text);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  t.after(() => new Promise((r) => server.close(() => r(undefined))));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    set: (/** @type {string} */ s) => (text = s),
    down: () => new Promise((r) => {
      server.close(() => r(undefined));
      server.closeAllConnections();
    }),
  };
}

test('scrape: counters become per-second rates, histograms p50/p95/p99 of what was observed between scrapes; a broken target is a source error on NAME.*', async (t) => {
  const app = await metricsApp(t);
  const exposition = (/** @type {number} */ n) => `# TYPE jobs_total counter
jobs_total{queue="a"} ${100 + 10 * n}
jobs_total{queue="b"} ${5 * n}
# TYPE latency_seconds histogram
latency_seconds_bucket{le="0.1"} ${10 * n}
latency_seconds_bucket{le="1"} ${20 * n}
latency_seconds_bucket{le="+Inf"} ${20 * n}
latency_seconds_sum ${3 * n}
latency_seconds_count ${20 * n}
# TYPE temperature gauge
temperature 21.5
`;
  app.set(exposition(1));
  const { base } = await startServer(t, { scrape: [`app=${app.url}`], scrapeIntervalMs: 250 });
  const s = await openSse(`${base}/events?topics=app.jobs_total,app.latency_seconds,app.temperature`);
  t.after(() => s.close());
  assert.deepEqual((await s.waitForEvent((e) => e.event === 'app.temperature', 3000)).json.value, 21.5);
  let n = 1;
  const bump = setInterval(() => app.set(exposition(++n)), 250);
  t.after(() => clearInterval(bump));
  const jobs = (await s.waitForEvent((e) => e.event === 'app.jobs_total' && e.json.a > 0, 3000)).json;
  assert.deepEqual(Object.keys(jobs).sort(), ['a', 'b', 'ts']);
  assert.ok(jobs.a > 0 && jobs.b > 0 && jobs.a > jobs.b, `rates per second: ${JSON.stringify(jobs)}`);
  const latency = (await s.waitForEvent((e) => e.event === 'app.latency_seconds' && e.json.p50 !== null, 3000)).json;
  // Half the observations are under 0.1 s, half between 0.1 and 1 s.
  assert.ok(Math.abs(latency.p50 - 0.1) < 1e-9, JSON.stringify(latency));
  assert.ok(latency.p99 > 0.9 && latency.p99 <= 1, JSON.stringify(latency));

  clearInterval(bump);
  app.set('temperature{ 21');
  const invalid = await s.waitForEvent((e) => e.event === 'pulse.source' && e.json.topics['app.temperature']?.status === 'error', 3000);
  assert.match(invalid.json.topics['app.temperature'].message, /sent invalid metrics: line 1/);
  await app.down();
  const down = await s.waitForEvent((e) => e.event === 'pulse.source' && /unreachable/.test(e.json.topics['app.*']?.message ?? ''), 3000);
  assert.equal(down.json.topics['app.*'].source, 'scrape');
  // A page opened now is told at once, for the topics it asked for.
  const fresh = await openSse(`${base}/events?topics=app.temperature`);
  t.after(() => fresh.close());
  const first = await fresh.waitForEvent((e) => e.event === 'pulse.source', 2000);
  assert.equal(first.json.full, true);
  assert.equal(first.json.topics['app.temperature'].status, 'error');
});
