// `--simulate-load N` (demos only): several agents on ONE machine report the same real metrics,
// so a demo wall would show three identical hosts. This adds N percentage points of made-up
// load (with a slow wobble) to cpu, mem and disk, and marks each payload `simulated: true`.
// Never use it on a real box; `pulseboard agent --help` and docs/fleet.md say so.

/** @param {number} n */
const clamp = (n) => Math.round(Math.min(100, Math.max(0, n)) * 10) / 10;

/**
 * @param {number} extra percentage points, 0-100
 * @returns {(topic: string, data: unknown) => unknown}
 */
export function simulatedLoad(extra) {
  const phase = Math.random() * Math.PI * 2;
  return (topic, data) => {
    if (data === null || typeof data !== 'object' || !['cpu', 'mem', 'disk'].includes(topic)) return data;
    const d = /** @type {Record<string, unknown>} */ ({ ...data, simulated: true });
    const wobble = 1 + 0.25 * Math.sin(Date.now() / 9000 + phase) + 0.1 * (Math.random() - 0.5);
    const bump = (/** @type {unknown} */ v, /** @type {number} */ share) => (typeof v === 'number' ? clamp(v * (1 - share) + extra * wobble * share + extra * (1 - share) * 0.5) : v);
    if (topic === 'cpu') d.value = bump(d.value, 0.9);
    else if (topic === 'mem') d.value = bump(d.value, 0.7);
    else for (const [k, v] of Object.entries(d)) if (k !== 'ts' && k !== 'simulated') d[k] = bump(v, 0.6);
    return d;
  };
}
