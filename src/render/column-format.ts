/**
 * One format per column: the values side by side in a table column (or the same field across
 * cards) share their number of decimals, chosen from the column's largest value, so "$0.70,
 * $1.29, $0.39" line up instead of "$0.7037, $1.29, $0.39".
 */
export interface ColumnDigits {
  /** Significant digits the column's largest value keeps. */
  readonly significant: number;
  /** Fewest decimals (currencies: 2). */
  readonly min?: number;
  /** Most decimals. */
  readonly max?: number;
}

/** Decimals for a column of `values` (undefined and non-finite ones are ignored). */
export function columnDecimals(values: Iterable<number | undefined>, { significant, min = 0, max = 4 }: ColumnDigits): number {
  let top = 0;
  for (const v of values) if (v !== undefined && Number.isFinite(v) && Math.abs(v) > top) top = Math.abs(v);
  if (top === 0) return min;
  const magnitude = Math.floor(Math.log10(top));
  return Math.max(min, Math.min(max, significant - 1 - magnitude));
}
