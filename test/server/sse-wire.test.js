// The SSE stream's bytes on a raw socket. Events, control events and heartbeats are written to the
// socket already framed as HTTP/1.1 chunks (server/sse-client.js writeRaw), beside what node:http
// writes itself (the head, the final chunk): the two must interleave into one valid chunked body,
// in order, for HTTP/1.1, HTTP/1.0 (no chunks: the body ends with the connection) and a request
// pipelined behind another on the same connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, eventually } from './helpers.js';

/**
 * Sends `request` on a raw socket and collects every byte until the server closes it.
 * @param {string} base
 * @param {string} request
 */
function rawStream(base, request) {
  const { port } = new URL(base);
  const socket = net.connect(Number(port), '127.0.0.1');
  const chunks = /** @type {Buffer[]} */ ([]);
  socket.on('data', (c) => chunks.push(c));
  const ended = new Promise((resolve) => socket.on('close', resolve));
  socket.write(request);
  return { socket, ended, bytes: () => Buffer.concat(chunks) };
}

/**
 * Splits one HTTP response off `buf`: its head and body, decoding chunked framing strictly
 * (a wrong length or a missing CRLF throws). Without chunks the body is the rest.
 * @param {Buffer} buf
 */
function parseResponse(buf) {
  const headEnd = buf.indexOf('\r\n\r\n');
  assert.ok(headEnd > 0, 'a response head');
  const head = buf.subarray(0, headEnd).toString('latin1');
  let at = headEnd + 4;
  const length = /\r\ncontent-length: (\d+)/i.exec(head);
  if (length) return { head, body: buf.subarray(at, at + Number(length[1])).toString(), rest: buf.subarray(at + Number(length[1])), complete: true };
  if (!/\r\ntransfer-encoding: chunked/i.test(head)) return { head, body: buf.subarray(at).toString(), rest: Buffer.alloc(0), complete: false };
  const parts = [];
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    assert.ok(eol > at, `a chunk size line at byte ${at}`);
    const size = buf.subarray(at, eol).toString('latin1');
    assert.match(size, /^[0-9a-f]+$/, `chunk size line ${JSON.stringify(size)}`);
    const n = parseInt(size, 16);
    const data = buf.subarray(eol + 2, eol + 2 + n);
    assert.equal(data.length, n, 'the chunk holds as many bytes as its size says');
    assert.equal(buf.subarray(eol + 2 + n, eol + 4 + n).toString('latin1'), '\r\n', 'CRLF after the chunk data');
    at = eol + 4 + n;
    if (n === 0) return { head, body: Buffer.concat(parts).toString(), rest: buf.subarray(at), complete: true };
    parts.push(data);
  }
}

/** @param {string} body SSE text @returns {{ id: string | null, event: string, data: string }[]} */
function frames(body) {
  return body
    .split('\n\n')
    .filter((f) => f.includes('event: '))
    .map((f) => ({ id: /^id: (.*)$/m.exec(f)?.[1] ?? null, event: /^event: (.*)$/m.exec(f)?.[1] ?? '', data: /^data: (.*)$/m.exec(f)?.[1] ?? '' }));
}

test('sse wire: events, control events and heartbeats written to the socket form one valid chunked body with the head and the final chunk', async (t) => {
  const { app, hub, base } = await startServer(t, { heartbeatMs: 40 });
  const s = rawStream(base, 'GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
  t.after(() => s.socket.destroy());
  await eventually(() => app.context.sse.size === 1 && s.bytes().includes('pulse.hello'), 5000, 'the stream head');
  hub.publish('cpu', { n: 1 }); // one record alone
  for (let i = 2; i <= 6; i++) hub.publish('cpu', { n: i }); // a run of records in one write
  await eventually(() => s.bytes().includes('"n":6'), 5000, 'the run');
  const [client] = app.context.sse;
  client.control('pulse.source', { sources: { x: { state: 'ok' } } }, () => ({}));
  hub.publish('mem', { n: 7 });
  await eventually(() => /: hb \d+/.test(s.bytes().toString()) && s.bytes().includes('"n":7'), 5000, 'a heartbeat and the last event');
  await app.close(); // ends the response: node:http writes the terminating chunk
  await s.ended;
  const res = parseResponse(s.bytes());
  assert.match(res.head, /^HTTP\/1\.1 200/);
  assert.ok(res.complete, 'the body ends with the zero-length chunk');
  const got = frames(res.body);
  assert.equal(got[0].event, 'pulse.hello', 'the head comes first');
  const events = got.filter((f) => f.id !== null && !f.event.startsWith('pulse.'));
  assert.deepEqual(events.map((f) => JSON.parse(f.data).n), [1, 2, 3, 4, 5, 6, 7], 'every event once, in order');
  assert.deepEqual(events.map((f) => Number(f.id)), [1, 2, 3, 4, 5, 6, 7]);
  const source = got.findIndex((f) => f.event === 'pulse.source' && f.data.includes('"x"'));
  assert.ok(source > got.findIndex((f) => f.data.includes('"n":6')) && source < got.findIndex((f) => f.data.includes('"n":7')), 'the control event between the events it was sent between');
  assert.match(res.body, /^: hb \d+$/m, 'heartbeats inside the chunked body');
});

test('sse wire: an HTTP/1.0 client gets the stream unchunked; a stream pipelined behind another request starts after that response', async (t) => {
  const { hub, base, app } = await startServer(t);
  const old = rawStream(base, 'GET /events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n');
  const piped = rawStream(base, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  t.after(() => (old.socket.destroy(), piped.socket.destroy()));
  await eventually(() => app.context.sse.size === 2, 5000, 'both streams');
  for (let i = 1; i <= 3; i++) hub.publish('cpu', { n: i });
  await eventually(() => old.bytes().includes('"n":3') && piped.bytes().includes('"n":3'), 5000, 'the events on both');
  const plain = parseResponse(old.bytes());
  assert.doesNotMatch(plain.head, /transfer-encoding/i, 'no chunks for HTTP/1.0');
  assert.deepEqual(frames(plain.body).filter((f) => f.id !== null && f.event === 'cpu').map((f) => JSON.parse(f.data).n), [1, 2, 3]);
  assert.doesNotMatch(plain.body, /^[0-9a-f]+\r$/m, 'no chunk sizes in an unchunked body');
  const health = parseResponse(piped.bytes());
  assert.match(health.head, /^HTTP\/1\.1 200/);
  assert.ok(JSON.parse(health.body), 'the first response whole, before the stream');
  await app.close();
  await piped.ended;
  const stream = parseResponse(parseResponse(piped.bytes()).rest);
  assert.ok(stream.complete, 'the pipelined stream is one valid chunked body');
  assert.deepEqual(frames(stream.body).filter((f) => f.event === 'cpu').map((f) => JSON.parse(f.data).n), [1, 2, 3]);
});
