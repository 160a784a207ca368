import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTopicPattern, patternsOverlap, topicMatcher, topicMatches } from '../../server/topic-pattern.js';
import { topicProblem } from '../../server/topics.js';

test('topic patterns: * is any run of characters, the rest literal, the whole name must match', () => {
  const cases = /** @type {const} */ ([
    ['cpu', 'cpu', true],
    ['cpu', 'cpu2', false],
    ['cpu', 'xcpu', false],
    ['cpu@*', 'cpu@web-1', true],
    ['cpu@*', 'cpu@', true],
    ['cpu@*', 'xcpu@web-1', false],
    ['cpu@*', 'cpu', false],
    ['logs@web-*', 'logs@web-12', true],
    ['logs@web-*', 'logs@db-1', false],
    ['*', 'anything', true],
    ['*@web-1', 'mem@web-1', true],
    ['*@web-1', 'mem@web-10', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyy', false],
    ['a.b', 'axb', false],
    ['c.u*', 'cpu', false],
    ['**', '', true],
  ]);
  for (const [pattern, topic, expected] of cases) {
    assert.equal(topicMatches(pattern, topic), expected, `${pattern} vs ${topic}`);
  }
  assert.equal(isTopicPattern('cpu@*'), true);
  assert.equal(isTopicPattern('cpu@web-1'), false);
});

test('topic patterns: a hostile pattern stays fast (no backtracking blow-up)', () => {
  const pattern = `${'*a'.repeat(30)}b`;
  const topic = 'a'.repeat(64);
  const started = performance.now();
  assert.equal(topicMatches(pattern, topic), false);
  assert.ok(performance.now() - started < 50, 'linear-ish, not exponential');
});

test('topic patterns: a matcher over names and patterns', () => {
  const allowed = topicMatcher(['cpu', 'logs@web-*']);
  assert.equal(allowed('cpu'), true);
  assert.equal(allowed('logs@web-3'), true);
  assert.equal(allowed('logs@db-1'), false);
  assert.equal(allowed('mem'), false);
});

test('topic names may contain @ (per-host topics)', () => {
  assert.equal(topicProblem('cpu@web-1'), null);
  assert.notEqual(topicProblem('cpu@*'), null, 'a pattern is not a topic one can publish to');
});

test('topic patterns: two patterns overlap when some topic matches both (status keys vs ?topics= filters)', () => {
  const cases = /** @type {const} */ ([
    ['app.*', 'app.req*', true],
    ['app.*', '*', true],
    ['cpu@*', 'mem@*', false],
    ['a*b', '*c', false],
    ['*@web-1', 'cpu@*', true],
    ['cpu@web-1', 'cpu@*', true],
    ['cpu@web-2', 'cpu@web-1', false],
    ['logs@web-*', 'logs@db-*', false],
    ['ab*', '*ba', true],
    ['a*c*e', '*b*d*', true],
  ]);
  for (const [a, b, expected] of cases) {
    assert.equal(patternsOverlap(a, b), expected, `${a} vs ${b}`);
    assert.equal(patternsOverlap(b, a), expected, `${b} vs ${a}`);
  }
});
