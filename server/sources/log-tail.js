// `--tail PATH`: follows a growing log file like `tail -F`, publishing each line on `logs`.
//
// Polls with stat (portable, works on network filesystems and inside containers):
// - appended bytes are read from the last position; a partial last line waits for its newline;
// - the file got smaller (truncated, copytruncate): start again from offset 0;
// - the inode changed (renamed away and recreated by logrotate): drain the old file to its end,
//   then open the new one from offset 0;
// - the file does not exist (yet): wait for it;
// - lines longer than maxLineChars are cut and marked `truncated: true`.
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseLogLine } from './log-parse.js';

/**
 * @typedef {object} LogTailOptions
 * @property {(topic: string, data: unknown) => unknown} publish
 * @property {string} [topic] default `logs`
 * @property {string} [source] default: the file's basename
 * @property {number} [pollMs] default 250
 * @property {number} [maxLineChars] default 16384
 * @property {number} [maxReadBytes] read at most this much per poll (default 1 MiB), the rest next poll
 * @property {number} [initialLines] lines from the end of an existing file to publish at start (default 10)
 */

/**
 * @param {string} path
 * @param {LogTailOptions} options
 */
export function createLogTail(path, options) {
  const {
    publish, topic = 'logs', source = basename(path), pollMs = 250, maxLineChars = 16_384,
    maxReadBytes = 1024 * 1024, initialLines = 10,
  } = options;
  /** @type {import('node:fs/promises').FileHandle | null} */
  let handle = null;
  let ino = -1;
  let dev = -1;
  let pos = 0;
  let partial = '';
  let discarding = false;
  let decoder = new StringDecoder('utf8');
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  let stopped = true;
  /** @type {Promise<void>} */
  let busy = Promise.resolve();
  const buffer = Buffer.allocUnsafe(64 * 1024);

  /** @param {string} line @param {boolean} [truncated] */
  function emit(line, truncated = false) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0) return;
    const payload = parseLogLine(line, source);
    if (truncated) payload.truncated = true;
    publish(topic, payload);
  }

  /** @param {string} text decoded bytes */
  function consume(text) {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      const piece = text.slice(start, nl);
      start = nl + 1;
      if (discarding) {
        discarding = false;
        partial = '';
        continue;
      }
      const line = partial + piece;
      partial = '';
      if (line.length > maxLineChars) emit(line.slice(0, maxLineChars), true);
      else emit(line);
    }
    if (discarding) return;
    partial += text.slice(start);
    if (partial.length > maxLineChars) {
      emit(partial.slice(0, maxLineChars), true);
      partial = '';
      discarding = true;
    }
  }

  function resetReader() {
    partial = '';
    discarding = false;
    decoder = new StringDecoder('utf8');
  }

  /** Reads from `pos` to the end of the open file (at most maxReadBytes). */
  async function readAvailable() {
    if (!handle) return;
    let budget = maxReadBytes;
    while (budget > 0) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, budget), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      budget -= bytesRead;
      consume(decoder.write(buffer.subarray(0, bytesRead)));
    }
  }

  /**
   * Opens `path`. At start-up an existing file is followed from its end (after publishing its last
   * `initialLines` lines); a file that appears later, or replaces a rotated one, from offset 0.
   * @param {boolean} fromEnd
   */
  async function openFile(fromEnd) {
    handle = await open(path, 'r');
    const hst = await handle.stat();
    ino = hst.ino;
    dev = hst.dev;
    resetReader();
    pos = 0;
    if (fromEnd) {
      pos = hst.size;
      if (initialLines > 0 && hst.size > 0) await publishLastLines(hst.size);
    }
  }

  /** @param {number} size */
  async function publishLastLines(size) {
    if (!handle) return;
    const want = Math.min(size, 64 * 1024);
    const chunk = Buffer.alloc(want);
    await handle.read(chunk, 0, want, size - want);
    let lines = chunk.toString('utf8').split('\n');
    if (want < size) lines = lines.slice(1); // first piece may be the middle of a line
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    else if (lines.length > 0) {
      // unterminated last line: keep it as the partial line so its end is joined on append
      partial = /** @type {string} */ (lines.pop());
    }
    for (const line of lines.slice(-initialLines)) emit(line.length > maxLineChars ? line.slice(0, maxLineChars) : line, line.length > maxLineChars);
  }

  async function closeFile() {
    const h = handle;
    handle = null;
    if (h) await h.close().catch(() => {});
  }

  /** @param {boolean} first */
  async function poll(first = false) {
    /** @type {import('node:fs').Stats | null} */
    let st = null;
    try {
      st = await stat(path);
    } catch {
      st = null;
    }
    if (handle && (st === null || st.ino !== ino || st.dev !== dev)) {
      // Rotated (or deleted): whatever was appended to the old file before the switch is still ours.
      await readAvailable();
      if (partial.length > 0 && !discarding) emit(partial);
      await closeFile();
      resetReader();
    }
    if (!handle && st && st.isFile()) await openFile(first);
    if (!handle) return;
    const hst = await handle.stat();
    if (hst.size < pos) {
      pos = 0; // truncated in place
      resetReader();
    }
    if (hst.size > pos) await readAvailable();
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      busy = busy.then(() => poll()).catch((err) => process.emitWarning(`pulseboard tail ${path}: ${err.message}`)).finally(schedule);
    }, pollMs);
    timer.unref();
  }

  return {
    source,
    start() {
      if (!stopped) return busy;
      stopped = false;
      busy = poll(true).catch((err) => process.emitWarning(`pulseboard tail ${path}: ${err.message}`)).finally(schedule);
      return busy;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await busy.catch(() => {});
      await closeFile();
    },
    /** One poll now (tests). */
    poll() {
      busy = busy.then(() => poll());
      return busy;
    },
  };
}
