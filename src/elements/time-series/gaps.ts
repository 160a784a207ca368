import type { SeriesBuffer } from '../../render/series-buffer.js';

/**
 * Where a chart has no data, and why. A line that joins two points across an outage says data
 * existed where none did; so the chart breaks its line (a `null` row, which uPlot draws as a gap)
 * wherever this tracker finds a hole, marks the hole with a band and names it in the summary:
 *
 * - `lost`: the server said events were lost (`pulse.gap`: the resume point fell out of its history);
 * - `restart`: the server restarted its id sequence, so what happened meanwhile is unknown;
 * - `disconnected`: two points further apart than the series usually is, across a span in which
 *   the connection was down (if the server replays what was missed, there is no hole and no band);
 * - `no-data`: two points further apart than a few times the series' usual interval (`gap-after`).
 *
 * While the connection is down the chart keeps moving with the clock and the open outage is
 * drawn as a band from the last point to now. Bookkeeping is O(1) per sample appended in order;
 * samples inserted out of order (backfill) mark the buffer for one full rescan on the next frame.
 */

export type GapCause = 'disconnected' | 'lost' | 'restart' | 'no-data';

/** A hole in the data: `from` is the last point before it, `to` the first after (epoch ms, data time). */
export interface Gap {
  readonly from: number;
  readonly to: number;
  readonly cause: GapCause;
  /** Series with no data in it. */
  readonly series: string[];
}

/** `gap-after`: `auto` (a few times the usual interval), `off`, or a fixed span in ms. */
export type GapAfter = 'auto' | 'off' | number;

interface SeriesState {
  /** Newest sample time of the series. */
  last: number;
  /** The last explicit value was null: the line is already broken there. */
  broken: boolean;
  readonly intervals: Float64Array;
  count: number;
  usual: number | undefined;
  /** The gap limit for `usual` under `gapAfter` (Infinity: none), and the setting it was computed for. */
  limit: number;
  limitFor: GapAfter | undefined;
}

interface Outage {
  /** Last point before it (data time). */
  readonly from: number;
  /** Clock time the connection went down, and came back (undefined while down). */
  readonly since: number;
  to: number | undefined;
}

const RING = 16;
const MAX_GAPS = 64;
const MAX_OUTAGES = 8;
/** `auto`: a hole is longer than 3 usual intervals and than one interval plus a second (jitter). */
const AUTO_FACTOR = 3;
const AUTO_SLACK_MS = 1000;

export class GapTracker {
  gapAfter: GapAfter = 'auto';
  private readonly state = new Map<string, SeriesState>();
  private gapList: Gap[] = [];
  private outage: Outage | undefined;
  private readonly outages: { from: number; to: number }[] = [];
  /** Series still to break at their next sample after a `pulse.gap` / restart. */
  private pending: { cause: GapCause; done: Set<string> } | undefined;
  /**
   * Client clock minus data time: the least of the recent live samples' (the one delivered with
   * the least delay), which places outages on the chart's time axis.
   */
  private readonly offsets = new Float64Array(8).fill(Infinity);
  private offsetAt = 0;
  /** A sample went in out of order: rescan the whole buffer on the next frame. */
  needsRescan = false;

  /** Holes currently known, oldest first. */
  get gaps(): readonly Gap[] {
    return this.gapList;
  }

  clear(): void {
    this.state.clear();
    this.gapList = [];
    this.outage = undefined;
    this.outages.length = 0;
    this.pending = undefined;
    this.needsRescan = false;
    this.offsets.fill(Infinity);
  }

  /** The stream was cut (`newest`: the chart's newest point, data time). */
  disconnected(now: number, newest: number | undefined): void {
    if (this.outage) {
      this.outage.to = undefined; // down again before any data came back: the same outage
      return;
    }
    if (newest !== undefined) this.outage = { from: newest, since: now, to: undefined };
  }

  /** The stream is open again; the outage stays drawn until the next sample says what is missing. */
  reconnected(now: number): void {
    if (this.outage && this.outage.to === undefined) this.outage.to = now;
  }

  /** The server said events were lost: break every series at its next sample. */
  eventsLost(cause: 'lost' | 'restart'): void {
    this.pending = { cause, done: new Set() };
  }

  /** A sample that arrived live (not replayed): keeps the clock offset current. */
  live(ts: number, receivedAt: number): void {
    this.offsets[this.offsetAt++ % this.offsets.length] = receivedAt - ts;
  }

  /** Clock time `now` on the data's time axis. */
  dataTime(now: number): number {
    let offset = Infinity;
    for (const o of this.offsets) if (o < offset) offset = o;
    return Number.isFinite(offset) ? now - offset : now;
  }

  /** The outage still open (or not yet resolved by data), as a span of data time. */
  openOutage(now: number): { from: number; to: number } | undefined {
    const o = this.outage;
    return o ? { from: o.from, to: Math.max(o.from, this.dataTime(o.to ?? now)) } : undefined;
  }

  /** Whether the connection is down right now (for the summary). */
  get down(): { since: number } | undefined {
    return this.outage && this.outage.to === undefined ? { since: this.outage.since } : undefined;
  }

