// The access building blocks on their own: claim parsing, what patterns match (and what they
// must not), the token buckets, stream counts and tickets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grantsFromClaims, patternList, ClaimError, MAX_PATTERNS } from '../../server/access/grants.js';
import { parseRate, StreamCounter, TokenBuckets } from '../../server/access/limits.js';
import { TicketStore } from '../../server/access/tickets.js';
import { cookieValue } from '../../server/access/credentials.js';
import { OPEN } from '../../server/access/principal.js';

test('access grants: patterns match whole names; * stands for a run of characters inside one name, nothing more', () => {
  const g = grantsFromClaims({ pulse: { subscribe: ['cpu', 'logs@web-*', 'team-a.*', 'cpu.total'] } });
  const yes = ['cpu', 'logs@web-1', 'logs@web-', 'logs@web-db-1', 'team-a.x', 'team-a.', 'cpu.total'];
  const no = ['cpux', 'xcpu', 'cpu@web-1', 'CPU', 'logs@db-1', 'logs@web', 'xlogs@web-1', 'team-b.x', 'team-a', 'cpuXtotal', 'cpu.total2', '', 'audit'];
  for (const t of yes) assert.equal(g.canSubscribe(t), true, t);
  for (const t of no) assert.equal(g.canSubscribe(t), false, t);
  assert.equal(g.everyTopic, false);
  assert.equal(g.canPublish('cpu'), false, 'subscribe grants no publish');
  // Asked twice (the memo) gives the same answers.
  for (const t of [...yes, ...no]) assert.equal(g.canSubscribe(t), yes.includes(t), `memo ${t}`);
  assert.equal(grantsFromClaims({ pulse: { subscribe: ['*'] } }).everyTopic, true);
  // Regex-looking patterns mean what the grammar says, not what a regex would: `.` is a dot.
  const dot = grantsFromClaims({ pulse: { subscribe: ['.*'] } });
  assert.equal(dot.canSubscribe('cpu'), false);
  assert.equal(dot.canSubscribe('.hidden'), true);
  assert.equal(dot.everyTopic, false);
});

test('access grants: no pulse, or no pulse.subscribe, means no topics; malformed claims are refused, not guessed', () => {
  for (const payload of [{}, { pulse: null }, { pulse: {} }, { pulse: { publish: ['x'] } }, JSON.parse('{"pulse": {"__proto__": {"subscribe": ["*"]}}}'), JSON.parse('{"__proto__": {"pulse": {"subscribe": ["*"]}}}')]) {
    const g = grantsFromClaims(payload);
    assert.equal(g.canSubscribe('cpu'), false, JSON.stringify(payload));
    assert.equal(g.actions.size, 0);
  }
  const bad = [
    { pulse: 'all' },
    { pulse: [] },
    { pulse: { subscribe: 'cpu' } },
    { pulse: { subscribe: [1] } },
    { pulse: { subscribe: ['cpu,mem'] } },
    { pulse: { subscribe: ['(cpu|mem)'] } },
    { pulse: { subscribe: ['cpu\n'] } },
    { pulse: { subscribe: ['x'.repeat(65)] } },
    { pulse: { subscribe: [''] } },
    { pulse: { subscribe: Array.from({ length: MAX_PATTERNS + 1 }, (_, i) => `t${i}`) } },
    { pulse: { publish: {} } },
    { pulse: { actions: 'alerts:ack' } },
    { pulse: { actions: ['ALERTS:ACK'] } },
    { pulse: { actions: ['alerts:ack', 7] } },
  ];
  for (const payload of bad) assert.throws(() => grantsFromClaims(payload), ClaimError, JSON.stringify(payload).slice(0, 80));
  assert.deepEqual(patternList(['cpu', 'cpu', 'mem'], 'x'), ['cpu', 'mem'], 'duplicates folded');
  const g = grantsFromClaims({ pulse: { actions: ['alerts:ack', 'reports:export'] } });
  assert.deepEqual([...g.actions], ['alerts:ack', 'reports:export']);
});

