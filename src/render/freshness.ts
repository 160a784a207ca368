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

/** The aggregate a `<pulse-source>` exposes as `freshness` and with `pulse-source-change`. */
export interface PulseFreshness {
  /** The worst status among the elements under the source; undefined while there are none. */
  readonly state: StreamStatus | undefined;
  /** How many elements show each status (only statuses some element shows). */
  readonly counts: Readonly<Partial<Record<StreamStatus, number>>>;
  /** Elements counted. */
  readonly total: number;
}

/**
 * Worst first: a dashboard is as fresh as its stalest panel. The order is the one each element
 * uses to pick its own word (StreamController.status(), docs/data-layer.md "What elements say"),
 * so the header and the panels never disagree about what matters most:
 * - refused (`unauthorized`): nothing comes until someone gives the page access;
 * - the connection (`disconnected`, `no-source`: stopped until someone acts; `reconnecting`,
 *   `connecting`: recovering by themselves), which every word below depends on;
 * - `offline`: the hosts a panel shows stopped sending heartbeats, so it keeps their last values;
 * - `source-error`: the connection works, an upstream behind it fails;
 * - `stale`: nothing known to be wrong, but nothing arrived for `stale-after`;
 * - `waiting` (never fed yet), `live`.
 * A word added to `StreamStatus` goes into this list where it belongs (the compiler fails until
 * it is there).
 */
export const FRESHNESS_ORDER = [
  'unauthorized',
  'disconnected',
  'no-source',
  'reconnecting',
  'connecting',
  'offline',
  'source-error',
  'stale',
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
