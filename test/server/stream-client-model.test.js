// review-19: a model check of StreamClient against the hub's topic index. Random publishes,
// clients with every kind of filter (none, exact names, a pattern, a token's view), resumes from
// earlier cursors, sockets that fill and drain, closes; each client must get every record it
// wants after its cursor exactly once, in order, or (dropped) a prefix of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamHub } from '../../server/stream-hub.js';
import { StreamClient } from '../../server/stream-client.js';
import { FrameCache } from '../../server/frame-cache.js';
import { TopicFilter } from '../../server/topics.js';

const frames = new FrameCache((r) => `${r.id};`);

class FakeClient extends StreamClient {
  constructor(hub, options) {
    super(hub, options);
    this.frames = frames;
    this.full = false;
    /** @type {number[]} */
    this.got = [];
    this.start = options.cursor;
  }
  writeBytes(bytes) {
    for (const part of bytes.toString().split(';')) if (part !== '') this.got.push(Number(part));
    return !this.full;
  }
  writeHeartbeat() {}
  writeControl() {}
}

function prng(seed) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const TOPICS = ['a', 'b', 'c', 'd'];
const tick = () => new Promise((resolve) => setImmediate(resolve));

for (const [seed, historySize, chunkBytes] of [[1, 40, 30], [2, 600, 40], [3, 600, 10_000], [4, 60, 25], [5, 1000, 64]]) {
  test(`stream client model: seed ${seed}, history ${historySize}, chunk ${chunkBytes}`, async () => {
    const random = prng(seed);
    const pick = (xs) => xs[Math.floor(random() * xs.length)];
    const hub = new StreamHub({ historySize });
    /** @type {{ id: number, topic: string, json: string }[]} */
    const published = [];
    /** @type {FakeClient[]} */
    const clients = [];
    const filters = [
      () => ({ topics: null, visible: null }),
      () => ({ topics: new TopicFilter(['a']), visible: null }),
      () => ({ topics: new TopicFilter(['a', 'b']), visible: null }),
      () => ({ topics: new TopicFilter(['b', 'a']), visible: null }),
      () => ({ topics: new TopicFilter(['c*']), visible: null }),
      () => ({ topics: new TopicFilter(['a', 'c']), visible: (t) => t !== 'c' }),
      () => ({ topics: null, visible: (t) => t === 'd' }),
    ];
    const addClient = () => {
      const f = pick(filters)();
      const back = random() < 0.5 ? 0 : Math.floor(random() * Math.min(historySize, hub.count + 1));
      const client = new FakeClient(hub, { ...f, cursor: hub.lastId - back, chunkBytes });
      clients.push(client);
      client.attach();
    };
    for (let i = 0; i < 6; i++) addClient();
    for (let step = 0; step < 4000; step++) {
      const r = random();
      if (r < 0.55) {
        const burst = random() < 0.05 ? 300 : 1;
        for (let k = 0; k < burst; k++) {
          const topic = random() < 0.03 ? 'pulse.gap' : pick(TOPICS);
          const data = topic === 'pulse.gap' ? { topics: [pick(TOPICS)] } : { k };
          const id = hub.publish(topic, data);
          published.push({ id, topic, json: JSON.stringify(data) });
        }
      } else if (r < 0.75) {
        await tick();
      } else if (r < 0.85) {
        const c = pick(clients);
        c.full = true;
      } else if (r < 0.95) {
        const c = pick(clients);
        if (c.full) {
          c.full = false;
          c.unblock();
        }
      } else if (r < 0.97) {
        if (clients.filter((c) => !c.closed).length < 12) addClient();
      } else if (r < 0.98) {
        pick(clients).finish('gone');
      }
    }
    for (const c of clients) {
      c.full = false;
      c.unblock();
    }
    for (let i = 0; i < 200; i++) await tick();
    for (const [n, c] of clients.entries()) {
      const expected = published.filter((p) => p.id > c.start && c.wants(p.topic, p.json)).map((p) => p.id);
      const label = `client ${n} (cursor ${c.start}, ${c.topics === null ? '*' : /** @type {TopicFilter} */ (c.topics).names.join(',')}${c.visible ? ', narrowed' : ''})`;
      if (c.closed) {
        assert.deepEqual(c.got, expected.slice(0, c.got.length), `${label}: closed/dropped, got a prefix`);
      } else {
        assert.deepEqual(c.got, expected, `${label}: got every record it wants once, in order`);
      }
    }
    if (historySize >= 600) assert.ok(clients.some((c) => !c.closed && c.got.length > 0));
  });
}
