import { severityRank, type Alert, type AlertSeverity, type AlertSilence, type AlertStatus } from './alert-payload.js';
import { RingBuffer } from './ring-buffer.js';

/** An alert as `<alert-list>` holds it: the alert plus what the list learned about it. */
export interface AlertEntry {
  readonly id: string;
  readonly status: AlertStatus;
  readonly severity: AlertSeverity;
  /**
   * What fired: a resolution keeps the title and description the alert fired with, whatever the
   * resolving payload calls it ("CPU back below 75%" would read as the alert's name).
   */
  readonly title: string;
  readonly description: string;
  /** What the resolving payload said, when it said something else than what fired; else empty. */
  readonly resolution: string;
  /** The list saw it firing (so `title` is the firing title even once resolved). */
  readonly fired: boolean;
  /** Epoch ms it started: the payload's `startsAt`, else when the list first saw it. */
  readonly startsAt: number;
  /** Epoch ms it ended, when resolved and the payload said. */
  readonly endsAt: number | undefined;
  readonly labels: ReadonlyMap<string, string>;
  readonly annotations: ReadonlyMap<string, string>;
  /** Epoch ms (local clock) the list learned it resolved; it leaves `resolved-ttl` later. */
  readonly resolvedAt: number | undefined;
  /** Epoch ms of the last payload about it. */
  readonly updatedAt: number;
  readonly acknowledged: boolean;
  readonly silenced: boolean;
  /** What the server says: silenced or acknowledged, by whom, until when (null: neither, or not told). */
  readonly silence: AlertSilence | null;
  /** Switched between firing and resolved at least `flapThreshold` times within `flapWindowMs`. */
  readonly flapping: boolean;
  /** Goes up whenever anything above changes: a view can skip an alert whose revision it has drawn. */
  readonly revision: number;
}

type Entry = { -readonly [K in keyof AlertEntry]: AlertEntry[K] };

export interface AlertStoreOptions {
  maxAlerts: number;
  resolvedTtlMs: number;
  flapThreshold: number;
  flapWindowMs: number;
}

/** What one upsert did, so the element knows what to announce. */
export interface UpsertResult {
  readonly entry: AlertEntry;
  /** It was not in the list, or it was resolved and fires again. */
  readonly startedFiring: boolean;
  readonly becameFlapping: boolean;
}

const FLIPS_KEPT = 32;

/**
 * The alerts `<alert-list>` shows, keyed by id: a firing alert is updated in place, a resolved one
 * stays for `resolvedTtlMs` and then leaves. Bounded by `maxAlerts` (resolved alerts go first,
 * then the least severe, least recently updated). Status flips are remembered per id, also for a
 * while after an alert left, so an alert that keeps coming back is marked as flapping.
 * No DOM; time is always passed in.
 */
export class AlertStore {
  options: AlertStoreOptions;
  private readonly entries = new Map<string, Entry>();
  private readonly flips = new Map<string, RingBuffer<number>>();
  /** Bumped on every change; lets the view skip work when nothing changed. */
  version = 0;
  /** Alerts dropped because the list was full. */
  evicted = 0;

  constructor(options: AlertStoreOptions) {
    this.options = options;
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): AlertEntry | undefined {
    return this.entries.get(id);
  }

  values(): IterableIterator<AlertEntry> {
    return this.entries.values();
  }

  clear(): void {
    this.entries.clear();
    this.flips.clear();
    this.version++;
  }

  upsert(alert: Alert, now: number): UpsertResult {
    let entry = this.entries.get(alert.id);
    let startedFiring = false;
    const wasFlapping = entry?.flapping ?? false;
    if (!entry) {
      entry = {
        id: alert.id,
        status: alert.status,
        severity: alert.severity,
        title: alert.title,
        description: alert.description,
        resolution: '',
        fired: alert.status === 'firing',
        startsAt: alert.startsAt ?? now,
        endsAt: alert.endsAt,
        labels: alert.labels,
        annotations: alert.annotations,
        resolvedAt: alert.status === 'resolved' ? now : undefined,
        updatedAt: now,
        acknowledged: false,
        silenced: false,
        silence: null,
        flapping: false,
        revision: 0,
      };
      // It left as resolved not long ago: firing again is a flip.
      if (this.flips.has(alert.id) && alert.status === 'firing') this.flip(alert.id, now);
      startedFiring = alert.status === 'firing';
      this.entries.set(alert.id, entry);
      this.evictBeyondLimit(entry);
    } else {
      if (entry.status !== alert.status) {
        this.flip(alert.id, now);
        startedFiring = alert.status === 'firing';
      }
      entry.status = alert.status;
      // "resolved, severity none" still reads as the critical alert that just ended.
      if (alert.severityStated || alert.status === 'firing') entry.severity = alert.severity;
      if (alert.status === 'firing' || !entry.fired) {
        entry.title = alert.title;
        entry.description = alert.description;
        entry.resolution = '';
        if (alert.status === 'firing') entry.fired = true;
      } else {
        // Resolved after firing: keep what fired; what the resolution says goes beside it.
        const said = alert.title !== entry.title ? alert.title : alert.description !== entry.description ? alert.description : '';
        if (said) entry.resolution = said;
      }
      if (alert.startsAt !== undefined) entry.startsAt = alert.startsAt;
      else if (startedFiring) entry.startsAt = now;
      entry.endsAt = alert.endsAt;
      entry.labels = alert.labels;
      entry.annotations = alert.annotations;
      entry.updatedAt = now;
      if (alert.status === 'resolved') entry.resolvedAt ??= now;
      else entry.resolvedAt = undefined;
    }
    // The server's word on silences wins; a payload that says nothing about them leaves them be.
    if (alert.silence !== undefined) {
      entry.silence = alert.silence;
      entry.acknowledged = alert.silence?.state === 'acknowledged';
      entry.silenced = alert.silence?.state === 'silenced';
    }
    entry.flapping = this.isFlapping(alert.id, now);
    entry.revision++;
    this.version++;
    return { entry, startedFiring, becameFlapping: entry.flapping && !wasFlapping };
  }