test('access limits: rates parse with their unit; buckets refill at the rate, let a too-large batch through once when full, and stay bounded', () => {
  assert.equal(parseRate('500/s'), 500);
  assert.equal(parseRate('60/m'), 1);
  assert.equal(parseRate('3600/h'), 1);
  assert.equal(parseRate('20'), 20);
  for (const bad of ['fast', '0/s', '-5/s', '5/d', '']) assert.throws(() => parseRate(bad), RangeError, bad);
  let now = 0;
  const b = new TokenBuckets({ rate: 10, now: () => now, maxSubjects: 3 });
  assert.equal(b.take('a', 10), 0);
  const wait = b.take('a', 1);
  assert.ok(wait > 0 && wait <= 100, `wait ${wait}`);
  now += 100;
  assert.equal(b.take('a', 1), 0, 'refilled one token in 100 ms');
  now += 10_000;
  assert.equal(b.take('a', 50), 0, 'a batch larger than the bucket passes when it is full...');
  assert.ok(b.take('a', 1) >= 4000, '...and the subject then waits it off');
  for (const k of ['b', 'c', 'd', 'e']) b.take(k, 1);
  assert.ok(b.buckets.size <= 3, 'bounded table');
});

test('access limits: stream counter frees slots exactly once', () => {
  const c = new StreamCounter(2);
  const r1 = c.acquire('ana');
  const r2 = c.acquire('ana');
  assert.ok(r1 && r2);
  assert.equal(c.acquire('ana'), null);
  assert.ok(c.acquire('ben'));
  r1();
  r1();
  const r3 = c.acquire('ana');
  assert.ok(r3);
  assert.equal(c.acquire('ana'), null, 'a double release did not free two slots');
});

test('access tickets: random, single use, expire with their ttl or the token, whichever is first; bounded', () => {
  let now = 1000;
  const store = new TicketStore({ ttlMs: 30_000, max: 2, now: () => now });
  const a = store.issue(OPEN);
  const b = store.issue({ ...OPEN, expiresAt: now + 5000 });
  assert.ok(a && b && a.ticket !== b.ticket);
  assert.equal(b.expiresAt, now + 5000, 'never outlives the token');
  assert.equal(store.issue(OPEN), null, 'full');
  assert.equal(store.take(a.ticket), OPEN);
  assert.equal(store.take(a.ticket), null, 'once');
  now += 6000;
  assert.equal(store.take(b.ticket), null, 'expired with its token');
  assert.ok(store.issue(OPEN));
  now += 31_000;
  assert.ok(store.issue(OPEN) && store.issue(OPEN), 'expired tickets are purged when the table is full');
});

test('access credentials: the named cookie only, quoted or not', () => {
  assert.equal(cookieValue('a=1; pulseboard_token=abc.def.ghi; b=2', 'pulseboard_token'), 'abc.def.ghi');
  assert.equal(cookieValue('pulseboard_token="abc"', 'pulseboard_token'), 'abc');
  assert.equal(cookieValue('xpulseboard_token=abc', 'pulseboard_token'), null);
  assert.equal(cookieValue('pulseboard_token=', 'pulseboard_token'), null);
  assert.equal(cookieValue(undefined, 'pulseboard_token'), null);
});

test('access CLI: every flag reaches the access options; environment for the secrets', async () => {
  const { parseCli } = await import('../../server/cli-args.js');
  const p = parseCli(['--jwt-public-key', 'k.pem', '--jwt-issuer', 'https://id', '--jwt-audience', 'pb', '--jwt-allow-no-exp', '--public-topics', 'cpu,mem', '--public-topics', 'load', '--allow-query-token', '--ingest-rate', '500/s', '--max-streams-per-user', '4', '--webhook-token', 'am'], {});
  assert.deepEqual({ ...p.options.access }, {
    jwtSecret: undefined, jwtPublicKeyFile: 'k.pem', jwksUrl: undefined, jwtIssuer: 'https://id', jwtAudience: 'pb', jwtAllowNoExp: true,
    publicTopics: ['cpu', 'mem', 'load'], allowQueryToken: true, ingestRate: '500/s', maxStreamsPerUser: 4, webhookToken: 'am',
  });
  const env = parseCli([], { PULSEBOARD_JWT_SECRET: 's'.repeat(32), PULSEBOARD_WEBHOOK_TOKEN: 'w' });
  assert.equal(env.options.access.jwtSecret, 's'.repeat(32));
  assert.equal(env.options.access.webhookToken, 'w');
  assert.throws(() => parseCli(['--max-streams-per-user', '0'], {}), /--max-streams-per-user must be an integer >= 1/);
});
