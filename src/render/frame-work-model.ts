/** How much of a frame's work is the page's own, and how much each render adds. */
export interface FrameWorkFit {
  /** Work (ms) the frame takes whatever is rendered: the browser's compositing of the whole page. */
  readonly fixed: number;
  /** Work (ms) one more render adds: its script, and the style, layout and paint it causes. */
  readonly perRender: number;
}

/** Recent frames weigh most: a weight falls by this factor per frame (about 20 frames of memory). */
const DECAY = 0.95;
/** Renders must have varied by this share of their mean before the fit can tell fixed from per-render work. */
const MIN_SPREAD = 0.1;
/** A fit that misses the recent mean work by more than this share is no longer trusted. */
const STALE_ERROR = 0.25;
/**
 * Calls a fit may stand without renders varying: its total can stay right while its split does
 * not, so then it lapses and the scheduler's next trim varies the renders again.
 */
const MAX_STANDING = 120;

/**
 * A least-squares line through recent frames, work ≈ fixed + perRender × renders, with older
 * frames forgotten geometrically. The scheduler varies the renders per frame itself (every trim),
 * which is what lets the fit tell a page whose frames are slow whatever changes from one whose
 * renders are the cost.
 */
export class FrameWorkModel {
  private weight = 0;
  private sumR = 0;
  private sumW = 0;
  private sumRR = 0;
  private sumRW = 0;
  private last: FrameWorkFit | undefined;
  private standing = 0;

  add(renders: number, work: number): void {
    this.weight = this.weight * DECAY + 1;
    this.sumR = this.sumR * DECAY + renders;
    this.sumW = this.sumW * DECAY + work;
    this.sumRR = this.sumRR * DECAY + renders * renders;
    this.sumRW = this.sumRW * DECAY + renders * work;
  }

  /**
   * The fit. While the renders per frame have barely varied (once the scheduler settles), the
   * last fit stands as long as it still predicts the recent work within a quarter; otherwise
   * undefined.
   */
  fit(): FrameWorkFit | undefined {
    if (this.weight < 3) return undefined;
    const meanR = this.sumR / this.weight;
    const meanW = this.sumW / this.weight;
    const varR = this.sumRR / this.weight - meanR * meanR;
    if (varR < (MIN_SPREAD * meanR) ** 2) {
      const last = this.last;
      if (last === undefined || ++this.standing > MAX_STANDING || Math.abs(last.fixed + last.perRender * meanR - meanW) > STALE_ERROR * meanW) return (this.last = undefined);
      return last;
    }
    this.standing = 0;
    const perRender = Math.max(0, (this.sumRW / this.weight - meanR * meanW) / varR);
    return (this.last = { fixed: Math.max(0, meanW - perRender * meanR), perRender });
  }
}
