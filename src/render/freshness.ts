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
 * Worst first: a dashboard is as fresh as its stalest panel. Stopped states lead (the stream is
 * closed, or refused: nothing comes until someone acts), then an upstream that fails behind a
 * working connection, then the states that recover by themselves, then fresh data. A word added
 * to `StreamStatus` goes into this list where it belongs (the compiler fails until it is there).
 */
export const FRESHNESS_ORDER = [
  'disconnected',
  'unauthorized',
  'source-error',
  'no-source',
  'reconnecting',
  'stale',
  'connecting',
  'waiting',
  'live',
] as const satisfies readonly StreamStatus[];

/** Fails to compile while a status word is missing from `FRESHNESS_ORDER` (it names the word). */
type Unranked = Exclude<StreamStatus, (typeof FRESHNESS_ORDER)[number]>;
const everyWordRanked: [Unranked] extends [never] ? true : Unranked = true;
void everyWordRanked;

/** Each status word's place in `FRESHNESS_ORDER`: lower is worse. */
export const FRESHNESS_RANK: Readonly<Record<StreamStatus, number>> = Object.freeze(
  Object.fromEntries(FRESHNESS_ORDER.map((status, rank) => [status, rank])) as Record<StreamStatus, number>,
);

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
