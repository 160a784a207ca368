import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, appendFile, truncate, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, openSse } from './helpers.js';
import { createLogTail } from '../../server/sources/log-tail.js';
import { parseLogLine, guessLevel } from '../../server/sources/log-parse.js';

/** @param {import('node:test').TestContext} t */
async function tempDir(t) {
  const dir = await mkdtemp(join(tmpdir(), 'pulseboard-tail-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('--tail follows appended lines, a truncated file and a rotated file', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'app.log');
  await writeFile(file, 'old line 1\nold line 2\nINFO old line 3 is quite a bit longer than the others, to have a size\n');
  const { base } = await startServer(t, { tail: [file], tailPollMs: 15 });
  const s = await openSse(`${base}/events?topics=logs`, { 'Last-Event-ID': '0' });
  t.after(() => s.close());
  /** @param {string} message */
  const line = (message) => s.waitForEvent((e) => e.json?.message === message, 5000);

  // Start-up: the last lines of the existing file.
  await line('INFO old line 3 is quite a bit longer than the others, to have a size');
  assert.deepEqual(s.data.map((e) => e.json.message).slice(0, 2), ['old line 1', 'old line 2']);
  assert.equal(s.data[0].json.source, 'app.log');

  // Appends, including a line written in two parts and a CRLF line.
  await appendFile(file, 'ERROR payment failed for order 4821\n');
  const err = await line('ERROR payment failed for order 4821');
  assert.equal(err.json.level, 'error');
  await appendFile(file, 'WARN half a');
  await appendFile(file, ' line\r\n{"level":"debug","msg":"structured","requestId":"r-1","ts":1763800000000}\n');
  const half = await line('WARN half a line');
  assert.equal(half.json.level, 'warn');
  const json = await line('structured');
  assert.deepEqual(json.json, { requestId: 'r-1', ts: 1763800000000, level: 'debug', source: 'app.log', message: 'structured' });
  assert.equal(s.data.some((e) => e.json.message === 'WARN half a'), false, 'a partial line waits for its newline');

  // Truncated in place (copytruncate): start again from the top.
  await truncate(file, 0);
  await appendFile(file, 'after truncate\n');
  await line('after truncate');

  // Rotated: a last line lands in the old file, which is renamed away, and a new file appears.
  await appendFile(file, 'last words of the old file\n');
  await rename(file, `${file}.1`);
  await writeFile(file, 'first line of the new file\n');
  await line('first line of the new file');
  await appendFile(file, 'second line of the new file\n');
  await line('second line of the new file');

  const messages = s.data.map((e) => e.json.message);
  const order = ['ERROR payment failed for order 4821', 'WARN half a line', 'structured', 'after truncate', 'last words of the old file', 'first line of the new file', 'second line of the new file'];
  assert.deepEqual(messages.filter((m) => order.includes(m)), order, 'every line once, in order');
});

test('log tail: long lines are capped, a missing file is waited for, stop() releases the file', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'later.log');
  /** @type {any[]} */
  const out = [];
  const tail = createLogTail(file, { publish: (_topic, data) => out.push(data), pollMs: 1e9, maxLineChars: 100 });
  await tail.start();
  assert.equal(out.length, 0);
  await writeFile(file, `${'a'.repeat(250)}\nshort\n${'b'.repeat(90)}`);
  await tail.poll();
  assert.equal(out.length, 2, 'a file that appears later is read from its start');
  assert.equal(out[0].message, 'a'.repeat(100));
  assert.equal(out[0].truncated, true);
  assert.equal(out[1].message, 'short');
  await appendFile(file, 'b'.repeat(30) + '\nafter\n');
  await tail.poll();
  assert.equal(out[2].message, 'b'.repeat(100), 'a partial line longer than the cap is cut too');
  assert.equal(out[2].truncated, true);
  assert.equal(out[3].message, 'after', 'the rest of the long line is skipped');
  assert.equal(out.length, 4);
  await tail.stop();
});

test('log lines: levels are guessed from text and read from JSON fields', () => {
  assert.equal(guessLevel('2025-11-22 12:00:01 ERROR db down'), 'error');
  assert.equal(guessLevel('[warning] cache miss'), 'warn');
  assert.equal(guessLevel('\x1b[33mWARN\x1b[0m retrying'), 'warn');
  assert.equal(guessLevel('DEBUG x=1'), 'debug');
  assert.equal(guessLevel('FATAL out of memory'), 'error');
  assert.equal(guessLevel('nothing to see'), 'info');
  const pino = parseLogLine('{"level":50,"time":1763800000000,"msg":"boom","pid":7}', 'svc', 5);
  assert.deepEqual(pino, { pid: 7, ts: 1763800000000, level: 'error', source: 'svc', message: 'boom' });
  const otel = parseLogLine('{"severityText":"WARN","body":"slow","source":"edge"}', 'svc', 5);
  assert.deepEqual(otel, { ts: 5, level: 'warn', source: 'edge', message: 'slow' });
  const broken = parseLogLine('{not json', 'svc', 5);
  assert.deepEqual(broken, { ts: 5, level: 'info', source: 'svc', message: '{not json' });
});
