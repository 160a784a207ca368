// The state a server sends a fresh connection (the reference server with --data: the last log
// lines, the latest alert and agent states, each with its old id, right after pulse.hello) is
// history, not traffic. Against the REAL reference server: the source counts it as replayed, so a
// header's msg/s does not jump to hundreds after a reload, and elements do not announce it as new.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/alert-list/alert-list.js';
import '../../src/elements/log-firehose/log-firehose.js';
import '../../src/elements/pulse-source/pulse-source.js';
import type { PulseSource } from '../../src/elements/pulse-source/pulse-source.js';
import { waitFor } from './helpers.js';
import { hitAtCentre } from './visible.js';

async function ref(action: string, arg: unknown = {}): Promise<{ ok: boolean; url: string; proxyUrl: string; error?: string }> {
  const response = await fetch(`/__ref/${action}?json=${encodeURIComponent(JSON.stringify(arg))}`);
  const info = (await response.json()) as { ok: boolean; url: string; proxyUrl: string; error?: string };
  if (!info.ok) throw new Error(`/__ref/${action}: ${info.error}`);
  return info;
}

describe('replayed state is not traffic (reference server with --data)', () => {
  after(() => ref('stop'));

  it('counts the snapshot a fresh connection gets as replayed; live events after it as messages', async () => {
    const dir = `/tmp/pulseboard-replay-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const info = await ref('start', { cors: ['*'], heartbeatMs: 1000, data: dir });
    await ref('publish', { topic: 'logs', from: 1, to: 25 });
    const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.url}/events?topics=logs`}><log-firehose topic="logs"></log-firehose></pulse-source>`);
    const log = source.querySelector('log-firehose')!;
    await waitFor(() => log.lineCount >= 25, 'the snapshot of 25 lines', 8000);
    expect(source.stats.replayed).to.equal(25);
    expect(source.stats.messages - source.stats.replayed, 'nothing live yet').to.equal(0);
    await ref('publish', { topic: 'logs', from: 26, to: 28 });
    await waitFor(() => log.lineCount >= 28, 'three live lines', 8000);
    expect(source.stats.messages - source.stats.replayed).to.equal(3);
    expect(source.stats.replayed).to.equal(25);
    // The log's screen-reader summary counts the live lines only.
    const live = log.shadowRoot!.querySelector('[role="log"]')!;
    await waitFor(() => (live.textContent ?? '').includes('new line'), 'a summary', 8000);
    expect(live.textContent!.trim()).to.equal('3 new lines');
  });

  it('a server that keeps its alerts says nothing fires, and the list says so; a memory-only one leaves it unknown', async () => {
    /** What the list shows where its alerts would be: the text hit at the centre of its empty line. */
    const shown = async (server: { url: string }) => {
      const source = await fixture<PulseSource>(html`<pulse-source src=${`${server.url}/events?topics=alerts`}><alert-list topic="alerts" style="display:block;height:200px"></alert-list></pulse-source>`);
      const list = source.querySelector('alert-list')!;
      await waitFor(() => source.state === 'open', 'connected', 8000);
      const empty = () => list.shadowRoot!.querySelector('[part="empty"]');
      await waitFor(() => empty() !== null, 'the empty line', 8000);
      await new Promise((r) => setTimeout(r, 300)); // the state arrives right after hello, or not at all
      await list.updateComplete;
      const hit = hitAtCentre(empty()!);
      const text = empty()!.textContent!.replace(/\s+/g, ' ').trim();
      source.remove();
      return { text, hit: hit !== null && empty()!.contains(hit) };
    };
    const dir = `/tmp/pulseboard-none-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const kept = await shown(await ref('start', { cors: ['*'], heartbeatMs: 1000, data: dir }));
    expect(kept.text).to.equal('No alerts firing');
    expect(kept.hit, 'what is seen in the middle of the list is that line').to.equal(true);
    await ref('stop');
    const memory = await shown(await ref('start', { cors: ['*'], heartbeatMs: 1000 }));
    expect(memory.text).to.match(/^Alert state unknown/);
    expect(memory.hit).to.equal(true);
  });
});
