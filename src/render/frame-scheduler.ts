/** Anything that draws on the shared frame. */
export interface FrameClient {
  renderFrame(now: number): void;
}

/** Never fewer renders than this per frame, however late frames run: small pages never wait. */
export const MIN_RENDERS_PER_FRAME = 8;
/** A frame this many vsyncs after the previous busy one counts as late. */
const LATE_FACTOR = 1.5;
/** A gap longer than this between frames means the page was idle, not slow. */
const IDLE_GAP_MS = 250;
/** Share of a frame our renders may take when frames run late: the rest is the page's and the browser's. */
const WORK_SHARE = 0.6;

export interface FrameSchedulerOptions {
  /** `requestAnimationFrame` unless a test drives the frames. */
  requestFrame?: (callback: (now: number) => void) => number;
  /**
   * Calls back once the browser has drawn the frame (style, layout, paint): a message posted from
   * the frame runs just after it. A test drives it by hand.
   */
  afterFrame?: (callback: () => void) => void;
  /** `performance.now` unless a test drives time. */
  clock?: () => number;
}

/** A message posted during a frame is handled after the browser has drawn that frame. */
function afterFrameByMessage(): (callback: () => void) => void {
  const queue: (() => void)[] = [];
  let channel: MessageChannel | undefined; // made on first use: importing the module costs nothing
  return (callback) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => queue.shift()?.();
    }
    queue.push(callback);
    channel.port2.postMessage(0);
  };
}

/**
 * The page's one `requestAnimationFrame` loop. Elements update their state as messages arrive
 * and ask for a frame; however many messages arrive between two frames, each client renders at
 * most once per frame. While the tab is hidden nothing is scheduled; the first visible frame
 * draws the latest state.
 *
 * When more elements change per frame than the machine can draw (frames arrive late), the
 * scheduler spreads them over the next frames instead of letting every frame grow longer: it
 * measures what a render costs the frame (from the frame's start until the browser has drawn it)
 * and, while frames run late, allows as many renders per frame as fit in part of a frame; it
 * grows back while they are on time. Clients it defers go first in the next frame, so none starves, and they draw their
 * latest state, so nothing is lost: a wall of gauges updates a little less often, the page keeps
 * scrolling and answering.
 */
export class FrameScheduler {
  private pending = new Set<FrameClient>();
  private handle = 0;
  private readonly requestFrame: (callback: (now: number) => void) => number;
  private readonly afterFrame: (callback: () => void) => void;
  private readonly clock: () => number;

  /** Frames flushed so far; for benchmarks and tests. */
  frames = 0;
  /** Renders allowed in one frame now (Infinity until frames run late). */
  budget = Number.POSITIVE_INFINITY;
  /** Renders moved to a later frame so far; for benchmarks and tests. */
  deferred = 0;

  private lastFlushAt = 0;
  private lastRendered = 0;
  private lastDeferred = 0;
  /** Shortest interval seen between busy frames: the display's vsync, about. */
  private vsync = 1000 / 60;
  /** What one render costs the frame, script to paint, averaged over recent busy frames (ms). */
  private costPerRender = 0;

  constructor(options: FrameSchedulerOptions = {}) {
    this.requestFrame = options.requestFrame ?? ((callback) => requestAnimationFrame(callback));
    this.afterFrame = options.afterFrame ?? afterFrameByMessage();
    this.clock = options.clock ?? (() => performance.now());
    globalThis.document?.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.schedule();
    });
  }

  request(client: FrameClient): void {
    this.pending.add(client);
    this.schedule();
  }

  cancel(client: FrameClient): void {
    this.pending.delete(client);
  }

  /** Whether `client` waits for the next frame. */
  isPending(client: FrameClient): boolean {
    return this.pending.has(client);
  }

  private schedule(): void {
    if (this.handle || this.pending.size === 0 || globalThis.document?.hidden) return;
    this.handle = this.requestFrame(this.flush);
  }

  /**
   * After a late frame that was busy with our renders, allow as many renders as fit in part of a
   * frame at their measured cost (or a quarter fewer, before any cost is known); after a timely
   * frame, grow again.
   */
  private adapt(now: number): void {
    const interval = now - this.lastFlushAt;
    this.lastFlushAt = now;
    if (interval <= 0 || interval > IDLE_GAP_MS || this.lastRendered < MIN_RENDERS_PER_FRAME) return;
    this.vsync = Math.min(Math.max(Math.min(this.vsync, interval), 4), 50);
    const fits = this.costPerRender > 0 ? Math.floor((this.vsync * WORK_SHARE) / this.costPerRender) : 0;
    if (interval > this.vsync * LATE_FACTOR) {
      // Late with no more renders than fit: the time went elsewhere, so hold rather than shrink.
      this.budget = Math.max(MIN_RENDERS_PER_FRAME, Math.min(fits || Math.floor(this.lastRendered * 0.75), this.lastRendered));
    } else if (this.lastDeferred > 0) {
      // The budget binds and frames are on time: rise to what fits, then probe upwards slowly.
      this.budget = Math.max(this.budget + 0.25, fits);
    } else if (Number.isFinite(this.budget)) {
      this.budget += Math.ceil(this.budget * 0.05); // it does not bind: recover quickly
      if (this.budget > 100_000) this.budget = Number.POSITIVE_INFINITY;
    }
  }

  /** Learns what a render costs from how long the frame took to draw, script to paint. */
  private measure(started: number, rendered: number): void {
    this.afterFrame(() => {
      const cost = (this.clock() - started) / rendered;
      this.costPerRender = this.costPerRender ? this.costPerRender * 0.7 + cost * 0.3 : cost;
    });
  }

  private readonly flush = (now: number): void => {
    this.handle = 0;
    if (globalThis.document?.hidden) return; // a frame that slipped through as the tab hid
    const started = this.clock();
    this.adapt(now);
    const batch = this.pending;
    this.pending = new Set();
    this.frames++;
    let rendered = 0;
    for (const client of batch) {
      if (rendered >= this.budget) {
        this.pending.add(client); // first in line next frame, ahead of later requests
        this.deferred++;
        continue;
      }
      rendered++;
      try {
        client.renderFrame(now);
      } catch (error) {
        console.error('pulseboard: a render failed; other elements keep drawing', error);
      }
    }
    this.lastRendered = rendered;
    this.lastDeferred = batch.size - rendered;
    if (rendered >= MIN_RENDERS_PER_FRAME) this.measure(started, rendered);
    this.schedule();
  };
}

const KEY = Symbol.for('pulseboard.frame-scheduler');
const store = globalThis as Record<symbol, FrameScheduler | undefined>;
/** Shared by every element on the page, even across two copies of the bundle. */
export const frameScheduler: FrameScheduler = store[KEY] ?? (store[KEY] = new FrameScheduler());
