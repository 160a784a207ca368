import { expect } from '@open-wc/testing';
import { normaliseAgentState, parseAgent, type AgentUpdate } from '../../src/data/agent-payload.js';
import { AgentStore, SPARK_POINTS } from '../../src/data/agent-store.js';

const NOW = Date.parse('2025-11-22T10:00:00Z');

function update(payload: unknown): AgentUpdate {
  const result = parseAgent(payload, NOW);
  if (!result.ok) throw new Error(result.reason);
  return result.update;
}

describe('parseAgent', () => {
  it('reads every field of the contract shape', () => {
    const result = parseAgent(
      {
        id: 'a1',
        name: 'Researcher',
        state: 'running',
        ts: NOW - 500,
        task: 'Summarise the incident',
        tool: 'web.search',
        tokensPerSec: 42.5,
        latencyMs: { p50: 350, p99: 1800 },
        errorRate: 0.02,
        costUsd: 0.1234,
      },
      NOW,
    );
    expect(result).to.deep.equal({
      ok: true,
      errors: [],
      update: {
        id: 'a1',
        name: 'Researcher',
        state: 'running',
        ts: NOW - 500,
        task: 'Summarise the incident',
        tool: 'web.search',
        tokensPerSec: 42.5,
        latencyP50: 350,
        latencyP99: 1800,
        errorRate: 0.02,
        costUsd: 0.1234,
      },
    });
  });

  it('maps A2A task states and LangGraph run statuses onto ours', () => {
    const cases: [string, string][] = [
      // A2A
      ['submitted', 'waiting'],
      ['working', 'running'],
      ['input-required', 'waiting'],
      ['completed', 'idle'],
      ['canceled', 'idle'],
      ['failed', 'error'],
      // LangGraph
      ['pending', 'waiting'],
      ['running', 'running'],
      ['error', 'error'],
      ['success', 'idle'],
      ['timeout', 'error'],
      ['interrupted', 'waiting'],
      // ours, any case
      ['IDLE', 'idle'],
      ['Offline', 'offline'],
      ['input_required', 'waiting'],
    ];
    for (const [word, expected] of cases) expect(normaliseAgentState(word), word).to.equal(expected);
    expect(normaliseAgentState('levitating')).to.equal(undefined);
    // A2A's status object and LangGraph's status word are read when `state` is absent.
    expect(update({ id: 'x', status: { state: 'input-required', timestamp: '2025-11-22T09:59:00Z' } }).state).to.equal('waiting');
    expect(update({ id: 'x', status: 'success' }).state).to.equal('idle');
  });

  it('rejects bad fields one by one and keeps the rest', () => {
    const result = parseAgent(
      { id: 'a', state: 'levitating', tokensPerSec: Number.NaN, costUsd: Infinity, errorRate: 'high', latencyMs: { p50: 100, p99: -1 }, task: { html: '<b>' }, name: 'ok' },
      NOW,
    );
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.update).to.deep.equal({ id: 'a', name: 'ok', latencyP50: 100 });
    expect(result.errors).to.have.length(6);
    expect(result.errors.join(' ')).to.match(/tokensPerSec/).and.match(/costUsd/).and.match(/errorRate/).and.match(/latencyMs.p99/).and.match(/state/);
  });

  it('reads 1e400 (Infinity after JSON.parse) as not finite', () => {
    const result = parseAgent(JSON.parse('{"id": "a", "tokensPerSec": 1e400}'), NOW);
    expect(result.ok && result.update.tokensPerSec).to.equal(undefined);
    expect(result.ok && result.errors.length).to.equal(1);
  });

  it('reads errorRate as a fraction, and a value above 1 as a percentage', () => {
    expect(update({ id: 'a', errorRate: 0.05 }).errorRate).to.equal(0.05);
    expect(update({ id: 'a', errorRate: 5 }).errorRate).to.equal(0.05);
  });

  it('rejects payloads without a usable id', () => {
    for (const bad of [null, 'agent', 3, [], {}, { id: '' }, { id: {} }, { name: 'no id' }]) {
      expect(parseAgent(bad, NOW).ok, JSON.stringify(bad)).to.equal(false);
    }
  });

  it('reads null task/tool as "cleared" and absent as "unchanged"', () => {
    const u = update({ id: 'a', task: null });
    expect(u).to.have.property('task', null);
    expect(u).to.not.have.property('tool');
  });
});

