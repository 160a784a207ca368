/**
 * Which colour scheme an element draws in, in order of precedence:
 *  1. its `theme` attribute (`light` / `dark`);
 *  2. `--pulse-color-scheme` on an ancestor;
 *  3. the page's own `color-scheme` (the inherited CSS property, or `<meta name="color-scheme">`);
 *  4. when the page declares none, the user's `prefers-color-scheme`.
 *
 * CSS does all of it (theme.styles.ts) but one step: it cannot tell "the page says light" from
 * "the page says nothing", since `light-dark()` resolves both to light. So each element reads the
 * `color-scheme` it inherits, once when connected (every element connected in one task is read
 * in one pass: one style recalculation, not one per element), and again when its scheme probe
 * changes colour. The probe is an invisible span that follows the page's scheme with a 1 ms colour
 * transition, so a change anywhere up the tree arrives as a `transitionrun` event: no polling, no
 * observer per attribute, nothing per frame. Only then is custom state `page-scheme-none` set or
 * cleared. A wall of 200 gauges costs 200 tiny spans and, on a theme switch, one batched read.
 */

/** What the page-scheme check needs from an element. */
export interface SchemeClient extends HTMLElement {
  readonly isConnected: boolean;
}

const STATE = 'page-scheme-none';
const pending = new Set<SchemeClient>();
const statesOf = new WeakMap<SchemeClient, CustomStateSet>();
let scheduled = false;

/** The class name of the probe; theme.styles.ts styles it and keeps it out of the scheme rules. */
export const SCHEME_PROBE_CLASS = 'scheme-probe';

/**
 * Adds the scheme probe to `root` and checks `host`'s page scheme now and whenever the probe's
 * colour changes. `states` is the host's `ElementInternals.states` (absent in old browsers: then
 * the element simply follows the page, its step 3).
 */
export function attachSchemeProbe(host: SchemeClient, root: ShadowRoot | HTMLElement, states: CustomStateSet | undefined): void {
  if (states) statesOf.set(host, states);
  const probe = document.createElement('span');
  probe.className = SCHEME_PROBE_CLASS;
  probe.setAttribute('aria-hidden', 'true');
  probe.addEventListener('transitionrun', () => checkPageScheme(host));
  root.appendChild(probe);
}

/** Queues `host` for the next batched read of page schemes (a microtask: before the next paint). */
export function checkPageScheme(host: SchemeClient): void {
  if (!statesOf.has(host)) return;
  pending.add(host);
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(flush);
}

/** True when nothing up the tree (nor a `<meta name="color-scheme">`) declares a colour scheme. */
function declaresNone(host: SchemeClient): boolean {
  // The host never sets `color-scheme` on itself unless `theme` or `--pulse-color-scheme` says
  // so (and then this state does not matter), so its computed value is the page's.
  const scheme = getComputedStyle(host).colorScheme;
  if (scheme && scheme !== 'normal') return false;
  const meta = document.querySelector('meta[name="color-scheme"]')?.getAttribute('content') ?? '';
  return !/\b(light|dark)\b/.test(meta);
}

function flush(): void {
  scheduled = false;
  const hosts = [...pending];
  pending.clear();
  // Every read first, then every write: one style recalculation for the whole batch.
  const none = hosts.map((host) => host.isConnected && declaresNone(host));
  hosts.forEach((host, i) => {
    const states = statesOf.get(host)!;
    try {
      if (none[i]) states.add(STATE);
      else states.delete(STATE);
    } catch {
      /* a browser that only takes --dashed state names: the element follows the page */
    }
  });
}
