import { createContext } from '@lit/context';
import type { StreamStatus } from './stream-controller.js';

/**
 * Where data elements report their status word to the `<pulse-source>` they take data from, so
 * the source can say how fresh the whole dashboard is (worst state, with counts).
 */
export interface FreshnessTracker {
  report(element: Element, status: StreamStatus): void;
  remove(element: Element): void;
}

/** A registered symbol as key, like the hub's, so a second copy of the bundle still finds it. */
export const freshnessContext = createContext<FreshnessTracker | undefined>(Symbol.for('pulseboard.freshness'));

/** The aggregate a `<pulse-source>` exposes as `freshness` and with `pulse-freshness`. */
export interface PulseFreshness {
  /** The worst status among the elements under the source; undefined while there are none. */
  readonly state: StreamStatus | undefined;
  /** How many elements show each status (only statuses some element shows). */
  readonly counts: Readonly<Partial<Record<StreamStatus, number>>>;
  /** Elements counted. */
  readonly total: number;
}

/**
 * Worst first: a dashboard is as fresh as its stalest panel. A word another branch adds to
 * `StreamStatus` must be ranked here (the compiler says so).
 */
export const FRESHNESS_RANK: Readonly<Record<StreamStatus, number>> = {
  disconnected: 0,
  'no-source': 1,
  reconnecting: 2,
  stale: 3,
  connecting: 4,
  waiting: 5,
  live: 6,
};

/** The aggregate of a set of statuses. */
export function aggregateFreshness(statuses: Iterable<StreamStatus>): PulseFreshness {
  const counts: Partial<Record<StreamStatus, number>> = {};
  let state: StreamStatus | undefined;
  let total = 0;
  for (const status of statuses) {
    total++;
    counts[status] = (counts[status] ?? 0) + 1;
    if (state === undefined || FRESHNESS_RANK[status] < FRESHNESS_RANK[state]) state = status;
  }
  return { state, counts, total };
}