describe('AgentStore', () => {
  it('merges partial updates into the known agent', () => {
    const store = new AgentStore(10);
    store.apply(update({ id: 'a', name: 'Alpha', state: 'running', task: 'T', tool: 'search', tokensPerSec: 10, latencyMs: { p50: 1, p99: 2 }, errorRate: 0.1, costUsd: 1 }), NOW);
    store.apply(update({ id: 'a', state: 'waiting' }), NOW + 10);
    const a = store.get('a')!.snapshot();
    expect(a).to.deep.include({ name: 'Alpha', state: 'waiting', task: 'T', tool: 'search', tokensPerSec: 10, errorRate: 0.1, costUsd: 1, lastSeen: NOW + 10 });
    expect(a.latencyMs).to.deep.equal({ p50: 1, p99: 2 });
    store.apply(update({ id: 'a', tool: null }), NOW + 20);
    expect(store.get('a')!.tool).to.equal(undefined);
    expect(store.get('a')!.task).to.equal('T');
  });

  it('ignores an update older than the last one (by ts)', () => {
    const store = new AgentStore(10);
    store.apply(update({ id: 'a', state: 'error', ts: NOW }), NOW);
    expect(store.apply(update({ id: 'a', state: 'idle', ts: NOW - 1000 }), NOW + 5)).to.equal(false);
    expect(store.get('a')!.state).to.equal('error');
  });

  it('turns silent agents offline and back online with their next message', () => {
    const store = new AgentStore(10);
    store.apply(update({ id: 'a', state: 'running' }), NOW);
    store.apply(update({ id: 'b', state: 'idle' }), NOW + 800);
    expect(store.sweep(NOW + 1500, 1000)).to.equal(1);
    expect(store.get('a')!.state).to.equal('offline');
    expect(store.get('a')!.reportedState).to.equal('running');
    expect(store.get('b')!.state).to.equal('idle');
    store.apply(update({ id: 'a' }), NOW + 1600);
    expect(store.get('a')!.state).to.equal('running');
  });

  it('is bounded: the agent not heard from for longest leaves first', () => {
    const store = new AgentStore(2);
    store.apply(update({ id: 'a' }), NOW);
    store.apply(update({ id: 'b' }), NOW + 1);
    store.apply(update({ id: 'a' }), NOW + 2);
    store.apply(update({ id: 'c' }), NOW + 3);
    expect([...store.values()].map((r) => r.id).sort()).to.deep.equal(['a', 'c']);
    expect(store.evicted).to.equal(1);
  });

  it('keeps a bounded tokens/s history, one sample per second at most', () => {
    const store = new AgentStore(1);
    for (let i = 0; i < 200; i++) store.apply(update({ id: 'a', tokensPerSec: i }), NOW + i * 1000);
    const samples = store.get('a')!.samples();
    expect(samples.length).to.equal(SPARK_POINTS);
    expect(samples[SPARK_POINTS - 1]).to.equal(199);
    expect(samples[0]).to.equal(200 - SPARK_POINTS);
    store.apply(update({ id: 'a', tokensPerSec: 5 }), NOW + 199_500); // same second: replaces the newest
    expect(store.get('a')!.samples().at(-1)).to.equal(5);
    expect(store.get('a')!.samples().length).to.equal(SPARK_POINTS);
  });
});

describe('parseAgent: field maps', () => {
  it('reads id, name and state from mapped paths', () => {
    const result = parseAgent({ agent_id: 7, meta: { display: 'Seven' }, run: { phase: 'input-required' }, id: 'not this' }, NOW, { id: 'agent_id', name: 'meta.display', state: 'run.phase' });
    if (!result.ok) throw new Error(result.reason);
    expect(result.update).to.include({ id: '7', name: 'Seven', state: 'waiting' });
  });

  it('a mapped id that is missing rejects the payload with the path in the reason', () => {
    const result = parseAgent({ id: 'a' }, NOW, { id: 'agent_id' });
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.reason).to.include('agent_id');
  });
});
