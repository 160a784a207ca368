import { FrameWorkModel } from './frame-work-model.js';

/** Anything that draws on the shared frame. */
export interface FrameClient {
  renderFrame(now: number): void;
}

/** Never fewer renders than this per frame, however late frames run: small pages never wait. */
export const MIN_RENDERS_PER_FRAME = 8;
/** A frame this many vsyncs after the previous one was late: the user saw a frame dropped. */
const LATE_FACTOR = 1.5;
/** A frame whose work takes more than this share of a vsync keeps the next frame busy too. */
const BUSY_SHARE = 0.9;
/** A task this long is a long task (Long Tasks API): input waits for it. */
const LONG_TASK_MS = 50;

export interface FrameSchedulerOptions {
  /** `requestAnimationFrame` unless a test drives the frames. */
  requestFrame?: (callback: (now: number) => void) => number;
  /**
   * Calls back once the browser has drawn the frame (style, layout, paint): a task posted from the
   * frame runs just after it. A test drives it by hand.
   */
  afterFrame?: (callback: () => void) => void;
  /** `performance.now` unless a test drives time. */
  clock?: () => number;
}

interface TaskScheduler {
  postTask(callback: () => void, options: { priority: 'user-blocking' }): Promise<unknown>;
}

/**
 * A task posted during a frame runs after the browser has drawn that frame. A user-blocking task
 * (where `scheduler.postTask` exists) runs before the page's ordinary tasks, so the timing holds
 * little but the frame itself; elsewhere a posted message.
 */
