// The demo's own glue: theme toggle, clock, and a connection/rate readout in the header. The
// elements need none of it; it shows what host code can do with <pulse-source>.
const root = document.documentElement;
const dark = matchMedia('(prefers-color-scheme: dark)');
const toggle = document.getElementById('theme-toggle');

const effectiveTheme = () => root.dataset.theme ?? (dark.matches ? 'dark' : 'light');
function showTheme() {
  const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
  toggle.setAttribute('aria-label', `Switch to ${next} theme`);
  toggle.title = `Switch to ${next} theme`;
}
toggle.addEventListener('click', () => {
  const next = effectiveTheme() === 'dark' ? 'light' : 'dark';
  root.dataset.theme = next;
  try {
    localStorage.setItem('pulseboard-theme', next);
  } catch {
    /* not persisted */
  }
  showTheme();
});
dark.addEventListener('change', showTheme);
showTheme();

const clock = document.getElementById('clock');
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const tickClock = () => {
  const now = new Date();
  clock.dateTime = now.toISOString();
  clock.textContent = timeFormat.format(now);
};
tickClock();
setInterval(tickClock, 1000);

// The header says how fresh the whole board is, from <pulse-source>'s aggregate of the elements
// under it (worst state, with counts), not just whether the connection is open: an open
// connection whose panels are all stale is not "Live".
const STATE_TEXT = {
  live: 'Live',
  waiting: 'Waiting for data',
  connecting: 'Connecting',
  stale: 'Stale',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  'no-source': 'No source',
  unauthorized: 'Not authorized',
  'source-error': 'Source error',
  offline: 'Offline',
};
const source = document.getElementById('source');
const conn = document.getElementById('conn');
const connText = document.getElementById('conn-text');
const rate = document.getElementById('rate');
const showFreshness = ({ state, counts, total }) => {
  if (!state) return;
  conn.dataset.state = state;
  const worst = counts[state] ?? 0;
  connText.textContent = state === 'live' ? `Live · ${total} panels` : `${STATE_TEXT[state] ?? state} · ${worst} of ${total}`;
  conn.title = Object.entries(counts)
    .map(([word, n]) => `${n} ${STATE_TEXT[word]?.toLowerCase() ?? word}`)
    .join(', ');
};
source.addEventListener('pulse-source-change', (event) => showFreshness(event.detail));

await customElements.whenDefined('pulse-source');
showFreshness(source.freshness);
// Live traffic only: the state the server replays to a fresh page (its last log lines, alert and
// agent states) is history, not messages per second.
const liveCount = () => source.stats.messages - source.stats.replayed;
let lastCount = liveCount();
setInterval(() => {
  const count = liveCount();
  rate.textContent = `${Math.max(0, count - lastCount)} msg/s`;
  lastCount = count;
}, 1000);

// Host code can listen to the same stream: scale the load gauge to this machine's core count
// (load 4 is idle on 16 cores and critical on 2), learnt from the per-core fields of `cpu`.
// (The fleet page has no load gauge: it shows per-host topics.)
const loadGauge = document.getElementById('load-gauge');
const stopCores = !loadGauge ? () => {} : source.subscribe('cpu', (sample) => {
  if (!sample || typeof sample !== 'object') return;
  const cores = Object.keys(sample).filter((key) => /^core\d+$/.test(key)).length;
  if (!cores) return;
  loadGauge.max = cores * 2;
  loadGauge.warn = cores;
  loadGauge.crit = cores * 1.5;
  loadGauge.label = `Load · ${cores} ${cores === 1 ? "core" : "cores"}`;
  queueMicrotask(() => stopCores());
});
