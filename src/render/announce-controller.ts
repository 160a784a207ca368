import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What to say: the words, or a function that composes them when they are spoken (undefined: nothing to say after all). */
export type Announcement = string | (() => string | undefined);

export interface AnnounceOptions {
  /** Least time between two announcements, in ms; read at each one, so a host's property can change it. */
  readonly intervalMs: () => number;
  /**
   * The same words again are spoken again (a new critical alert with the same title): they get a
   * trailing no-break space, which a screen reader takes for new text. Otherwise the same words
   * as the last announcement are dropped (an unchanged summary).
   */
  readonly repeat?: boolean;
}

/**
 * Every element's screen-reader announcements, one rule: a polite live region that speaks at
 * most once per `intervalMs`. What is offered meanwhile waits, the latest offer replacing
 * earlier ones, and is spoken when the interval is over (a value flapping across a threshold is
 * announced once, with its latest level). The host renders `text` in its live region, and
 * `serial` where it needs a new node per announcement (a `role="log"` region).
 */
export class AnnounceController implements ReactiveController {
  /** The words now in the live region. */
  text = '';
  /** Counts announcements. */
  serial = 0;
  private pending: Announcement | undefined;
  private spokenAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AnnounceOptions,
  ) {
    host.addController(this);
  }

  /** Offers words to say: now if the interval allows, else when it is over. */
  announce(what: Announcement, now = Date.now()): void {
    this.pending = what;
    const wait = this.spokenAt + this.options.intervalMs() - now;
    if (wait <= 0) this.speak(now);
    else this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.speak(Date.now());
    }, wait);
  }

  /** Drops what waits (the host says it no longer applies). */
  cancel(): void {
    this.pending = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Drops what waits and starts a new interval without speaking (the host just told the user itself, e.g. on resume). */
  quiet(now = Date.now()): void {
    this.cancel();
    this.spokenAt = now;
  }

  hostDisconnected(): void {
    this.cancel();
  }

  private speak(now: number): void {
    const what = this.pending;
    this.pending = undefined;
    let text = typeof what === 'function' ? what() : what;
    if (text === undefined) return;
    if (text === this.text.trimEnd()) {
      if (!this.options.repeat) return;
      text += '\u00a0';
    }
    this.text = text;
    this.serial++;
    this.spokenAt = now;
    this.host.requestUpdate();
  }
}
