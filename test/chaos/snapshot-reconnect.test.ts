// Persistence mode (`--data`): a fresh client gets a state snapshot (the last log lines, current
// alerts and agents). If its connection drops before the first live event, it must resume after the
// snapshot (whose events carry ids, and pulse.hello carries the cursor), not get the snapshot twice.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/log-firehose/log-firehose.js';
import type { LogFirehose } from '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { waitFor } from '../browser/helpers.js';

async function ref(action: string, arg: unknown = {}) {
  const response = await fetch(`/__ref/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const info = await response.json();
  if (!info.ok) throw new Error(info.error);
  return info as { proxyUrl: string; stats: { cuts: number } };
}

describe('persistence snapshot and reconnects', () => {
  after(() => ref('stop'));

  it('a reconnect before the first live event does not show the snapshot twice', async function () {
    this.timeout(30_000);
    const dir = `/tmp/pulseboard-chaos-${Date.now()}`;
    const info = await ref('start', { cors: ['*'], heartbeatMs: 200, retryMs: 100, data: dir });
    const items = Array.from({ length: 5 }, (_, i) => ({ topic: 'logs', data: { level: 'info', message: `before ${i + 1}` } }));
    for (const item of items) await ref('publish', { topic: item.topic, from: 0, to: 0, extra: item.data });
    const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.proxyUrl}/events`}>
      <log-firehose topic="logs" style="--pulse-log-height: 300px; width: 600px"></log-firehose>
    </pulse-source>`);
    const log = source.querySelector('log-firehose') as LogFirehose;
    await waitFor(() => log.lineCount === 5, 'the 5 snapshot lines', 10_000);
    await ref('cut'); // the network drops; nothing new was published
    await waitFor(() => source.stats.reconnects >= 1 && source.state === 'open', 'reconnected', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(log.lineCount, 'each snapshot line shown once').to.equal(5);
  });
});
