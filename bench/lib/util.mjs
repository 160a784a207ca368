// Small helpers shared by the scenarios: options, statistics, tables, child processes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `--name value`, `--name=value` and bare `--flag`. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) out[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[arg.slice(2)] = argv[++i];
    else out[arg.slice(2)] = true;
  }
  return out;
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

/** Formats a number for a table: integers with separators, small numbers with a few digits. */
export function fmt(v, digits) {
  if (v === undefined || v === null) return '-';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (digits !== undefined) return v.toFixed(digits);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '-';
  return `${(a / b).toFixed(2)}x`;
}

/**
 * A side-by-side table: one row per metric, one column per variant, then one ratio column per
 * baseline (`ours / baseline`). `rows` = [{label, key, digits?}], `columns` = [{name, data}].
 */
export function sideBySide(rows, columns, { ours = 0, baselines } = {}) {
  const bases = baselines ?? columns.map((_, i) => i).filter((i) => i !== ours);
  const header = ['metric', ...columns.map((c) => c.name), ...bases.map((b) => `${columns[ours].name} / ${columns[b].name}`)];
  const body = rows.map((r) => [
    r.label,
    ...columns.map((c) => fmt(c.data?.[r.key], r.digits)),
    ...bases.map((b) => ratio(columns[ours].data?.[r.key], columns[b].data?.[r.key])),
  ]);
  return table(header, body);
}

/** A markdown-compatible table (readable in a terminal and pasteable into bench/README.md). */
export function table(header, body) {
  const all = [header, ...body];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r) => `| ${r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  const sep = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`;
  return [line(header), sep, ...body.map(line)].join('\n');
}

/** Starts `node script args...`, resolves with the JSON object its first stdout line holds. */
export function startChild(script, args = [], { env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let buf = '';
    const onData = (chunk) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      child.stdout.off('data', onData);
      try {
        resolve({ child, info: JSON.parse(buf.slice(0, nl)) });
      } catch (e) {
        reject(new Error(`${script}: unexpected first line ${buf.slice(0, nl)}`));
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.once('error', reject);
  });
}

export function stopChild(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.stdin?.end();
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
  });
}

/** CPU seconds (user+system) and RSS of a process from /proc (Linux). */
export function procStats(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = 100; // USER_HZ is 100 on Linux
    const cpuSec = (Number(fields[11]) + Number(fields[12])) / ticks;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { cpuSec, rssMB: rssKb / 1024, peakRssMB: hwmKb / 1024 };
  } catch {
    return { cpuSec: NaN, rssMB: NaN, peakRssMB: NaN };
  }
}

/** The functions with the most self time in a CDP CPU profile, as [{fn, where, ms, pct}]. */
export function topSelfTime(profile, n = 12, { program = false } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const dts = profile.timeDeltas;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (dts[i + 1] ?? 0) / 1000;
    const f = node.callFrame;
    if (f.functionName === '(idle)' || (!program && f.functionName === '(program)')) continue;
    const key = `${f.functionName || '(anonymous)'}\t${f.url.replace(/^.*\/(?=[^/]+$)/, '')}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, ms]) => {
      const [fn, where] = key.split('\t');
      return { fn, where, ms, pct: (ms / total) * 100 };
    });
}

/**
 * Inclusive time (ms and % of non-idle samples) of the functions named in `names`, each sample
 * counted once per name however deep the recursion: "how much went through flush()".
 */
export function inclusiveTime(profile, names) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const sums = Object.fromEntries(names.map((n) => [n, 0]));
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let node = byId.get(profile.samples[i]);
    if (node.callFrame.functionName === '(idle)') continue;
    total += dt;
    const seen = new Set();
    for (; node; node = byId.get(parent.get(node.id))) {
      const fn = node.callFrame.functionName;
      if (fn in sums && !seen.has(fn)) {
        seen.add(fn);
        sums[fn] += dt;
      }
    }
  }
  return names.map((fn) => ({ fn, ms: sums[fn], pct: total ? (sums[fn] / total) * 100 : 0 }));
}
