// The loader demo's page script: reports when the loader has defined everything in view, and
// inserts a <time-series> on demand, whose chunk (with uPlot) the loader then fetches.
import { allDefined } from '/dist/pulseboard.loader.js';

const status = document.getElementById('status');
const report = (event) => {
  const { defined, failed } = event.detail;
  status.textContent = `Defined: ${defined.join(', ') || 'none'}${failed.length ? `; failed: ${failed.join(', ')}` : ''}.`;
};
document.addEventListener('pulse-loader-complete', report);
await allDefined();
if (status.textContent.startsWith('Loading')) status.textContent = 'Every element on the page is defined.';

document.getElementById('add-chart').addEventListener('click', () => {
  const chart = document.createElement('time-series');
  chart.setAttribute('topic', 'cpu');
  chart.setAttribute('window', '5m');
  chart.setAttribute('unit', 'percent');
  chart.setAttribute('label', 'CPU');
  document.getElementById('charts').append(chart);
});
