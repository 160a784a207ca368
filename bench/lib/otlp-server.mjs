// The reference server alone in its own process for the OTLP scenario: no demo sources; answers
// {type: 'cpu'} with its CPU time and counters, so the harness reads the server's own cost.
import { createServer } from '../../server/app.js';

const app = createServer({ hostMetrics: false, simulate: false, requestLog: false, thresholdAlerts: false, maxBody: 8 * 1024 * 1024, otlpMaxInFlight: 64, history: 2000 });
const url = await app.listen(0, '127.0.0.1');
process.send?.({ type: 'ready', url, pid: process.pid });
process.on('message', (msg) => {
  if (msg?.type === 'cpu') {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'cpu', userUs: cpu.user, systemUs: cpu.system, accepted: app.context.otlp.accepted.logs, published: app.hub.published });
  } else if (msg?.type === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
