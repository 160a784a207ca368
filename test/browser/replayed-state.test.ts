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

  it('over WebSocket, a fresh page gets the kept state even when the last log lines add up to megabytes', async () => {
    // 200 kept log lines of 30 KB each (~6 MB) plus one firing alert: over SSE each is its own
    // event; over WebSocket the state must not arrive as one message above what a client takes (4 MiB).
    const dir = `/tmp/pulseboard-wsstate-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    const info = await ref('start', { cors: ['*'], heartbeatMs: 1000, data: dir, maxBody: 16 * 1024 * 1024 });
    const lines = Array.from({ length: 200 }, (_, i) => ({ topic: 'logs', data: { level: 'info', message: `line ${i + 1}`, detail: 'x'.repeat(30_000) } }));
    const alert = { topic: 'alerts', data: { id: 'disk', status: 'firing', severity: 'critical', title: 'Disk full on db-1', startsAt: new Date().toISOString() } };
    const posted = await fetch(`${info.url}/ingest`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([alert, ...lines]) });
    expect(posted.status).to.equal(202);
    const source = await fixture<PulseSource>(html`<pulse-source src=${`${info.url.replace(/^http/, 'ws')}/ws?topics=alerts,logs`}>
      <alert-list topic="alerts" style="display:block;height:200px"></alert-list>
      <log-firehose topic="logs" style="display:block;height:200px"></log-firehose>
    </pulse-source>`);
    const list = source.querySelector('alert-list')!;
    const log = source.querySelector('log-firehose')!;
    const title = () => list.shadowRoot!.querySelector<HTMLElement>('[part="title"]');
    await waitFor(() => source.state === 'open', 'connected', 8000);
    await waitFor(() => title() !== null || source.stats.malformed > 0, 'the kept alert (or a refused message)', 8000);
    expect(source.stats.malformed, 'nothing refused as too large').to.equal(0);
    await list.updateComplete;
    const hit = hitAtCentre(title()!);
    expect(hit !== null && title()!.contains(hit), 'the alert title is what is seen there').to.equal(true);
    expect(title()!.textContent!.trim()).to.equal('Disk full on db-1');
    await waitFor(() => log.lineCount >= 200, 'the 200 kept log lines', 8000);
    expect(source.stats.replayed).to.equal(201);
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
