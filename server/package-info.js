// Where the package lives on disk and what it is called, independent of the working directory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the package root (the folder holding package.json, demo/ and dist/). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** @returns {string} */
function readVersion() {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Version from package.json, announced in `pulse.hello` and `/health`. */
export const VERSION = readVersion();
