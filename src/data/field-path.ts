/**
 * Reads a dot path (`"cpu.percent"`, `"cores.0"`) from a parsed JSON payload; a key that is the
 * whole path wins. Only own properties
 * are followed, so `"__proto__.x"` or `"constructor.name"` read nothing from prototypes.
 */
export function readField(payload: unknown, path: string | undefined): unknown {
  if (!path) return payload;
  // A key that itself holds dots (`10.0.0.1:9100`, a series named by its instance) is read whole.
  if (payload !== null && typeof payload === 'object' && Object.prototype.hasOwnProperty.call(payload, path)) {
    return (payload as Record<string, unknown>)[path];
  }
  let current: unknown = payload;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
