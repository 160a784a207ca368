const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration attribute: `"10s"`, `"2m"`, `"1.5h"`, `"250ms"` or a bare number of
 * milliseconds. Returns undefined for anything else (including negative or empty values), so
 * callers fall back to their default instead of acting on garbage.
 */
export function parseDuration(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? 'ms').toLowerCase();
  return amount * (UNITS[unit] ?? 1);
}
