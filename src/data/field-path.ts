/**
 * Reads a dot path (`"cpu.percent"`, `"cores.0"`) from a parsed JSON payload. Only own properties
 * are followed, so `"__proto__.x"` or `"constructor.name"` read nothing from prototypes.
 */
export function readField(payload: unknown, path: string | undefined): unknown {
  if (!path) return payload;
  let current: unknown = payload;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