function afterFrameByTask(): (callback: () => void) => void {
  const tasks = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;
  if (typeof tasks?.postTask === 'function') {
    const post = tasks.postTask.bind(tasks);
    return (callback) => void post(callback, { priority: 'user-blocking' });
  }
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

/** What the scheduler remembers of the previous frame. */
interface LastFrame {
  /** The frame's timestamp (`requestAnimationFrame` time). */
  readonly at: number;
  /** When its callback started, and when the browser had drawn it (`clock` time). */
  readonly started: number;
  drawnAt?: number;
  readonly rendered: number;
  readonly deferred: number;
}

/**
 * The page's one `requestAnimationFrame` loop. Elements update their state as messages arrive
 * and ask for a frame; however many messages arrive between two frames, each client renders at
 * most once per frame. While the tab is hidden nothing is scheduled; once visible, the waiting
 * elements draw their latest state.
 *
 * When more elements change per frame than the machine can draw in time, the scheduler spreads
 * them over the next frames instead of letting every frame grow longer: while frames come late
 * after busy ones (busy: renders were deferred, or the frame's own work, timed from its start until
 * the browser has drawn it, filled it), it trims renders per frame; while they come on time it lets
 * the budget grow back. Clients it defers go first in the next frame, so none starves, and they
 * draw their latest state, so nothing is lost: a wall of gauges updates a little less often, the
 * page keeps scrolling and answering. It fits each frame's work against its renders
 * (frame-work-model.ts): when the page's own part alone overruns a frame (a page of a thousand SVG
 * dials spends most of each frame compositing them, whatever changed), fewer renders would make no
 * frame on time and only show older values, so renders may take as long as that part.
 */
export class FrameScheduler {
  private pending = new Set<FrameClient>();
  private handle = 0;
  private readonly requestFrame: (callback: (now: number) => void) => number;
  private readonly afterFrame: (callback: () => void) => void;
  private readonly clock: () => number;
  private last: LastFrame | undefined;
  /** The display's frame interval (ms): 60 Hz until frames say otherwise (see `watchVsync`). */
  private vsync = 1000 / 60;
  private vsyncWindow = { min: Infinity, frames: 0 };
  private readonly work = new FrameWorkModel();

  /** Frames flushed so far; for benchmarks and tests. */
  frames = 0;
  /** Renders allowed in one frame now (Infinity until frames run late). */
  budget = Number.POSITIVE_INFINITY;
  /** Renders moved to a later frame so far; for benchmarks and tests. */
  deferred = 0;

  constructor(options: FrameSchedulerOptions = {}) {
    this.requestFrame = options.requestFrame ?? ((callback) => requestAnimationFrame(callback));
    this.afterFrame = options.afterFrame ?? afterFrameByTask();
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
   * Before a frame: was the previous one late, and was that ours? Lateness only counts after a
   * busy frame (renders were deferred, or its own work, timed from its start until the browser had
   * drawn it, filled the frame): a gap after a quiet frame is a slow feed, not a slow page. Late:
   * trim renders per frame by a quarter, unless the fit of work against renders says the page's
   * own work alone overruns a frame (then see below). On time while the budget binds: allow more,
   * slowly near the limit so it settles instead of see-sawing. Otherwise: grow back to unlimited.
   */
  private adapt(now: number, started: number): void {
    const previous = this.last;
    if (!previous || previous.rendered < MIN_RENDERS_PER_FRAME) return;
    // A "drawn" task that has not run by now means the frame took at least until now.
    const work = (previous.drawnAt ?? started) - previous.started;
    const busy = previous.deferred > 0 || work > this.vsync * BUSY_SHARE;
    const interval = now - previous.at;
    if (busy) this.watchVsync(interval);
    if (previous.drawnAt !== undefined) this.work.add(previous.rendered, work);
    if (busy && interval > this.vsync * LATE_FACTOR) {
      const fit = this.work.fit();
      const frame = this.vsync * BUSY_SHARE;
      if (fit === undefined || fit.fixed <= frame) {
        this.budget = Math.max(MIN_RENDERS_PER_FRAME, Math.floor(previous.rendered * 0.75));
      } else {
        // The page alone overruns a frame: no number of renders brings frames on time, and fewer
        // would only show older values. Renders may take what fits in the frames the page takes
        // anyway, or as long as the page's own work (frames at most twice what the page costs)
        // while the frame stays short of a long task.
        // At least a frame's worth: the room left before the next multiple of a frame is ~0 just
        // under one, and past a long task the page alone leaves none, yet more renders cost one
        // frame at most. At most four times the last frame's renders: a flat slope (noise where
        // renders barely varied) is no proof renders are free.
        const fitting = Math.ceil(fit.fixed / frame) * frame - fit.fixed;
        const room = Math.max(fitting, Math.min(fit.fixed, Math.max(frame, LONG_TASK_MS * BUSY_SHARE - fit.fixed)));
        const fits = fit.perRender > 0 ? Math.floor(room / fit.perRender) : Number.POSITIVE_INFINITY;
        this.budget = Math.max(MIN_RENDERS_PER_FRAME, Math.min(fits, Math.ceil(previous.rendered * 4)));
      }
    } else if (previous.deferred > 0) {
      // On time and binding: with most of the frame to spare grow by a tenth, else probe slowly.
      this.budget = work < this.vsync / 4 ? Math.ceil(this.budget * 1.1) : this.budget + 0.25;
    } else if (Number.isFinite(this.budget)) {
      this.budget = Math.ceil(this.budget * 1.05);
      if (this.budget > 100_000) this.budget = Number.POSITIVE_INFINITY;
    }
  }

  /**
   * The vsync is assumed 60 Hz. A display (or a battery saver) that only gives 30 frames a second
   * shows as every busy frame "late" even at the floor; then the shortest interval seen in the last
   * second becomes the vsync, so the budget can grow back.
   */
  private watchVsync(interval: number): void {
    const w = this.vsyncWindow;
    w.min = Math.min(w.min, interval);
    if (++w.frames < 60) return;
    if (this.budget <= MIN_RENDERS_PER_FRAME && w.min > this.vsync * LATE_FACTOR) this.vsync = Math.min(w.min, 100);
    else if (w.min < this.vsync) this.vsync = Math.max(w.min, 4);
    this.vsyncWindow = { min: Infinity, frames: 0 };
  }

  private readonly flush = (now: number): void => {
    this.handle = 0;
    if (globalThis.document?.hidden) return; // a frame that slipped through as the tab hid
    const started = this.clock();
    this.adapt(now, started);
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
    const frame: LastFrame = { at: now, started, rendered, deferred: batch.size - rendered };
    this.last = frame;
    // Frames with few renders are not ours to trim (and their time is mostly the page's).
    if (rendered >= MIN_RENDERS_PER_FRAME) this.afterFrame(() => (frame.drawnAt ??= this.clock()));
    this.schedule();
  };
}

const KEY = Symbol.for('pulseboard.frame-scheduler');
const store = globalThis as Record<symbol, FrameScheduler | undefined>;
/** Shared by every element on the page, even across two copies of the bundle. */
export const frameScheduler: FrameScheduler = store[KEY] ?? (store[KEY] = new FrameScheduler());
