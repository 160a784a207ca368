// The bytes of events on the wire, formatted once and shared by every client that gets them.
//
// A record's frame is the same for every client (its id, topic and payload never change), so it
// is encoded once per wire format and kept beside the record: in a WeakMap, so it lives exactly as
// long as the record does (the hub's ring bounds that). Clients that flush in the same turn
// usually send the very same run of records; the bytes of the last run are kept too (one run per
// wire format, so the cache holds at most one chunk), and a thousand clients of one tick share one
// Buffer: no string building, no UTF-8 encoding per client, one writev each.

/**
 * @typedef {{ id: number | string, topic: string, json: string }} WireRecord
 */

export class FrameCache {
  /**
   * @param {(record: WireRecord) => string} format the frame of one record
   * @param {{ open?: string, separator?: string, close?: string }} [batch] how several frames are
   *   joined into one write (SSE: back to back; WebSocket: a JSON array). One record is sent bare.
   */
  constructor(format, { open = '', separator = '', close = '' } = {}) {
    this.format = format;
    this.open = Buffer.from(open);
    this.separator = Buffer.from(separator);
    this.close = Buffer.from(close);
    /** @type {WeakMap<WireRecord, Buffer>} */
    this.frames = new WeakMap();
    /** @type {{ first: WireRecord, last: WireRecord, count: number, bytes: Buffer } | null} */
    this.run = null;
    /**
     * Per hub, the last turn a client with a shareable filter took (stream-client.js): from which
     * cursor, up to which newest id, with which filter, where it ended and its bytes.
     * @type {WeakMap<object, { from: number, upTo: number, key: string, chunkBytes: number, to: number, count: number, bytes: Buffer | null }>}
     */
    this.turns = new WeakMap();
  }

  /**
   * The frame of one record.
   * @param {WireRecord} record
   */
  frame(record) {
    let bytes = this.frames.get(record);
    if (bytes === undefined) {
      bytes = Buffer.from(this.format(record));
      this.frames.set(record, bytes);
    }
    return bytes;
  }

  /**
   * The bytes of `records` as one write.
   * @param {WireRecord[]} records in history order, at least one
   * @param {boolean} [contiguous] true when `records` is every record between its first and last
   *   (nothing filtered out): only such runs are shared, since the first, the last and the count
   *   then say which records lie between
   */
  batch(records, contiguous = false) {
    const count = records.length;
    if (count === 1) return this.frame(records[0]);
    const first = records[0];
    const last = records[count - 1];
    const run = this.run;
    if (contiguous && run !== null && run.first === first && run.last === last && run.count === count) return run.bytes;
    /** @type {Buffer[]} */
    const parts = [];
    if (this.open.length > 0) parts.push(this.open);
    for (let i = 0; i < count; i++) {
      if (i > 0 && this.separator.length > 0) parts.push(this.separator);
      parts.push(this.frame(records[i]));
    }
    if (this.close.length > 0) parts.push(this.close);
    const bytes = Buffer.concat(parts);
    if (contiguous) this.run = { first, last, count, bytes };
    return bytes;
  }
}
