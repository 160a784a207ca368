import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, openSse } from './helpers.js';
import { createHostMetrics } from '../../server/sources/host-metrics.js';

/** @param {unknown} v */
const isPct = (v) => typeof v === 'number' && v >= 0 && v <= 100;

test('host metrics: cpu, mem, disk, load and net payloads have the documented shape', async (t) => {
  const { base } = await startServer(t, { hostMetrics: { intervalMs: 40 } });
  const s = await openSse(`${base}/events?topics=cpu,mem,disk,load,net`);
  t.after(() => s.close());
  const topics = ['cpu', 'mem', 'disk', 'load', ...(existsSync('/proc/net/dev') ? ['net'] : [])];
  /** @type {Record<string, any>} */
  const got = {};
  for (const topic of topics) got[topic] = (await s.waitForEvent((e) => e.event === topic, 5000)).json;

  const cores = os.cpus().length;
  assert.deepEqual(Object.keys(got.cpu).sort(), ['ts', 'value', ...Array.from({ length: cores }, (_, i) => `core${i}`)].sort());
  assert.ok(isPct(got.cpu.value));
  for (let i = 0; i < cores; i++) assert.ok(isPct(got.cpu[`core${i}`]));

  assert.deepEqual(Object.keys(got.mem).sort(), ['totalBytes', 'ts', 'usedBytes', 'value']);
  assert.ok(isPct(got.mem.value));
  assert.ok(Number.isInteger(got.mem.usedBytes) && got.mem.usedBytes <= got.mem.totalBytes);

  const mounts = Object.keys(got.disk).filter((k) => k !== 'ts');
  assert.ok(mounts.length >= 1, 'at least one filesystem');
  for (const m of mounts) {
    assert.ok(m.startsWith('/'), m);
    assert.ok(isPct(got.disk[m]), `${m}: ${got.disk[m]}`);
  }

  assert.deepEqual(Object.keys(got.load).sort(), ['load1', 'load15', 'load5', 'ts']);
  for (const k of ['load1', 'load5', 'load15']) assert.ok(got.load[k] >= 0);

  if (got.net) {
    assert.deepEqual(Object.keys(got.net).sort(), ['rxBytesPerSec', 'ts', 'txBytesPerSec']);
    assert.ok(Number.isInteger(got.net.rxBytesPerSec) && got.net.rxBytesPerSec >= 0);
  }
  for (const topic of topics) assert.ok(Math.abs(got[topic].ts - Date.now()) < 10_000, `${topic}.ts is epoch ms`);
});

test('host metrics: /proc parsing (MemAvailable, real filesystems only, net without lo)', async (t) => {
  const proc = await mkdtemp(join(tmpdir(), 'pulseboard-proc-'));
  t.after(() => rm(proc, { recursive: true, force: true }));
  await mkdir(join(proc, 'net'));
  await writeFile(join(proc, 'meminfo'), 'MemTotal:        1000 kB\nMemFree:          100 kB\nMemAvailable:     250 kB\nBuffers:            1 kB\n');
  await writeFile(join(proc, 'mounts'), [
    'proc /proc proc rw,nosuid 0 0',
    'tmpfs /dev/shm tmpfs rw 0 0',
    'overlay / overlay rw,lowerdir=/a 0 0',
    '/dev/sda1 /etc/hosts ext4 rw 0 0',
    '/dev/sda1 /etc/resolv.conf ext4 rw 0 0',
    'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0',
    '',
  ].join('\n'));
  /** @param {number} rx @param {number} tx @param {number} lo */
  const netDev = (rx, tx, lo) => [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    `    lo: ${lo} 10 0 0 0 0 0 0 ${lo} 10 0 0 0 0 0 0`,
    `  eth0: ${rx} 20 0 0 0 0 0 0 ${tx} 15 0 0 0 0 0 0`,
    '',
  ].join('\n');
  await writeFile(join(proc, 'net', 'dev'), netDev(1_000_000, 500_000, 7));
  /** @type {Record<string, any>} */
  const out = {};
  const metrics = createHostMetrics({ publish: (topic, data) => (out[topic] = data), procRoot: proc, intervalMs: 1e9 });
  await metrics.tick();
  assert.deepEqual(out.mem, { ts: out.mem.ts, value: 75, usedBytes: 750 * 1024, totalBytes: 1000 * 1024 });
  assert.deepEqual(Object.keys(out.disk).sort(), ['/', 'ts'], 'overlay root kept; pseudo filesystems and bind mounts of files dropped');
  assert.ok(!('net' in out), 'no rate before a second sample');
  assert.ok(!('cpu' in out), 'no cpu % before a second sample');
  await writeFile(join(proc, 'net', 'dev'), netDev(1_000_000 + 300_000, 500_000 + 100_000, 7 + 1e12));
  await new Promise((r) => setTimeout(r, 20));
  await metrics.tick();
  const ratio = out.net.rxBytesPerSec / out.net.txBytesPerSec;
  assert.ok(Math.abs(ratio - 3) < 0.01, `rx/tx ${ratio}: loopback excluded`);
  assert.ok(out.net.rxBytesPerSec < 300_000 / 0.015, 'a per-second rate');
  assert.ok(isPct(out.cpu.value));
  metrics.stop();
});
