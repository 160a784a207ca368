import { expect } from '@open-wc/testing';
import { StreamHub } from '../../src/data/stream-hub.js';
import type { ConnectionState, TransportKind } from '../../src/data/types.js';
import { b64, fixtureUrl, fixtureWsUrl, newSession, sessionInfo, waitFor } from './helpers.js';

/** Subscribes to every topic and records the `seq` of each payload in arrival order. */
function collect(hub: StreamHub) {
  const seqs: number[] = [];
  const states: ConnectionState[] = [];
  const offState = hub.on('state', (s) => states.push(s));
  const off = hub.subscribe('*', (payload) => seqs.push((payload as { seq: number }).seq));
  return {
    seqs,
    states,
    stop() {
      off();
      offState();
      hub.dispose();
    },
  };
}

/** Waits until the fixture has seen `attempts` connection attempts, and returns what it saw. */
async function resumeIds(session: string, attempts: number) {
  let info = await sessionInfo(session);
  for (let i = 0; i < 200 && info.attempts < attempts; i++) {
    await new Promise((r) => setTimeout(r, 20));
    info = await sessionInfo(session);
  }
  return info;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

for (const transport of ['sse', 'ws'] as TransportKind[]) {
  const base = transport === 'sse' ? `${fixtureUrl}/sse` : `${fixtureWsUrl}/ws`;

  describe(`${transport.toUpperCase()} transport against a server that cuts the connection`, () => {
    it('delivers every event exactly once, in order, resuming by last event id', async () => {
      const session = newSession(transport);
      const hub = new StreamHub({ url: `${base}?session=${session}&total=60&dropEvery=7&topics=a,b,c`, transport, retryBaseMs: 20 });
      const run = collect(hub);
      await waitFor(() => run.seqs.length >= 60, '60 events');
      await new Promise((r) => setTimeout(r, 100));
      run.stop();
      expect(run.seqs).to.deep.equal(range(1, 60));
      const info = await sessionInfo(session);
      expect(info.opened).to.be.greaterThan(8); // it really was cut and resumed each time
      // Every reconnect resumed from the last id it had (a browser may retry a first request
      // transparently before any event arrived: an extra attempt without an id, at the start only).
      // A connection cut before any of its bytes reached the page resumes from the same id again.
      const firstResume = info.lastEventIds.findIndex((id) => id !== null);
      const resumes = info.lastEventIds.slice(firstResume);
      expect(resumes).not.to.include(null);
      const points = resumes.map(Number);
      expect(points.every((n, i) => i === 0 || n >= points[i - 1]!), `resume points ${points.join(',')}`).to.equal(true);
      // The fixture cuts after every 7th event: each cut point is resumed from, none skipped.
      expect([...new Set(points)]).to.deep.equal([7, 14, 21, 28, 35, 42, 49, 56]);
      expect(run.states).to.include('reconnecting');
      expect(hub.stats.duplicates).to.equal(0);
    });
  });
}

describe('SSE transport: HTTP answers', () => {
  it('keeps retrying through 503 (where the native EventSource gives up) and then streams', async () => {
    const session = newSession('503');
    const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&total=3&failFirst=2&failStatus=503`, transport: 'sse', retryBaseMs: 20 });
    const run = collect(hub);
    await waitFor(() => run.seqs.length >= 3, '3 events after two 503s');
    run.stop();
    expect(run.seqs).to.deep.equal([1, 2, 3]);
    expect((await sessionInfo(session)).attempts).to.equal(3);
  });

  it('retries 429 too', async () => {
    const session = newSession('429');
    const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&total=2&failFirst=1&failStatus=429`, transport: 'sse', retryBaseMs: 20 });
    const run = collect(hub);
    await waitFor(() => run.seqs.length >= 2, '2 events after a 429');
    run.stop();
    expect(run.seqs).to.deep.equal([1, 2]);
  });

  for (const status of [401, 403, 404]) {
    it(`stops for good on ${status} with a visible error, without flooding the server`, async () => {
      const session = newSession(`s${status}`);
      const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&failFirst=99&failStatus=${status}`, transport: 'sse', retryBaseMs: 10 });
      const run = collect(hub);
      await waitFor(() => hub.state === 'closed' && hub.stats.error !== undefined, 'closed with an error');
      await new Promise((r) => setTimeout(r, 200));
      const { state, error } = hub.stats;
      run.stop();
      expect(state).to.equal('closed');
      expect(error?.status).to.equal(status);
      expect((await sessionInfo(session)).attempts).to.equal(1);
    });
  }

  it('stops on a response that is not an event stream', async () => {
    const session = newSession('type');
    const body = b64('<html>login page</html>');
    const hub = new StreamHub({ url: `${fixtureUrl}/raw?session=${session}&type=text/html&end=1&body=${body}`, transport: 'sse', retryBaseMs: 10 });
    const run = collect(hub);
    await waitFor(() => hub.state === 'closed', 'closed');
    const message = hub.stats.error?.message ?? '';
    run.stop();
    expect(message).to.include('expected text/event-stream');
    expect((await sessionInfo(session)).attempts).to.equal(1);
  });

  it("honours the server's retry: hint over its own default delay", async () => {
    const session = newSession('retry');
    // Our default first delay is a minute; the server says 30 ms.
    const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&total=6&dropEvery=3&retry=30`, transport: 'sse', retryBaseMs: 60_000 });
    const run = collect(hub);
    await waitFor(() => run.seqs.length >= 6, 'a quick reconnect', 5000);
    run.stop();
    expect(run.seqs).to.deep.equal(range(1, 6));
  });

  it('remembers an id sent in a block without data and resumes from it', async () => {
    const session = newSession('idonly');
    const body = b64('retry: 20\n\nevent: a\ndata: 1\n\nid: 41\n\n');
    const hub = new StreamHub({ url: `${fixtureUrl}/raw?session=${session}&end=1&body=${body}`, transport: 'sse', retryBaseMs: 20 });
    const run = collect(hub);
    const info = await resumeIds(session, 2);
    run.stop();
    expect(info.lastEventIds.slice(0, 2)).to.deep.equal([null, '41']);
  });

  it('forgets the last id after an empty id: field', async () => {
    const session = newSession('idreset');
    const body = b64('retry: 20\n\nid: 7\nevent: a\ndata: 1\n\nid\nevent: a\ndata: 3\n\n');
    const hub = new StreamHub({ url: `${fixtureUrl}/raw?session=${session}&end=1&body=${body}`, transport: 'sse', retryBaseMs: 20 });
    const run = collect(hub);
    const info = await resumeIds(session, 2);
    run.stop();
    expect(info.lastEventIds.slice(0, 2)).to.deep.equal([null, null]);
  });

  it('ignores an id containing NUL and resumes after the last valid one', async () => {
    const session = newSession('idnul');
    const body = b64('retry: 20\n\nid: 7\nevent: a\ndata: 1\n\nid: 8\u0000x\nevent: a\ndata: 2\n\n');
    const hub = new StreamHub({ url: `${fixtureUrl}/raw?session=${session}&end=1&body=${body}`, transport: 'sse', retryBaseMs: 20 });
    const run = collect(hub);
    const info = await resumeIds(session, 2);
    run.stop();
    expect(info.lastEventIds.slice(0, 2)).to.deep.equal([null, '7']);
  });

  it('reconnects when a server stalls without closing (silence longer than the idle timeout)', async () => {
    const session = newSession('stall');
    const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&total=2`, transport: 'sse', retryBaseMs: 20, idleTimeoutMs: 300 });
    const run = collect(hub);
    await waitFor(() => run.seqs.length >= 2, 'data');
    const info = await resumeIds(session, 2);
    run.stop();
    expect(run.seqs).to.deep.equal([1, 2]); // the resumed stream had nothing new: no duplicates
    expect(info.lastEventIds.slice(0, 2)).to.deep.equal([null, '2']);
  });

  it('skips and counts an enormous single event and keeps the stream', async () => {
    const session = newSession('huge');
    const hub = new StreamHub({ url: `${fixtureUrl}/huge?session=${session}&size=3000000`, transport: 'sse', maxEventSize: 1_000_000, retryBaseMs: 20 });
    const run = collect(hub);
    await waitFor(() => run.seqs.includes(2), 'the event after the huge one', 10_000);
    const { malformed } = hub.stats;
    run.stop();
    expect(malformed).to.be.at.least(1);
  });

  it('sends custom headers (what the native EventSource cannot)', async () => {
    const session = newSession('hdr');
    const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&total=1&requireHeader=X-Test`, transport: 'sse', headers: { 'X-Test': 'yes' } });
    const run = collect(hub);
    await waitFor(() => run.seqs.length === 1, 'one event');
    run.stop();
    expect(run.seqs).to.deep.equal([1]);
  });
});

