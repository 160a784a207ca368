// How every element reads its attribute values: one meaning for "a number", "a positive count"
// and "a comma-separated list", whichever element it is.

/** A numeric attribute, or undefined when absent or not a finite number (`warn="abc"`). */
export function finiteNumber(value: number | undefined | null): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A count attribute (`max-points`, `max-alerts`): a positive integer, else the element's default. */
export function positiveIntOr(value: number | undefined | null, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** A comma-separated attribute (`group-by="team, service"`): the entries trimmed, empty ones dropped. */
export function commaList(value: string | undefined | null): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** A comma-separated list of words from a fixed set (`levels`, `severities`): lower-cased, unknown ones dropped. */
export function wordList<T extends string>(value: string | undefined | null, known: readonly T[]): T[] {
  return commaList(value)
    .map((entry) => entry.toLowerCase())
    .filter((entry): entry is T => (known as readonly string[]).includes(entry));
}
