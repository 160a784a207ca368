// The WebSocket transport is imported on first open (src/data/lazy-transport.ts), so SSE pages
// never download it. What a source must still get: calls made while the import is on its way
// (close, reauthenticate) honoured, and an import that fails reported as a closed source with the
// reason, never thrown. Real WebSocket connections to the fixture server.
import { expect } from '@open-wc/testing';
import { LazyTransport } from '../../src/data/lazy-transport.js';
import type { ConnectionState, StreamError, TransportSink } from '../../src/data/types.js';
import { WsTransport } from '../../src/data/ws-transport.js';
import { fixtureWsUrl, newSession, sessionInfo, waitFor } from './helpers.js';

function recordingSink() {
  const states: [ConnectionState, StreamError | undefined][] = [];
  const seqs: number[] = [];
  const sink: TransportSink = {
    event: (_topic, data) => seqs.push((data as { seq: number }).seq),
    malformed: () => undefined,
    state: (state, error) => states.push([state, error]),
    connected: () => undefined,
  };
  return { sink, states, seqs };
}

/** The WsTransport class, handed over only when `release()` is called: an import still on its way. */
function heldImport() {
  let release!: () => void;
  const arrived = new Promise<void>((r) => (release = r));
  return { load: () => arrived.then(() => WsTransport), release };
}

describe('LazyTransport (the WebSocket transport, imported on first use)', () => {
  it('opens once the import arrives, resuming from the id it was opened with', async () => {
    const session = newSession('lazy');
    const { sink, seqs, states } = recordingSink();
    const held = heldImport();
    const t = new LazyTransport(held.load, { url: `${fixtureWsUrl}/ws?session=${session}&total=8` }, sink);
    t.open('3');
    expect(states.map(([s]) => s)).to.deep.equal(['connecting']);
    held.release();
    await waitFor(() => seqs.length >= 5, 'events 4..8');
    expect(seqs).to.deep.equal([4, 5, 6, 7, 8]);
    expect((await sessionInfo(session)).lastEventIds).to.deep.equal(['3']);
    t.close();
  });

  it('closed before the import arrives: never connects, and reports closed', async () => {
    const session = newSession('lazy-closed');
    const { sink, states } = recordingSink();
    const held = heldImport();
    const t = new LazyTransport(held.load, { url: `${fixtureWsUrl}/ws?session=${session}&total=5` }, sink);
    t.open();
    t.close();
    held.release();
    await new Promise((r) => setTimeout(r, 200));
    expect((await sessionInfo(session)).attempts, 'connection attempts').to.equal(0);
    expect(states.map(([s]) => s)).to.deep.equal(['connecting', 'closed']);
  });

  it('an import that fails closes the source with the reason; nothing is thrown', async () => {
    const { sink, states } = recordingSink();
    const errors: unknown[] = [];
    const onError = (e: PromiseRejectionEvent) => errors.push(e.reason);
    addEventListener('unhandledrejection', onError);
    try {
      const t = new LazyTransport(() => Promise.reject(new Error('network down')), { url: `${fixtureWsUrl}/ws` }, sink);
      t.open();
      await waitFor(() => states.some(([s]) => s === 'closed'), 'closed');
      expect(states.at(-1)![1]?.message).to.match(/could not load the transport: network down/);
      await new Promise((r) => setTimeout(r, 50));
      expect(errors).to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onError);
    }
  });
});
