import { expect } from '@open-wc/testing';
import { isTopicPattern, patternsOverlap, topicMatches } from '../../src/data/topic-pattern.js';

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

  it('two patterns overlap when some topic matches both (a pattern subscription vs the allowed patterns)', () => {
    const cases: [string, string, boolean][] = [
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
    ];
    for (const [a, b, expected] of cases) {
      expect(patternsOverlap(a, b), `${a} vs ${b}`).to.equal(expected);
      expect(patternsOverlap(b, a), `${b} vs ${a}`).to.equal(expected);
    }
  });
});
