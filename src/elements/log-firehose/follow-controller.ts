import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Why following stopped: a scroll up, the user's pause, or keyboard focus on a line (held until focus leaves). */
export type HoldReason = 'scroll' | 'user' | 'focus';

/** Scrolled up at least this far from the bottom, the user is reading: stop following. */
const PAUSE_DISTANCE_PX = 5;

export interface FollowHost extends ReactiveControllerHost {
  /** The element's public `paused` property; the page may set it. */
  paused: boolean;
}

export interface FollowHooks {
  /** Seq of the newest line now: lines after it count as "new" while paused. */
  newestSeq(): number;
  /** Hold what the user sees (at scroll position `top`, or the current one): calls `hold()`. */
  anchorHere(top?: number): void;
  /** Following paused or resumed (`paused` is already set): tell the page, reset per-stretch counts. */
  changed(paused: boolean): void;
  requestFrame(): void;
}

/**
 * Follow or hold: the log's tail-follow state machine. Follows the newest line until the user
 * scrolls up, presses pause, or puts keyboard focus on a line; then holds one line still (the
 * anchor) however fast lines arrive, and counts what arrives and what falls out meanwhile.
 * Knows nothing of rows or pixels beyond the scroll distance from the bottom.
 */
export class FollowController implements ReactiveController {
  pausedBy: HoldReason | undefined;
  /** The line held still while paused, `anchorOffset` px scrolled into it (or its bottom at the viewport's bottom). */
  anchorSeq = 0;
  anchorOffset = 0;
  anchorBottom = false;
  /** Newest line when following stopped: later ones are the "N new lines". */
  lastSeenSeq = -1;
  evictedWhilePaused = 0;
  /** The scroll position the element set last, so its own scrolls are not taken for the user's. */
  private expectTop = -1;

  constructor(
    private readonly host: FollowHost,
    private readonly hooks: FollowHooks,
  ) {
    host.addController(this);
  }

  /** `paused` set from outside (attribute or property) since the last update: follow suit. */
  hostUpdate(): void {
    if (this.host.paused === (this.pausedBy === undefined)) this.set(!this.host.paused, 'user');
  }

  /** Pauses or resumes following; resuming forgets what was dropped while paused. */
  set(follow: boolean, by: HoldReason = 'user'): void {
    if (follow) {
      if (this.pausedBy === undefined && !this.host.paused) return;
      this.pausedBy = undefined;
      this.evictedWhilePaused = 0;
    } else {
      if (this.pausedBy !== undefined) {
        if (by === 'user') this.pausedBy = 'user';
        return;
      }
      this.pausedBy = by;
      this.lastSeenSeq = this.hooks.newestSeq();
      this.evictedWhilePaused = 0;
      this.hooks.anchorHere();
    }
    this.host.paused = !follow;
    this.hooks.changed(!follow);
    this.hooks.requestFrame();
  }

  hold(seq: number, offset: number, bottom: boolean): void {
    this.anchorSeq = seq;
    this.anchorOffset = offset;
    this.anchorBottom = bottom;
  }

  /** A line fell out of the buffer. */
  evicted(): void {
    if (this.host.paused) this.evictedWhilePaused++;
  }

  /** The element scrolled the viewport to `top` itself. */
  scrolledTo(top: number): void {
    this.expectTop = top;
  }

  /** The viewport scrolled to `top`, `max` being the bottom: the user's scroll pauses, back at the bottom resumes. */
  scrolled(top: number, max: number): void {
    if (Math.abs(top - this.expectTop) < 1) return; // our own scroll
    this.expectTop = top;
    // Scrolled away from a focused line: reading, as after any scroll up (resumes at the bottom).
    if (this.pausedBy === 'focus') this.pausedBy = 'scroll';
    if (!this.host.paused) {
      if (max - top >= PAUSE_DISTANCE_PX) this.set(false, 'scroll');
      else return;
    } else if (this.pausedBy === 'scroll' && max - top < PAUSE_DISTANCE_PX) {
      this.set(true);
      return;
    }
    this.hooks.anchorHere(top);
    this.hooks.requestFrame();
  }

  /** Focus left the element: a hold that focus made ends. */
  focusLeft(): void {
    if (this.pausedBy === 'focus') this.set(true);
  }
}
