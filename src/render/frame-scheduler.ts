/** Anything that draws on the shared frame. */
export interface FrameClient {
  renderFrame(now: number): void;
}

/**
 * The page's one `requestAnimationFrame` loop. Elements update their state as messages arrive
 * and ask for a frame; however many messages arrive between two frames, each client renders at
 * most once per frame. While the tab is hidden nothing is scheduled; the first visible frame
 * draws the latest state.
 */
export class FrameScheduler {
  private pending = new Set<FrameClient>();
  private handle = 0;
  /** Frames flushed so far; for benchmarks and tests. */
  frames = 0;

  constructor() {
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
    this.handle = requestAnimationFrame(this.flush);
  }

  private readonly flush = (now: number): void => {
    this.handle = 0;
    if (globalThis.document?.hidden) return; // a frame that slipped through as the tab hid
    const batch = this.pending;
    this.pending = new Set();
    this.frames++;
    for (const client of batch) {
      try {
        client.renderFrame(now);
      } catch (error) {
        console.error('pulseboard: a render failed; other elements keep drawing', error);
      }
    }
  };
}

const KEY = Symbol.for('pulseboard.frame-scheduler');
const store = globalThis as Record<symbol, FrameScheduler | undefined>;
/** Shared by every element on the page, even across two copies of the bundle. */
export const frameScheduler: FrameScheduler = store[KEY] ?? (store[KEY] = new FrameScheduler());
