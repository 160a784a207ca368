/**
 * A browser run with `LANG=C` (WebKitGTK, as on many kiosk wall screens and in containers)
 * reports `navigator.language` as "C", which is no BCP 47 tag: `new Intl.NumberFormat("C")`
 * throws a RangeError. uPlot does exactly that while its module loads, so one such page would
 * lose every chart (and with the single-file bundle, every element). Where the tag is unusable,
 * this shadows `navigator.language` (and the unusable entries of `navigator.languages`) on the
 * navigator object with the locale Intl falls back to anyway, and says so once in the console.
 *
 * Import it before `uplot`: module code runs in import order. Returns whether it changed anything.
 */
export function repairNavigatorLanguage(nav: Navigator | undefined = globalThis.navigator): boolean {
  if (!nav || usable(nav.language)) return false;
  const reported = nav.language;
  const fallback = new Intl.NumberFormat().resolvedOptions().locale;
  const languages = (nav.languages ?? []).filter(usable);
  if (!languages.includes(fallback)) languages.unshift(fallback);
  Object.defineProperty(nav, 'language', { configurable: true, enumerable: true, get: () => fallback });
  Object.defineProperty(nav, 'languages', { configurable: true, enumerable: true, get: () => Object.freeze([...languages]) });
  console.warn(`pulseboard: navigator.language ${JSON.stringify(reported)} is not a BCP 47 language tag (LANG=C?); formatting as "${fallback}".`);
  return true;
}

function usable(tag: unknown): boolean {
  if (tag === undefined) return true; // no language at all: Intl uses its default
  if (typeof tag !== 'string') return false;
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

repairNavigatorLanguage();
