// OTLP/HTTP against the REAL OpenTelemetry JS SDK exporters (0.200 line), JSON and protobuf,
// sending to a running server: logs → `logs`, metrics → topics by name, GenAI spans → `agents`.
// Then the receiver's answers per the OTLP/HTTP spec for bad input, and its protobuf answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPLogExporter as JsonLogs } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogs } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetrics } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetrics } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraces } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraces } from '@opentelemetry/exporter-trace-otlp-proto';
import { openSse, request, startServer } from './helpers.js';

const require = createRequire(import.meta.url);
const proto = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;

const ENCODINGS = /** @type {const} */ ([
  ['json', { logs: JsonLogs, metrics: JsonMetrics, traces: JsonTraces }],
  ['protobuf', { logs: ProtoLogs, metrics: ProtoMetrics, traces: ProtoTraces }],
]);

for (const [encoding, exporters] of ENCODINGS) {
  test(`otlp ${encoding}: SDK log records arrive on logs with service as source, severity as level, body as message, attributes kept`, async (t) => {
    const { base } = await startServer(t);
    const s = await openSse(`${base}/events?topics=logs`);
    t.after(() => s.close());
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'checkout' }) });
    provider.addLogRecordProcessor(new SimpleLogRecordProcessor(new exporters.logs({ url: `${base}/v1/logs`, compression: /** @type {any} */ (encoding === 'protobuf' ? 'gzip' : 'none') })));
    t.after(() => provider.shutdown());
    const logger = provider.getLogger('orders');
    logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'card declined', attributes: { 'order.id': 'o-17', retry: 2 } });
    logger.emit({ severityNumber: SeverityNumber.ERROR, body: 'payment gateway timeout' });
    await provider.forceFlush();
    const all = () => s.data.flatMap((e) => [e.json].flat());
    await s.waitForEvent(() => all().length >= 2, 5000);
    // Each record is its own export (SimpleLogRecordProcessor): two requests, in either order.
    const got = all();
    const declined = got.find((l) => l.message === 'card declined');
    const timeout = got.find((l) => l.message === 'payment gateway timeout');
    assert.equal(declined.source, 'checkout');
    assert.equal(declined.level, 'warn');
    assert.equal(declined.message, 'card declined');
    assert.deepEqual(declined.attributes, { 'order.id': 'o-17', retry: 2 });
    assert.equal(declined.scope, 'orders');
    assert.ok(Math.abs(declined.ts - Date.now()) < 10_000, 'the record time, in ms');
    assert.equal(timeout.level, 'error');
  });

  test(`otlp ${encoding}: SDK metrics arrive by name: gauge values, counters as rates, histograms as p50/p95/p99`, async (t) => {
    const { base } = await startServer(t);
    const s = await openSse(`${base}/events?topics=queue.depth,jobs.done,request.duration`);
    t.after(() => s.close());
    const reader = new PeriodicExportingMetricReader({
      exporter: new exporters.metrics({ url: `${base}/v1/metrics`, temporalityPreference: AggregationTemporality.CUMULATIVE }),
      exportIntervalMillis: 3_600_000,
    });
    const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'worker' }), readers: [reader] });
    t.after(() => provider.shutdown());
    const meter = provider.getMeter('jobs');
    const depth = meter.createGauge('queue.depth');
    const done = meter.createCounter('jobs.done');
    const duration = meter.createHistogram('request.duration', { advice: { explicitBucketBoundaries: [10, 100, 1000] } });
    depth.record(17, { queue: 'a' });
    depth.record(4, { queue: 'b' });
    done.add(10);
    for (let i = 0; i < 10; i++) duration.record(i < 5 ? 5 : 50);
    await reader.forceFlush();
    const gauge = (await s.waitForEvent((e) => e.event === 'queue.depth', 5000)).json;
    assert.equal(gauge.a, 17);
    assert.equal(gauge.b, 4);
    // Counters and cumulative histograms need a second export to say what happened in between.
    await new Promise((r) => setTimeout(r, 200));
    done.add(30);
    for (let i = 0; i < 100; i++) duration.record(i < 50 ? 5 : 50);
    await reader.forceFlush();
    const rate = (await s.waitForEvent((e) => e.event === 'jobs.done', 5000)).json;
    assert.ok(rate.value > 30 && rate.value < 30 / 0.15, `30 more in ~0.2 s: ${rate.value}/s`);
    const hist = (await s.waitForEvent((e) => e.event === 'request.duration' && e.json.p50 !== undefined, 5000)).json;
    assert.equal(hist.p50, 10, 'half the new observations are under 10');
    assert.ok(hist.p99 > 10 && hist.p99 <= 100, JSON.stringify(hist));
  });

  test(`otlp ${encoding}: GenAI spans feed agents: running while a run is open, current tool, tokens, latency, errors, cost`, async (t) => {
    const { app, base } = await startServer(t, { prices: { 'gpt-4o': { input: 2.5, output: 10 } }, agentEvents: { minIntervalMs: 0 } });
    const s = await openSse(`${base}/events?topics=agents`);
    t.after(() => s.close());
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'support-bot' }),
      spanProcessors: [new SimpleSpanProcessor(new exporters.traces({ url: `${base}/v1/traces` }))],
    });
    t.after(() => provider.shutdown());
    const tracer = provider.getTracer('agents');
    // Spans are exported as they end (SimpleSpanProcessor), children before their run: they name
    // their agent themselves (a batch holding the run's invoke_agent span would name it too).
    const agent = { 'gen_ai.agent.name': 'triage', 'gen_ai.agent.id': 'agent-7' };
    const run = tracer.startSpan('invoke_agent triage', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'triage', 'gen_ai.agent.id': 'agent-7' } });
    const inRun = trace.setSpan(ROOT_CONTEXT, run);
    const chat = tracer.startSpan('chat gpt-4o', { attributes: { ...agent, 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' } }, inRun);
    await new Promise((r) => setTimeout(r, 30));
    chat.setAttributes({ 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 300 });
    chat.end();
    const tool = tracer.startSpan('execute_tool lookup_order', { attributes: { ...agent, 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order' } }, inRun);
    tool.end();
    await provider.forceFlush();
    const running = (await s.waitForEvent((e) => e.json?.id === 'agent-7' && e.json.tool === 'lookup_order', 5000).catch((err) => {
      throw new Error(`${err.message}: ${JSON.stringify(s.data.map((e) => e.json))}`);
    })).json;
    assert.equal(running.name, 'triage');
    assert.equal(running.state, 'running', 'its invoke_agent span is still open');
    assert.ok(running.latencyMs.p50 >= 25 && running.latencyMs.p50 < 1000, `chat latency ${running.latencyMs.p50}`);
    assert.ok(running.tokensPerSec > 0);
    assert.equal(running.costUsd, (1200 * 2.5 + 300 * 10) / 1e6, 'priced by model prefix');

    const failing = tracer.startSpan('chat gpt-4o', { attributes: { ...agent, 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' } }, inRun);
    failing.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    failing.end();
    await provider.forceFlush();
    const errored = (await s.waitForEvent((e) => e.json?.id === 'agent-7' && e.json.errorRate > 0, 5000)).json;
    assert.equal(errored.state, 'error');
    assert.ok(errored.errorRate > 0 && errored.errorRate < 1);

    run.end();
    await provider.forceFlush();
    const idle = (await s.waitForEvent((e) => e.json?.id === 'agent-7' && e.json.state === 'idle', 5000)).json;
    assert.equal(idle.tool, null, 'the run ended: no current tool');
    assert.equal(app.context.otlp.accepted.traces, 4, 'four GenAI spans');
  });
}

test('otlp: non-GenAI spans are accepted and ignored; partial success names what was rejected', async (t) => {
  const { base, hub } = await startServer(t);
  const ns = '1763800000000000000';
  const body = {
    resourceMetrics: [{ scopeMetrics: [{ metrics: [
      { name: 'ok.metric', gauge: { dataPoints: [{ timeUnixNano: ns, asDouble: 1.5 }] } },
      { name: 'pulse.reserved', gauge: { dataPoints: [{ timeUnixNano: ns, asDouble: 1 }] } },
      { name: 'exp', exponentialHistogram: { dataPoints: [{}] } },
    ] }] }],
  };
  const r = await request(`${base}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200);
  assert.equal(r.json.partialSuccess.rejectedDataPoints, 2);
  assert.match(r.json.partialSuccess.errorMessage, /exponential histograms/);
  assert.equal(hub.at(hub.lastId)?.topic, 'ok.metric');
  const spans = { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'GET /', attributes: [{ key: 'http.method', value: { stringValue: 'GET' } }] }] }] }] };
  const before = hub.lastId;
  const tr = await request(`${base}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(spans) });
  assert.equal(tr.status, 200);
  assert.equal(tr.text, '{}', 'full success: an empty response');
  assert.equal(hub.lastId, before);
});

/**
 * POSTs protobuf bytes; resolves with the status, content type and body bytes.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @param {Buffer} body
 * @returns {Promise<{ status: number, type: string | undefined, body: Buffer }>}
 */
async function postBytes(url, headers, body) {
  const { default: http } = await import('node:http');
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-protobuf' } }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('otlp: bad input is answered per the OTLP/HTTP spec, nothing is published, protobuf gets protobuf', async (t) => {
  const { app, base, hub } = await startServer(t, { maxBody: 4096, token: 't0k' });
  const auth = { Authorization: 'Bearer t0k' };
  const post = (/** @type {string} */ path, /** @type {Record<string, string>} */ headers, /** @type {string | Buffer} */ body) =>
    request(`${base}${path}`, { method: 'POST', headers: { ...auth, ...headers }, body });
  const before = hub.lastId;
  assert.equal((await request(`${base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, 401);
  const badJson = await post('/v1/logs', { 'Content-Type': 'application/json' }, '{"resourceLogs": [');
  assert.equal(badJson.status, 400);
  assert.equal(badJson.json.code, 3);
  assert.match(badJson.json.message, /invalid JSON/);
  const badProto = await postBytes(`${base}/v1/traces`, auth, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
  assert.equal(badProto.status, 400);
  assert.equal(badProto.type, 'application/x-protobuf');
  // google.rpc.Status: field 1 code = 3 (INVALID_ARGUMENT), field 2 a message.
  const status = badProto.body;
  assert.deepEqual([status[0], status[1]], [0x08, 3]);
  assert.match(status.toString('utf8'), /invalid protobuf/);
  assert.equal((await post('/v1/logs', { 'Content-Type': 'text/plain' }, '{}')).status, 415);
  assert.equal((await post('/v1/logs', { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, '{}')).status, 415);
  const big = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'x'.repeat(5000) } }] }] }] });
  assert.equal((await post('/v1/logs', { 'Content-Type': 'application/json' }, big)).status, 413);
  const bomb = gzipSync(Buffer.from(JSON.stringify({ resourceLogs: [], pad: ' '.repeat(100_000) })));
  assert.ok(bomb.length < 4096);
  const unzipped = await post('/v1/logs', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, bomb);
  assert.equal(unzipped.status, 413, 'the limit holds after gunzip too');
  assert.equal((await post('/v1/logs', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, 'not gzip')).status, 400);
  assert.equal(hub.lastId, before, 'nothing published');

  // Shedding load: while the in-flight limit is taken, 503 with Retry-After.
  app.context.otlp.inFlight = app.context.options.otlpMaxInFlight;
  const busy = await post('/v1/logs', { 'Content-Type': 'application/json' }, '{}');
  app.context.otlp.inFlight = 0;
  assert.equal(busy.status, 503);
  assert.equal(busy.headers['retry-after'], String(app.context.options.retryAfterSec));
  assert.equal(busy.json.code, 14);

  // A good protobuf request gets a protobuf ExportLogsServiceResponse.
  const Req = proto.collector.logs.v1.ExportLogsServiceRequest;
  const good = Buffer.from(Req.encode(Req.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hi' } }] }] }] })).finish());
  const ok = await postBytes(`${base}/v1/logs`, auth, good);
  assert.equal(ok.status, 200);
  assert.equal(ok.type, 'application/x-protobuf');
  assert.deepEqual(proto.collector.logs.v1.ExportLogsServiceResponse.toObject(proto.collector.logs.v1.ExportLogsServiceResponse.decode(ok.body)), {});
  assert.equal(JSON.parse(hub.at(hub.lastId)?.json ?? '{}').message, 'hi');
});

test('otlp with JWT access: a sender may publish only the topics its token names; refusals are OTLP statuses and publish nothing', async (t) => {
  const { mint, jwtOptions } = await import('./access-helpers.js');
  const { base, hub } = await startServer(t, { access: jwtOptions({ ingestRate: '2/s' }) });
  /** @type {string[]} */
  const published = [];
  hub.onPublish((topic) => published.push(topic));
  const logs = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'hello' } }] }] }] });
  const metrics = JSON.stringify({
    resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'queue_depth', gauge: { dataPoints: [{ asDouble: 3, timeUnixNano: String(Date.now() * 1e6) }] } }] }] }],
  });
  const post = async (/** @type {string} */ path, /** @type {string} */ body, /** @type {string | null} */ token) =>
    request(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body });

  const viewer = await mint({ pulse: { subscribe: ['*'] } });
  const noPublish = await post('/v1/logs', logs, viewer);
  assert.equal(noPublish.status, 403);
  assert.equal(noPublish.json.code, 7, 'PERMISSION_DENIED');
  const logsOnly = await mint({ sub: 'app', pulse: { publish: ['logs'] } });
  const wrongTopic = await post('/v1/metrics', metrics, logsOnly);
  assert.equal(wrongTopic.status, 403);
  assert.match(wrongTopic.json.message, /queue_depth/);
  assert.equal((await post('/v1/traces', JSON.stringify({ resourceSpans: [] }), logsOnly)).status, 403, 'traces feed agents: a publish claim for agents is needed');
  assert.deepEqual(published, [], 'nothing of a refused request is published');

  assert.equal((await post('/v1/logs', logs, logsOnly)).status, 200);
  assert.deepEqual(published, ['logs']);
  assert.equal((await post('/v1/logs', logs, logsOnly)).status, 200);
  const limited = await post('/v1/logs', logs, logsOnly);
  assert.equal(limited.status, 429, 'over --ingest-rate');
  assert.equal(limited.json.code, 8, 'RESOURCE_EXHAUSTED');
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  assert.deepEqual(published, ['logs', 'logs']);
});
