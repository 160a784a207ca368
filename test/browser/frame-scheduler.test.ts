import { expect } from '@open-wc/testing';
import { FrameScheduler, MIN_RENDERS_PER_FRAME, type FrameClient } from '../../src/render/frame-scheduler.js';

/**
 * A scheduler whose frames the test runs by hand, at the timestamps it chooses, with a clock that
 * only moves when a render "costs" time (`renderCost` ms each), so what it learns is exact.
 */
function drivenScheduler({ renderCost = 0 } = {}) {
  let callback: ((now: number) => void) | undefined;
  let clock = 0;
  const drawn: (() => void)[] = [];
  const scheduler = new FrameScheduler({
    requestFrame: (cb) => {
      callback = cb;
      return 1;
    },
    afterFrame: (cb) => drawn.push(cb),
    clock: () => clock,
  });
  let now = 1000;
  return {
    scheduler,
    /** Runs the requested frame `interval` ms after the previous one; false when none was requested. */
    frame(interval: number): boolean {
      const cb = callback;
      callback = undefined;
      if (!cb) return false;
      now += interval;
      cb(now);
      for (const done of drawn.splice(0)) done();
      return true;
    },
    /** Clients that count their renders; each render moves the clock by `renderCost`. */
    clients(n: number) {
      return Array.from({ length: n }, (_, id) => ({
        id,
        renders: 0,
        renderFrame() {
          this.renders++;
          clock += renderCost;
        },
      }) satisfies FrameClient & { renders: number; id: number });
    },
  };
}

describe('FrameScheduler: one render per client per frame, spread out when frames run late', () => {
  it('renders each requesting client once per frame however often it asks', () => {
    const { scheduler, frame, clients } = drivenScheduler();
    const [a, b] = clients(2);
    for (let i = 0; i < 1000; i++) scheduler.request(a!);
    scheduler.request(b!);
    expect(frame(16)).to.equal(true);
    expect([a!.renders, b!.renders]).to.deep.equal([1, 1]);
    expect(frame(16)).to.equal(false); // nothing asked: no frame
  });

  it('renders every client in the next frame while frames are on time', () => {
    const { scheduler, frame, clients } = drivenScheduler();
    const all = clients(200);
    for (let f = 0; f < 20; f++) {
      for (const c of all) scheduler.request(c);
      frame(16.7);
    }
    expect(all.every((c) => c.renders === 20)).to.equal(true);
    expect(scheduler.deferred).to.equal(0);
    expect(scheduler.budget).to.equal(Number.POSITIVE_INFINITY);
  });

  it('when frames run late, renders fewer per frame; deferred clients go first and none starves', () => {
    const { scheduler, frame, clients } = drivenScheduler();
    const all = clients(200);
    const perFrame: number[] = [];
    const lastRenderedAt = new Map<number, number>();
    let longestWait = 0;
    for (let f = 0; f < 40; f++) {
      for (const c of all) scheduler.request(c); // every client has news every frame
      const before = all.map((c) => c.renders);
      frame(f === 0 ? 16.7 : 40); // frames 40 ms apart: the page is overloaded
      perFrame.push(all.reduce((n, c, i) => n + c.renders - before[i]!, 0));
      for (const c of all) {
        if (c.renders !== before[c.id]) lastRenderedAt.set(c.id, f);
        longestWait = Math.max(longestWait, f - (lastRenderedAt.get(c.id) ?? -1));
      }
    }
    expect(perFrame[0]).to.equal(200); // first frame: no evidence of overload yet
    expect(Math.max(...perFrame.slice(5))).to.be.below(200);
    expect(Math.min(...perFrame)).to.be.at.least(MIN_RENDERS_PER_FRAME); // never below the floor
    expect(scheduler.deferred).to.be.above(0);
    // Round robin: every client rendered recently, none waits more than a few frames.
    expect(longestWait).to.be.at.most(Math.ceil(200 / MIN_RENDERS_PER_FRAME));
    expect(all.every((c) => c.renders >= 40 / Math.ceil(200 / MIN_RENDERS_PER_FRAME) - 1)).to.equal(true);
  });

  it('when frames run late, allows as many renders as fit in part of a frame at their measured cost', () => {
    const { scheduler, frame, clients } = drivenScheduler({ renderCost: 0.25 });
    const all = clients(200);
    const perFrame: number[] = [];
    for (let f = 0; f < 10; f++) {
      for (const c of all) scheduler.request(c);
      const before = all.reduce((n, c) => n + c.renders, 0);
      frame(f === 0 ? 16.7 : 40);
      perFrame.push(all.reduce((n, c) => n + c.renders, 0) - before);
    }
    // 0.25 ms a render, 60% of a 16.7 ms frame: 40 renders a frame once it has measured them.
    expect(perFrame.slice(0, 2)).to.deep.equal([200, 40]);
    expect(perFrame.slice(2).every((n) => n === 40)).to.equal(true);
  });

  it('grows back to rendering everything once frames are on time again', () => {
    const { scheduler, frame, clients } = drivenScheduler();
    const all = clients(200);
    const run = (frames: number, interval: number) => {
      for (let f = 0; f < frames; f++) {
        for (const c of all) scheduler.request(c);
        frame(interval);
      }
    };
    run(10, 40);
    expect(scheduler.budget).to.be.below(200);
    run(1500, 16.7); // 25 s of timely frames: it probes upwards slowly while it binds
    expect(scheduler.budget).to.equal(Number.POSITIVE_INFINITY);
    const before = all.map((c) => c.renders);
    run(1, 16.7);
    expect(all.every((c, i) => c.renders === before[i]! + 1)).to.equal(true);
  });

  it('does not mistake an idle page or a small one for an overloaded one', () => {
    const { scheduler, frame, clients } = drivenScheduler();
    const all = clients(200);
    // Bursts a second apart: long gaps between frames are idleness, not lateness.
    for (let f = 0; f < 10; f++) {
      for (const c of all) scheduler.request(c);
      frame(1000);
    }
    expect(scheduler.budget).to.equal(Number.POSITIVE_INFINITY);
    // No more clients than the floor, in late frames: never deferred.
    const few = clients(MIN_RENDERS_PER_FRAME);
    for (let f = 0; f < 10; f++) {
      for (const c of few) scheduler.request(c);
      frame(40);
    }
    expect(few.every((c) => c.renders === 10)).to.equal(true);
    expect(scheduler.deferred).to.equal(0);
  });

  it('a client that throws does not stop the others', () => {
    const { scheduler, frame, clients } = drivenScheduler();
    const [a, b] = clients(2);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      scheduler.request({ renderFrame: () => { throw new Error('boom'); } });
      scheduler.request(a!);
      scheduler.request(b!);
      frame(16);
    } finally {
      console.error = original;
    }
    expect([a!.renders, b!.renders]).to.deep.equal([1, 1]);
    expect(errors).to.have.length(1);
  });
});
