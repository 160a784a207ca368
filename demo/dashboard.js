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

const STATE_TEXT = { connecting: 'Connecting', open: 'Live', reconnecting: 'Reconnecting', closed: 'Disconnected' };
const source = document.getElementById('source');
const conn = document.getElementById('conn');
const connText = document.getElementById('conn-text');
const rate = document.getElementById('rate');
const showState = (state) => {
  conn.dataset.state = state;
  connText.textContent = STATE_TEXT[state] ?? state;
};
source.addEventListener('pulse-state', (event) => showState(event.detail.state));

await customElements.whenDefined('pulse-source');
showState(source.state);
let lastCount = source.stats.messages;
setInterval(() => {
  const count = source.stats.messages;
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
