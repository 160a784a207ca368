import { VERSION } from '../version.js';

/**
 * Static key on every Pulseboard element class, holding the version of the copy it came from. A
 * registered symbol, so two copies of the library on one page recognise each other's classes.
 */
export const PULSEBOARD_VERSION: unique symbol = Symbol.for('pulseboard.version');

/** Tags this copy already warned about: one warning per tag. */
const warned = new Set<string>();

/** The version a class says it is (Shoelace-style `static version`, or ours), else "unknown". */
function versionOf(constructor: CustomElementConstructor): string {
  const c = constructor as CustomElementConstructor & { [PULSEBOARD_VERSION]?: unknown; version?: unknown };
  const v = c[PULSEBOARD_VERSION] ?? c.version;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : 'unknown';
}

/**
 * Registers a custom element unless the tag is taken. Taken by Pulseboard (two copies of the
 * bundle on one page, an app and a widget both shipping it): silent, the first copy serves the tag.
 * Taken by another library's class: one console warning naming both versions, since our element
 * will not appear there; register the class from `<name>.component.js` under another tag instead.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) {
    try {
      customElements.define(tag, constructor);
    } catch {
      // The host registered this very class under its own tag first (`acme-gauge`): a registry
      // takes a constructor once, so our tag gets a subclass that behaves the same.
      customElements.define(tag, class extends constructor {});
    }
    return;
  }
  if (existing === constructor || PULSEBOARD_VERSION in existing || warned.has(tag)) return;
  warned.add(tag);
  console.warn(
    `Pulseboard ${VERSION}: <${tag}> is already defined by another library (version ${versionOf(existing)}), so Pulseboard's <${tag}> is not registered. ` +
      `To use both, register the class that pulseboard/${tag}.component.js exports under a tag of your own (customElements.define('my-${tag}', ...)).`,
  );
}
