import { expect } from '@open-wc/testing';
import { StreamHub } from '../../src/data/stream-hub.js';
import type { MessageMeta } from '../../src/data/types.js';
import { b64, fixtureUrl, newSession, waitFor } from './helpers.js';

interface Received {
  topic: string;
  payload: unknown;
  id: string | undefined;
}

/** Streams `body` raw from the fixture, `chunk` bytes per write, and collects what arrives. */
async function receive(body: string | Uint8Array, opts: { chunk?: number; topics?: string[]; expect: number; type?: string }) {
  const session = newSession('raw');
  const url = `${fixtureUrl}/raw?session=${session}&chunk=${opts.chunk ?? 0}&body=${encodeURIComponent(b64(body))}${
    opts.type ? `&type=${encodeURIComponent(opts.type)}` : ''
  }`;
  const hub = new StreamHub({ url, transport: 'sse', retryBaseMs: 60_000 });
  const received: Received[] = [];
  const unsubscribers = (opts.topics ?? ['*']).map((topic) =>
    hub.subscribe(topic, (payload: unknown, meta: MessageMeta) => received.push({ topic: meta.topic, payload, id: meta.id })),
  );
  try {
    await waitFor(() => received.length >= opts.expect, `${opts.expect} events`);
    await new Promise((r) => setTimeout(r, 30)); // nothing extra trails in
    return { received, hub };
  } finally {
    unsubscribers.forEach((u) => u());
    hub.dispose();
  }
}

const STREAM = 'id: 1\nevent: cpu\ndata: {"value": 1}\n\nid: 2\nevent: mem\ndata: {"value": "ü€"}\n\n';

describe('SSE parsing against a real server', () => {
  it('delivers events split at every byte boundary (one byte per write, multi-byte UTF-8 included)', async () => {
    const { received } = await receive(STREAM, { chunk: 1, expect: 2 });
    expect(received.map((r) => [r.topic, r.id, r.payload])).to.deep.equal([
      ['cpu', '1', { value: 1 }],
      ['mem', '2', { value: 'ü€' }],
    ]);
  });

  for (const [name, eol] of [
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
    ['LF', '\n'],
  ] as const) {
    it(`accepts ${name} line endings, also when a CR/LF pair is split across writes`, async () => {
      const body = STREAM.replaceAll('\n', eol);
      for (const chunk of [0, 1, 3]) {
        const { received } = await receive(body, { chunk, expect: 2 });
        expect(received.map((r) => r.id), `chunk ${chunk}`).to.deep.equal(['1', '2']);
      }
    });
  }

  it('strips exactly one leading BOM and keeps a second one as data', async () => {
    const { received } = await receive('\uFEFFid: 1\nevent: a\ndata: 1\n\n', { expect: 1 });
    expect(received[0]).to.deep.include({ topic: 'a', payload: 1 });
    // With two BOMs the second is part of the first field name, so that line is not "id".
    const two = await receive('\uFEFF\uFEFFid: 9\nevent: a\ndata: 2\n\nevent: a\ndata: 3\n\n', { expect: 2 });
    expect(two.received.map((r) => r.payload)).to.deep.equal([2, 3]);
    expect(two.received[0]!.id).to.equal(undefined);
  });

  it('ignores comments, including long ones between data lines', async () => {
    const body = `: hello\nevent: a\ndata: [1,\n: ${'c'.repeat(4096)}\ndata: 2]\n\n`;
    const { received } = await receive(body, { chunk: 7, expect: 2 });
    // A batch array is delivered item by item; multi-line data joins with "\n" (valid JSON here).
    expect(received.map((r) => r.payload)).to.deep.equal([1, 2]);
  });

  it('uses "message" when an event has no event: field', async () => {
    const { received } = await receive('data: {"x": 1}\n\n', { expect: 1 });
    expect(received[0]!.topic).to.equal('message');
  });

  it('counts malformed JSON and NaN, skips them, and keeps the stream going', async () => {
    const body = 'event: a\ndata: {not json\n\nevent: a\ndata: NaN\n\nevent: a\ndata: {"ok": true}\n\n';
    const { received, hub } = await receive(body, { expect: 1 });
    expect(received.map((r) => r.payload)).to.deep.equal([{ ok: true }]);
    expect(hub.stats.malformed).to.equal(2);
  });

  it('discards an event without its final blank line at the end of the stream', async () => {
    const session = newSession('eof');
    const body = 'event: a\ndata: 1\n\nevent: a\ndata: 2\n';
    const url = `${fixtureUrl}/raw?session=${session}&end=1&body=${encodeURIComponent(b64(body))}`;
    const hub = new StreamHub({ url, transport: 'sse', retryBaseMs: 60_000 });
    const got: unknown[] = [];
    const off = hub.subscribe('a', (p) => got.push(p));
    await waitFor(() => hub.state === 'reconnecting', 'the stream to end');
    off();
    hub.dispose();
    expect(got).to.deep.equal([1]);
  });
});
