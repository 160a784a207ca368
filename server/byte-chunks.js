// Splits a list into runs of about `maxBytes` each (a run always takes at least one item, so an
// item larger than the limit goes alone). A client refuses a WebSocket message over 4 MiB whole
// (src/data/ws-transport.ts), so anything sent in one piece that can grow (kept state, a
// catch-up page) goes in such runs, as the live stream's turns do.

/**
 * @template T
 * @param {readonly T[]} items
 * @param {number} maxBytes
 * @param {(item: T) => number} sizeOf
 * @returns {Generator<T[]>}
 */
export function* byteChunks(items, maxBytes, sizeOf) {
  for (let i = 0; i < items.length; ) {
    let bytes = 0;
    let end = i;
    while (end < items.length && (end === i || bytes + sizeOf(items[end]) <= maxBytes)) bytes += sizeOf(items[end++]);
    yield items.slice(i, end);
    i = end;
  }
}
