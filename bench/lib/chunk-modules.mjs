// What a built, minified chunk is made of: its minified bytes attributed to the source module each
// piece maps to, read from the chunk's source map (dist/loader/*.js.map, written as 'hidden').
// Every mapping segment runs until the next one on its line. Also a gzip -9 figure per module (its
// pieces compressed alone: an upper bound, as the whole chunk compresses better than its parts).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** The base64 VLQ numbers of one mapping segment. */
function vlq(segment) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = B64[c];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** A readable module name: `src/...` for our code, the package path for a dependency. */
const moduleName = (source) => source.replace(/^.*node_modules\//, '').replace(/^.*?\/?(src\/)/, '$1');

/** `[{ module, minified, gzip }]`, largest first, for the chunk at `file` (with `file`.map next to it). */
export function chunkModules(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
  const parts = new Map();
  let source = 0;
  map.mappings.split(';').forEach((line, n) => {
    const text = lines[n] ?? '';
    let column = 0;
    const segments = line ? line.split(',').map(vlq) : [];
    const first = segments.length ? segments[0][0] : text.length;
    if (first > 0) parts.set('(unmapped: mostly CSS text, rewritten by scripts/css-minify.mjs)', (parts.get('(unmapped: mostly CSS text, rewritten by scripts/css-minify.mjs)') ?? '') + text.slice(0, first));
    segments.forEach((seg, i) => {
      column += seg[0];
      if (seg.length >= 4) source += seg[1];
      const end = i + 1 < segments.length ? column + segments[i + 1][0] : text.length;
      const name = seg.length >= 4 ? moduleName(map.sources[source]) : '(unmapped: mostly CSS text, rewritten by scripts/css-minify.mjs)';
      parts.set(name, (parts.get(name) ?? '') + text.slice(column, end));
    });
  });
  return [...parts]
    .map(([module, code]) => ({ module, minified: code.length, gzip: gzipSync(code, { level: 9 }).length }))
    .sort((a, b) => b.minified - a.minified);
}