describe('hub: resume edge cases', () => {
  it('shows a gap instead of dropping everything when the server restarted its id sequence', async () => {
    const session = newSession('restart');
    const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&total=8&dropEvery=5&restartAt=1`, transport: 'sse', retryBaseMs: 20 });
    const run = collect(hub);
    await waitFor(() => run.seqs.length >= 13, 'events after the restart');
    run.stop();
    // 1..5, then the "restarted" server counts from 1 again up to 8.
    expect(run.seqs).to.deep.equal([...range(1, 5), ...range(1, 8)]);
    expect(hub.stats.gaps).to.equal(1);
  });

  it('delivers a batch array item by item and counts junk WebSocket messages', async () => {
    const session = newSession('wsbatch');
    const junk = encodeURIComponent(JSON.stringify(['not json', '42', '{"topic": 5}', '[null]']));
    const hub = new StreamHub({ url: `${fixtureWsUrl}/ws?session=${session}&total=5&batch=1&junk=${junk}`, transport: 'ws' });
    const run = collect(hub);
    await waitFor(() => run.seqs.length >= 5 && hub.stats.malformed >= 4, 'batch and junk');
    run.stop();
    expect(run.seqs).to.deep.equal(range(1, 5));
    // "not json", 42 and null are not envelopes, and {"topic": 5} has no usable topic.
    expect(hub.stats.malformed).to.equal(4);
  });

  it('a throwing subscriber never stops delivery to the others', async () => {
    const hub = new StreamHub({ url: `local:${newSession()}`, transport: 'local' });
    const got: unknown[] = [];
    const offBad = hub.subscribe('t', () => {
      throw new Error('boom');
    });
    const offGood = hub.subscribe('t', (p) => got.push(p));
    const originalError = console.error;
    console.error = () => undefined;
    try {
      hub.publish('t', [1, 2, 3]);
    } finally {
      console.error = originalError;
    }
    offBad();
    offGood();
    hub.dispose();
    expect(got).to.deep.equal([1, 2, 3]);
    expect(hub.stats.subscriberErrors).to.equal(3);
  });

  it('keeps a bounded history per topic and replays it to late subscribers', () => {
    const hub = new StreamHub({ url: `local:${newSession()}`, transport: 'local', historySize: 5 });
    const keep = hub.retain();
    for (let i = 1; i <= 12; i++) hub.publish('t', i);
    const late: unknown[] = [];
    const off = hub.subscribe('t', (p, meta) => late.push([p, meta.replay]));
    hub.publish('t', 13);
    off();
    keep();
    hub.dispose();
    expect(late).to.deep.equal([
      [8, true],
      [9, true],
      [10, true],
      [11, true],
      [12, true],
      [13, false],
    ]);
  });
});

describe('hub: historySize 0 (keep nothing for late subscribers)', () => {
  for (const transport of ['sse', 'ws'] as TransportKind[]) {
    it(`still delivers every event over ${transport.toUpperCase()}, once, on one connection`, async () => {
      const session = newSession(`nohist${transport}`);
      const base = transport === 'sse' ? `${fixtureUrl}/sse` : `${fixtureWsUrl}/ws`;
      const hub = new StreamHub({ url: `${base}?session=${session}&total=20`, transport, historySize: 0, retryBaseMs: 20 });
      const run = collect(hub);
      await waitFor(() => run.seqs.length >= 20 || hub.stats.reconnects >= 3, '20 events (or reconnects)');
      await new Promise((r) => setTimeout(r, 100));
      run.stop();
      expect(hub.stats.reconnects, 'the connection was never torn down').to.equal(0);
      expect(run.seqs).to.deep.equal(range(1, 20));
      expect(hub.recent('seq'), 'nothing kept').to.deep.equal([]);
    });
  }
});

describe('hub: batch subscribers', () => {
  const seqsOf = (payloads: readonly unknown[]) => payloads.map((p) => (p as { seq: number }).seq);

  it('take each event in one call; ids, resume, dedupe, counters and history are those of item-by-item delivery', async () => {
    const session = newSession('batches');
    // 40 payloads in 10 events of 4; the connection is cut after every 3rd event.
    const hub = new StreamHub({ url: `${fixtureUrl}/sse?session=${session}&total=40&batch=4&dropEvery=3&topics=t`, transport: 'sse', retryBaseMs: 20 });
    const calls: { seqs: number[]; id: string | undefined }[] = [];
    const items: number[] = [];
    const offBatches = hub.subscribeBatches('t', (payloads, meta) => calls.push({ seqs: seqsOf(payloads), id: meta.id }));
    const offItems = hub.subscribe('t', (p) => items.push((p as { seq: number }).seq));
    await waitFor(() => items.length >= 40, '40 payloads');
    await new Promise((r) => setTimeout(r, 100));
    expect(items).to.deep.equal(range(1, 40));
    expect(calls.map((c) => c.seqs)).to.deep.equal(Array.from({ length: 10 }, (_, i) => range(4 * i + 1, 4 * i + 4)));
    expect(calls.map((c) => c.id)).to.deep.equal(Array.from({ length: 10 }, (_, i) => String(4 * i + 4)));
    expect(hub.stats.messages).to.equal(40);
    expect(hub.stats.duplicates).to.equal(0);
    expect(hub.stats.lastEventId).to.equal('40');
    // Each reconnect resumed from the id of the last whole batch it had.
    const info = await sessionInfo(session);
    const resumes = info.lastEventIds.filter((id) => id !== null).map(Number);
    expect([...new Set(resumes)]).to.deep.equal([12, 24, 36]);
    // A late batch subscriber gets the kept history one call per event it came from.
    const late: [number[], string | undefined, boolean][] = [];
    hub.subscribeBatches('t', (payloads, meta) => late.push([seqsOf(payloads), meta.id, meta.replay]))();
    expect(late).to.deep.equal(calls.map((c) => [c.seqs, c.id, true]));
    offBatches();
    offItems();
    hub.dispose();
  });

  it('patterns and * take batches too; a throwing batch subscriber is counted once and the others still get the event', () => {
    const hub = new StreamHub({ url: `local:${newSession()}`, transport: 'local' });
    const byPattern: [unknown[], string][] = [];
    const all: unknown[][] = [];
    const offBad = hub.subscribeBatches('log@*', () => {
      throw new Error('boom');
    });
    const offPattern = hub.subscribeBatches('log@*', (payloads, meta) => byPattern.push([[...payloads], meta.topic]));
    const offAll = hub.subscribeBatches('*', (payloads) => all.push([...payloads]));
    const originalError = console.error;
    console.error = () => undefined;
    try {
      hub.publish('log@a', [1, 2, 3]);
      hub.publish('log@b', 4);
      hub.publish('other', [5, 6]);
    } finally {
      console.error = originalError;
    }
    offBad();
    offPattern();
    offAll();
    expect(byPattern).to.deep.equal([
      [[1, 2, 3], 'log@a'],
      [[4], 'log@b'],
    ]);
    expect(all).to.deep.equal([[1, 2, 3], [4], [5, 6]]);
    expect(hub.stats.subscriberErrors).to.equal(2);
    expect(hub.stats.messages).to.equal(6);
    // Unsubscribed: the pattern is forgotten, nothing more is delivered.
    hub.publish('log@a', 7);
    expect(byPattern).to.have.length(2);
    hub.dispose();
  });
});

describe('hub: bounded per-topic state', () => {
  it('a stream of ever-new topic names keeps at most maxTopics topics, and still delivers them', () => {
    const hub = new StreamHub({ url: `local:${newSession()}`, transport: 'local', maxTopics: 10 });
    const got: string[] = [];
    const off = hub.subscribe('*', (_p, meta) => got.push(meta.topic));
    for (let i = 0; i < 1000; i++) hub.publish(`t${i}`, i);
    off();
    hub.dispose();
    expect(got.length).to.equal(1000);
    expect(hub.lastMessageTime('t5')).to.be.greaterThan(0);
    expect(hub.lastMessageTime('t999')).to.equal(0); // past the cap: delivered, not remembered
    expect(hub.recent('t999')).to.deep.equal([]);
  });
});
