// Reconnect pacing (src/data/backoff.ts › ReconnectPacer) on a simulated clock: quick while an
// outage is young, backing off (capped, jittered) once it is long. The real-server timings are in
// faults-reference-server.test.ts › "reconnect timing after real outages".
import { expect } from '@open-wc/testing';
import { ReconnectPacer } from '../../src/data/backoff.js';

/** Runs one outage: returns each delay and when (ms into the outage) its attempt starts. */
function outage(options: { baseMs: number; maxMs?: number; random?: () => number; untilMs: number }) {
  let now = 0;
  const pacer = new ReconnectPacer({ maxMs: options.maxMs ?? 30_000 }, () => now, options.random ?? (() => 1));
  const attempts: { at: number; delay: number }[] = [];
  while (now < options.untilMs) {
    const delay = pacer.next(options.baseMs);
    now += delay;
    attempts.push({ at: now, delay });
  }
  return { attempts, pacer };
}

describe('ReconnectPacer', () => {
  it('keeps every delay of the first minute at 2 s or less, growing from the base', () => {
    const { attempts } = outage({ baseMs: 100, untilMs: 60_000 });
    expect(attempts.slice(0, 6).map((a) => a.delay)).to.deep.equal([100, 200, 400, 800, 1600, 2000]);
    const young = attempts.filter((a) => a.at - a.delay < 60_000);
    expect(Math.max(...young.map((a) => a.delay))).to.equal(2000);
    // So a server that answers at any moment of the first minute is tried within 2 s.
    for (let i = 1; i < young.length; i++) expect(young[i]!.at - young[i - 1]!.at).to.be.at.most(2000);
  });

  it('after a minute, doubles up to the cap', () => {
    const { attempts } = outage({ baseMs: 1000, untilMs: 200_000 });
    const old = attempts.filter((a) => a.at - a.delay >= 60_000).map((a) => a.delay);
    expect(old.slice(0, 5)).to.deep.equal([4000, 8000, 16_000, 30_000, 30_000]);
    expect(Math.max(...attempts.map((a) => a.delay))).to.equal(30_000);
  });

  it('jitters every delay over its upper half', () => {
    expect(outage({ baseMs: 1000, random: () => 0, untilMs: 1 }).attempts[0]!.delay).to.equal(500);
    expect(outage({ baseMs: 1000, random: () => 1, untilMs: 1 }).attempts[0]!.delay).to.equal(1000);
  });

  it("never goes faster than the server's retry: asks, and never beyond the cap", () => {
    const slow = outage({ baseMs: 10_000, random: () => 0, untilMs: 60_000 }).attempts;
    expect(Math.min(...slow.map((a) => a.delay)), 'retry: 10000 → at least 5 s').to.equal(5000);
    const capped = outage({ baseMs: 100, maxMs: 500, untilMs: 120_000 }).attempts;
    expect(Math.max(...capped.map((a) => a.delay))).to.equal(500);
  });

  it('starts a new outage after reset()', () => {
    const { pacer } = outage({ baseMs: 1000, untilMs: 120_000 });
    expect(pacer.outageMs).to.be.at.least(120_000);
    pacer.reset();
    expect(pacer.outageMs).to.equal(0);
    expect(pacer.next(1000)).to.equal(1000);
  });

  it('a thousand screens in a long outage spread their attempts instead of stampeding', () => {
    // Each screen lost the server at the same moment; where are their attempts 3 minutes in?
    const next = Array.from({ length: 1000 }, () => {
      const { attempts } = outage({ baseMs: 2000, random: Math.random, untilMs: 180_000 });
      return attempts[attempts.length - 1]!.at;
    });
    const perSecond = new Map<number, number>();
    for (const at of next) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values()), 'the busiest second').to.be.below(100);
    expect(Math.max(...next) - Math.min(...next), 'spread over more than 10 s').to.be.above(10_000);
  });
});
