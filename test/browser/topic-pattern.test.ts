import { expect } from '@open-wc/testing';
import { isTopicPattern, topicMatches } from '../../src/data/topic-pattern.js';

// The same rules as the server's (test/server/topic-pattern.test.js): part of the wire format.
describe('topic patterns in the browser', () => {
  it('* is any run of characters, the rest literal, the whole name must match', () => {
    const cases: [string, string, boolean][] = [
      ['cpu', 'cpu', true],
      ['cpu', 'cpu2', false],
      ['cpu@*', 'cpu@web-1', true],
      ['cpu@*', 'xcpu@web-1', false],
      ['cpu@*', 'cpu', false],
      ['logs@web-*', 'logs@db-1', false],
      ['*@web-1', 'mem@web-1', true],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'axxbyy', false],
      ['a.b', 'axb', false],
    ];
    for (const [pattern, topic, expected] of cases) expect(topicMatches(pattern, topic), `${pattern} vs ${topic}`).to.equal(expected);
    expect(isTopicPattern('cpu@*')).to.equal(true);
    expect(isTopicPattern('cpu')).to.equal(false);
  });
});
