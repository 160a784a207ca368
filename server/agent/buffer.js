// The agent's bounded buffer: items waiting to reach the hub. When it is full the OLDEST item
// goes (the newest data matters most on a wall) and is counted per topic with the time span it
// covered, so the hub can be told exactly which topics lost what (a `pulse.gap` item).

/**
 * @typedef {{ topic: string, data: unknown, ts: number, bytes: number }} BufferedItem
 * @typedef {{ topics: string[], dropped: number, from: number, until: number, counts: Record<string, number> }} DropSpan
 */

export class AgentBuffer {
  /** @param {number} maxItems */
  constructor(maxItems) {
    this.maxItems = Math.max(1, Math.floor(maxItems));
    /** @type {(BufferedItem | undefined)[]} */
    this.items = [];
    this.head = 0;
    this.droppedTotal = 0;
    /** @type {Map<string, number>} drops not yet reported, per topic */
    this.drops = new Map();
    this.dropFrom = Infinity;
    this.dropUntil = -Infinity;
  }

  get size() {
    return this.items.length - this.head;
  }

  /**
   * @param {string} topic
   * @param {unknown} data
   * @param {number} [ts]
   */
  push(topic, data, ts = Date.now()) {
    const json = JSON.stringify(data);
    if (json === undefined) return;
    if (this.size >= this.maxItems) this.dropOldest();
    this.items.push({ topic, data, ts, bytes: json.length + topic.length + 32 });
  }

  dropOldest() {
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (!item) return;
    this.droppedTotal++;
    this.drops.set(item.topic, (this.drops.get(item.topic) ?? 0) + 1);
    this.dropFrom = Math.min(this.dropFrom, item.ts);
    this.dropUntil = Math.max(this.dropUntil, item.ts);
    // Compact now and then, so the array does not keep a long dead prefix.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Takes up to `maxItems` oldest items whose approximate JSON size stays under `maxBytes`
   * (always at least one).
   * @param {number} maxItems
   * @param {number} maxBytes
   * @returns {BufferedItem[]}
   */
  take(maxItems, maxBytes) {
    /** @type {BufferedItem[]} */
    const out = [];
    let bytes = 0;
    while (this.size > 0 && out.length < maxItems) {
      const item = /** @type {BufferedItem} */ (this.items[this.head]);
      if (out.length > 0 && bytes + item.bytes > maxBytes) break;
      this.items[this.head++] = undefined;
      out.push(item);
      bytes += item.bytes;
    }
    if (this.size === 0) {
      this.items = [];
      this.head = 0;
    }
    return out;
  }

  /**
   * The drops since the last call, or null when there were none.
   * @returns {DropSpan | null}
   */
  takeDrops() {
    if (this.drops.size === 0) return null;
    const counts = Object.fromEntries(this.drops);
    const span = { topics: [...this.drops.keys()].slice(0, 64), dropped: [...this.drops.values()].reduce((a, b) => a + b, 0), from: this.dropFrom, until: this.dropUntil, counts };
    this.drops.clear();
    this.dropFrom = Infinity;
    this.dropUntil = -Infinity;
    return span;
  }
}