  /**
   * Removes resolved alerts older than the TTL, forgets flips that left the window and clears
   * flapping marks that no longer hold. Returns whether anything changed.
   */
  expire(now: number): boolean {
    let changed = false;
    const { resolvedTtlMs, flapWindowMs } = this.options;
    for (const entry of this.entries.values()) {
      if (entry.resolvedAt !== undefined && now - entry.resolvedAt >= resolvedTtlMs) {
        this.entries.delete(entry.id);
        changed = true;
        continue;
      }
      if (entry.flapping && !this.isFlapping(entry.id, now)) {
        entry.flapping = false;
        entry.revision++;
        changed = true;
      }
    }
    for (const [id, flips] of this.flips) {
      flips.dropWhile((t) => now - t > flapWindowMs);
      if (flips.length === 0) this.flips.delete(id);
    }
    if (changed) this.version++;
    return changed;
  }

  /** Marks an alert acknowledged (or not). Returns false for an unknown id. */
  setAcknowledged(id: string, on: boolean): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (entry.acknowledged !== on) {
      entry.acknowledged = on;
      entry.revision++;
      this.version++;
    }
    return true;
  }

  /** Marks an alert silenced (or not). Returns false for an unknown id. */
  setSilenced(id: string, on: boolean): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (entry.silenced !== on) {
      entry.silenced = on;
      entry.revision++;
      this.version++;
    }
    return true;
  }

  private flip(id: string, now: number): void {
    let flips = this.flips.get(id);
    if (!flips) {
      // Flip histories are bounded like the alerts themselves: the oldest history goes first.
      if (this.flips.size >= this.options.maxAlerts * 2) {
        const oldest = this.flips.keys().next();
        if (!oldest.done) this.flips.delete(oldest.value);
      }
      this.flips.set(id, (flips = new RingBuffer<number>(FLIPS_KEPT)));
    }
    flips.push(now);
  }

  private isFlapping(id: string, now: number): boolean {
    const flips = this.flips.get(id);
    if (!flips) return false;
    let recent = 0;
    for (const t of flips) if (now - t <= this.options.flapWindowMs) recent++;
    return recent >= this.options.flapThreshold;
  }

  /** Over the limit: drop the oldest resolved alert, else the least severe, least recently updated firing one. */
  private evictBeyondLimit(keep: Entry): void {
    while (this.entries.size > Math.max(1, this.options.maxAlerts)) {
      let victim: Entry | undefined;
      for (const entry of this.entries.values()) {
        if (entry === keep) continue;
        if (!victim || worse(entry, victim)) victim = entry;
      }
      if (!victim) return;
      this.entries.delete(victim.id);
      this.evicted++;
    }
  }
}

/** True when `a` should be evicted before `b`. */
function worse(a: Entry, b: Entry): boolean {
  const ar = a.status === 'resolved';
  const br = b.status === 'resolved';
  if (ar !== br) return ar;
  if (ar) return (a.resolvedAt ?? 0) < (b.resolvedAt ?? 0);
  const as = severityRank(a.severity);
  const bs = severityRank(b.severity);
  if (as !== bs) return as > bs;
  return a.updatedAt < b.updatedAt;
}

/** The list's order: firing before resolved, then severity (critical first), then newest start first. */
export function compareAlerts(a: AlertEntry, b: AlertEntry): number {
  if (a.status !== b.status) return a.status === 'firing' ? -1 : 1;
  const s = severityRank(a.severity) - severityRank(b.severity);
  if (s !== 0) return s;
  if (a.startsAt !== b.startsAt) return b.startsAt - a.startsAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