  /**
   * Before series `name` gets `value` at `ts`: the time to put a `null` at (just after its
   * previous point) when a hole precedes this sample, else undefined.
   */
  beforeSample(name: string, ts: number, value: number | null): number | undefined {
    let s = this.state.get(name);
    if (!s) {
      this.state.set(name, (s = newState(ts, value === null)));
      this.pending?.done.add(name);
      return undefined;
    }
    if (ts <= s.last) {
      if (ts < s.last) this.needsRescan = true;
      return undefined;
    }
    if (this.outage?.to !== undefined) this.resolveOutage();
    const prev = s.last;
    const interval = ts - prev;
    s.last = ts;
    const wasBroken = s.broken;
    s.broken = value === null;
    let cause: GapCause | undefined;
    if (this.pending && !this.pending.done.has(name)) {
      this.pending.done.add(name);
      // Lost across an outage: "disconnected" says more than which way the server noticed.
      if (!wasBroken) cause = this.causeFor(prev, ts) === 'disconnected' ? 'disconnected' : this.pending.cause;
    }
    if (!cause && !wasBroken && interval > this.limitOf(s)) cause = this.causeFor(prev, ts);
    if (cause) {
      this.record({ from: prev, to: ts, cause, series: [name] });
      return prev + 1 < ts ? prev + 1 : undefined;
    }
    if (!wasBroken && value !== null) this.pushInterval(s, interval);
    return undefined;
  }

  /**
   * After samples were inserted out of order: finds every hole in `buffer` that has no `null` in
   * it yet and returns where to put them; rebuilds each series' intervals from what is there.
   */
  rescan(buffer: SeriesBuffer): Array<[number, string]> {
    this.needsRescan = false;
    const breaks: Array<[number, string]> = [];
    const n = buffer.length;
    buffer.series.forEach((name, col) => {
      const times: number[] = [];
      const after: boolean[] = []; // a null sits between this sample and the previous one
      let sawNull = false;
      for (let i = 0; i < n; i++) {
        const v = buffer.valueAt(col, i);
        if (v === undefined) continue;
        if (v === null) {
          sawNull = true;
          continue;
        }
        times.push(buffer.timeAt(i));
        after.push(sawNull);
        sawNull = false;
      }
      const s = newState(times.at(-1) ?? -Infinity, sawNull);
      const intervals: number[] = [];
      for (let i = 1; i < times.length; i++) if (!after[i]) intervals.push(times[i]! - times[i - 1]!);
      intervals.sort((a, b) => a - b);
      const usual = intervals.length >= 3 ? intervals[intervals.length >> 1] : undefined;
      const limit = this.gapAfter === 'off' ? undefined : typeof this.gapAfter === 'number' ? this.gapAfter : usual === undefined ? undefined : autoLimit(usual);
      for (let i = 1; i < times.length; i++) {
        const gap = times[i]! - times[i - 1]!;
        if (after[i]) continue;
        if (limit !== undefined && gap > limit) {
          breaks.push([times[i - 1]! + 1, name]);
          this.record({ from: times[i - 1]!, to: times[i]!, cause: this.causeFor(times[i - 1]!, times[i]!), series: [name] });
        } else this.pushInterval(s, gap);
      }
      if (times.length) this.state.set(name, s);
    });
    return breaks;
  }

  /** Forgets holes that ended before `from` (scrolled out of the window). */
  prune(from: number): void {
    if (this.gapList.length && this.gapList[0]!.to < from) this.gapList = this.gapList.filter((g) => g.to >= from);
  }

  /** The series' gap limit (Infinity: none), recomputed only when its usual interval or `gapAfter` changed. */
  private limitOf(s: SeriesState): number {
    if (s.limitFor !== this.gapAfter) {
      s.limitFor = this.gapAfter;
      s.limit = this.gapAfter === 'off' ? Infinity : typeof this.gapAfter === 'number' ? this.gapAfter : s.usual === undefined ? Infinity : autoLimit(s.usual);
    }
    return s.limit;
  }

  private pushInterval(s: SeriesState, interval: number): void {
    s.intervals[s.count % RING] = interval;
    s.count++;
    // The median of the recent intervals (robust to one odd one), refreshed while the ring fills
    // and then every RING samples: a sort of 16 numbers per 16 samples.
    if (s.count >= 3 && (s.count <= RING || s.count % RING === 0)) {
      s.usual = median(s.intervals, Math.min(s.count, RING));
      s.limitFor = undefined;
    }
  }

  private causeFor(from: number, to: number): GapCause {
    const overlaps = (o: { from: number; to: number }) => o.from < to && o.to > from;
    return this.outages.some(overlaps) ? 'disconnected' : 'no-data';
  }

  /** The first sample after a reconnect: the outage is over; remember it to name holes inside it. */
  private resolveOutage(): void {
    const o = this.outage!;
    this.outages.push({ from: o.from, to: this.dataTime(o.to!) + AUTO_SLACK_MS });
    if (this.outages.length > MAX_OUTAGES) this.outages.shift();
    this.outage = undefined;
  }

  private record(gap: Gap): void {
    const same = this.gapList.find((g) => g.from === gap.from && g.to === gap.to);
    if (same) {
      if (!same.series.includes(gap.series[0]!)) same.series.push(gap.series[0]!);
      return;
    }
    this.gapList.push(gap);
    this.gapList.sort((a, b) => a.from - b.from);
    if (this.gapList.length > MAX_GAPS) this.gapList.shift();
  }
}

/** Scratch for `median` (taken synchronously, so one serves every tracker on the page). */
const sorted = new Float64Array(RING);

/**
 * The upper median of the first `n` values: an insertion sort into the scratch array. Called for
 * every series every RING samples (625 times a second at 10 series x 1,000 points/s), where a
 * slice and a typed-array sort allocated and cost several times more (bench --profile).
 */
function median(values: Float64Array, n: number): number {
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let j = i;
    for (; j > 0 && sorted[j - 1]! > v; j--) sorted[j] = sorted[j - 1]!;
    sorted[j] = v;
  }
  return sorted[n >> 1]!;
}

function newState(last: number, broken: boolean): SeriesState {
  return { last, broken, intervals: new Float64Array(RING), count: 0, usual: undefined, limit: Infinity, limitFor: undefined };
}

function autoLimit(usual: number): number {
  return Math.max(AUTO_FACTOR * usual, usual + AUTO_SLACK_MS);
}
