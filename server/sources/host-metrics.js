// Real host metrics, published once per interval on `cpu`, `mem`, `disk`, `load` and `net`.
// Sources: os.cpus() deltas, /proc/meminfo (MemAvailable), fs.statfs on the real filesystems in
// /proc/mounts, os.loadavg(), /proc/net/dev deltas (loopback excluded). Where /proc is missing
// (macOS, Windows) it falls back to os.freemem() and `/`, and skips `net`.
import os from 'node:os';
import { readFile, stat, statfs } from 'node:fs/promises';

/** Filesystem types that hold data users care about; pseudo filesystems are left out. */
const REAL_FS = new Set([
  'ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'jfs', 'reiserfs', 'vfat', 'exfat', 'ntfs', 'ntfs3',
  'fuseblk', 'hfs', 'hfsplus', 'apfs', 'nfs', 'nfs4', 'cifs', 'smb3', 'overlay',
]);

/**
 * @typedef {object} HostMetricsOptions
 * @property {(topic: string, data: unknown) => unknown} publish
 * @property {number} [intervalMs] default 1000
 * @property {string} [procRoot] default /proc
 * @property {number} [maxMounts] default 16
 */

/** @param {number} n */
const pct = (n) => Math.round(Math.min(100, Math.max(0, n)) * 10) / 10;

/**
 * @param {HostMetricsOptions} options
 */
export function createHostMetrics(options) {
  const { publish, intervalMs = 1000, procRoot = '/proc', maxMounts = 16 } = options;
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  let running = false;
  /** @type {{ idle: number, total: number }[] | null} */
  let lastCpu = null;
  /** @type {{ rx: number, tx: number, at: number } | null} */
  let lastNet = null;
  /** @type {string[] | null} */
  let mounts = null;
  let stopped = false;

  function cpuTimes() {
    return os.cpus().map((c) => {
      const t = c.times;
      return { idle: t.idle, total: t.user + t.nice + t.sys + t.idle + t.irq };
    });
  }

  /** @param {number} ts */
  function sampleCpu(ts) {
    const now = cpuTimes();
    const prev = lastCpu;
    lastCpu = now;
    if (!prev || prev.length !== now.length || now.length === 0) return null;
    /** @type {Record<string, number>} */
    const payload = { ts, value: 0 };
    let idle = 0;
    let total = 0;
    now.forEach((c, i) => {
      const dIdle = c.idle - prev[i].idle;
      const dTotal = c.total - prev[i].total;
      idle += dIdle;
      total += dTotal;
      payload[`core${i}`] = dTotal > 0 ? pct(100 * (1 - dIdle / dTotal)) : 0;
    });
    payload.value = total > 0 ? pct(100 * (1 - idle / total)) : 0;
    return payload;
  }

  /** @param {number} ts */
  async function sampleMem(ts) {
    let totalBytes = os.totalmem();
    let availableBytes = os.freemem();
    try {
      const text = await readFile(`${procRoot}/meminfo`, 'utf8');
      const total = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
      const avail = /^MemAvailable:\s+(\d+)\s*kB/m.exec(text);
      if (total && avail) {
        totalBytes = Number(total[1]) * 1024;
        availableBytes = Number(avail[1]) * 1024;
      }
    } catch {
      /* no /proc: os.freemem() it is */
    }
    const usedBytes = Math.max(0, totalBytes - availableBytes);
    return { ts, value: pct((100 * usedBytes) / totalBytes), usedBytes, totalBytes };
  }

  async function readMounts() {
    try {
      const text = await readFile(`${procRoot}/mounts`, 'utf8');
      /** @type {Map<string, string>} device -> shortest mount point */
      const byDevice = new Map();
      for (const line of text.split('\n')) {
        const [device, rawMount, type] = line.split(' ');
        if (!device || !rawMount || !REAL_FS.has(type)) continue;
        const mount = rawMount.replace(/\\(\d{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
        if (type === 'overlay' && mount !== '/') continue;
        // Docker bind-mounts single files (/etc/hosts, /etc/resolv.conf): only directories count.
        if (!(await stat(mount).catch(() => null))?.isDirectory()) continue;
        const known = byDevice.get(device);
        if (known === undefined || mount.length < known.length) byDevice.set(device, mount);
      }
      const list = [...new Set(byDevice.values())].sort();
      return list.length > 0 ? list.slice(0, maxMounts) : ['/'];
    } catch {
      return ['/'];
    }
  }

  /** @param {number} ts */
  async function sampleDisk(ts) {
    if (mounts === null) mounts = await readMounts();
    /** @type {Record<string, number>} */
    const payload = { ts };
    let any = false;
    for (const mount of mounts) {
      try {
        const s = await statfs(mount);
        const used = s.blocks - s.bfree;
        const denominator = used + s.bavail;
        if (denominator <= 0) continue;
        payload[mount] = pct((100 * used) / denominator);
        any = true;
      } catch {
        /* unmounted or not permitted */
      }
    }
    return any ? payload : null;
  }

  /** @param {number} ts */
  function sampleLoad(ts) {
    const [load1, load5, load15] = os.loadavg();
    const r = (/** @type {number} */ n) => Math.round(n * 100) / 100;
    return { ts, load1: r(load1), load5: r(load5), load15: r(load15) };
  }

  async function netTotals() {
    const text = await readFile(`${procRoot}/net/dev`, 'utf8');
    let rx = 0;
    let tx = 0;
    for (const line of text.split('\n').slice(2)) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const iface = line.slice(0, colon).trim();
      if (iface === 'lo') continue;
      const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
      if (fields.length < 9) continue;
      rx += fields[0];
      tx += fields[8];
    }
    return { rx, tx, at: performance.now() };
  }

  /** @param {number} ts */
  async function sampleNet(ts) {
    let now;
    try {
      now = await netTotals();
    } catch {
      return null;
    }
    const prev = lastNet;
    lastNet = now;
    if (!prev) return null;
    const dt = (now.at - prev.at) / 1000;
    if (dt <= 0) return null;
    const rate = (/** @type {number} */ d) => (d >= 0 ? Math.round(d / dt) : 0);
    return { ts, rxBytesPerSec: rate(now.rx - prev.rx), txBytesPerSec: rate(now.tx - prev.tx) };
  }

  /** Takes one sample of everything and publishes it. Safe to call directly (tests). */
  async function tick() {
    if (running) return;
    running = true;
    try {
      const ts = Date.now();
      const cpu = sampleCpu(ts);
      const [mem, disk, net] = await Promise.all([sampleMem(ts), sampleDisk(ts), sampleNet(ts)]);
      if (stopped) return;
      if (cpu) publish('cpu', cpu);
      publish('mem', mem);
      if (disk) publish('disk', disk);
      publish('load', sampleLoad(ts));
      if (net) publish('net', net);
    } finally {
      running = false;
    }
  }

  return {
    /** Takes baselines now, publishes every interval (the first cpu/net rates after one interval). */
    start() {
      if (timer) return;
      stopped = false;
      lastCpu = cpuTimes();
      netTotals().then((n) => { lastNet ??= n; }, () => {});
      timer = setInterval(() => {
        tick().catch((err) => process.emitWarning(`pulseboard host metrics: ${err.message}`));
      }, intervalMs);
      timer.unref();
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
    tick,
  };
}
