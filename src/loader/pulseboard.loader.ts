/**
 * The lazy loader (`dist/pulseboard.loader.js`): one `<script type="module">` that defines every
 * Pulseboard tag the first time it appears, by importing that element's chunk from next to the
 * loader itself (`new URL('./loader/<tag>.js', import.meta.url)`), so the same file works from any
 * folder or CDN with no configuration. The chunks share one core (Lit, the hub, the scheduler,
 * i18n); uPlot arrives only with `<time-series>`.
 *
 * It watches the document (now and later insertions). Shadow roots of the host's own components
 * are invisible to a document observer: pass them to {@link discover}. This module imports nothing
 * (it is the one file every page pays for) and knows the tags only by name.
 */

/** Every tag the loader defines, each built as `loader/<tag>.js` next to this file. */
export const TAGS = ['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'] as const;
export type PulseTag = (typeof TAGS)[number];

/** Detail of `pulse-loader-complete`, fired on `document` whenever every tag in view is defined (or failed). */
export interface PulseLoaderCompleteDetail {
  readonly defined: readonly PulseTag[];
  readonly failed: readonly PulseTag[];
}

declare global {
  /** `document.addEventListener('pulse-loader-complete', (e) => e.detail.defined)` is typed. */
  interface DocumentEventMap {
    'pulse-loader-complete': CustomEvent<PulseLoaderCompleteDetail>;
  }
}

interface Loader {
  discover(root: Document | ShadowRoot | Element): Promise<void>;
  allDefined(): Promise<void>;
}

const SELECTOR = TAGS.map((tag) => `${tag}:not(:defined)`).join(',');

/**
 * Until its chunk arrives an element keeps the box it will have (the same defaults as the
 * elements' own `--pulse-*` properties; for gauges and lists, their measured empty-state size
 * at the default font) and shows nothing: no half-styled light DOM, no empty
 * frame that reads as "no data". `:where()` keeps it at zero specificity, so any size the page
 * gives wins. A constructed sheet, so no `style-src` allowance is needed.
 */
const RESERVE_CSS = `
:where(${TAGS.slice(1).map((tag) => `${tag}:not(:defined)`).join(',')}){display:block;visibility:hidden}
:where(pulse-source:not(:defined)){display:contents}
:where(metric-gauge:not(:defined)){display:inline-block;vertical-align:top;width:var(--pulse-gauge-size,10rem);aspect-ratio:160/147}
:where(metric-gauge[variant=bar]:not(:defined)){display:block;width:auto;aspect-ratio:auto;height:3.7rem}
:where(time-series:not(:defined)){height:var(--pulse-series-height,var(--pulse-chart-height,16rem))}
:where(log-firehose:not(:defined)){height:var(--pulse-log-height,24rem)}
:where(alert-list:not(:defined)){min-height:9.4rem}
:where(agent-status:not(:defined)){min-height:7.4rem}`;

function createLoader(base: string): Loader {
  const loading = new Map<PulseTag, Promise<void>>();
  const failed = new Set<PulseTag>();
  /** Failed attempts per tag: the module map remembers a failed URL, so a retry needs a new one. */
  const attempts = new Map<PulseTag, number>();
  const roots: WeakRef<Document | ShadowRoot>[] = [];
  const watched = new WeakSet<Node>();
  let sheet: CSSStyleSheet | undefined;
  let generation = 0;

  const load = (tag: PulseTag): Promise<void> => {
    if (customElements.get(tag)) return Promise.resolve();
    let pending = loading.get(tag);
    if (!pending) {
      const retry = attempts.get(tag) ?? 0;
      pending = import(/* @vite-ignore */ new URL(`./loader/${tag}.js${retry ? `?retry=${retry}` : ''}`, base).href)
        .then(() => customElements.whenDefined(tag))
        .then(
          () => undefined,
          (error: unknown) => {
            // Forget it, so a later insertion (after a network blip) tries again. (Only the
            // element's own chunk: a failed shared core stays failed until the page reloads.)
            loading.delete(tag);
            attempts.set(tag, retry + 1);
            failed.add(tag);
            console.error(`pulseboard loader: could not load <${tag}>`, error);
          },
        );
      loading.set(tag, pending);
    }
    return pending;
  };

  /**
   * `<pulse-source>` first: an element upgraded before its source is defined asks for the hub (a
   * context request) when nobody can answer yet, and would never be fed.
   */
  const loadAll = (tags: Set<PulseTag>): Promise<void> => {
    const sources = tags.has('pulse-source') || document.querySelector('pulse-source:not(:defined)') ? load('pulse-source') : Promise.resolve();
    return sources.then(() => Promise.all([...tags].map(load))).then(() => undefined);
  };

  /** Undefined Pulseboard tags in a subtree, the root element included. */
  const tagsIn = (node: ParentNode | Element): Set<PulseTag> => {
    const found = new Set<PulseTag>();
    if (node instanceof Element && node.matches(SELECTOR)) found.add(node.localName as PulseTag);
    for (const el of node.querySelectorAll(SELECTOR)) found.add(el.localName as PulseTag);
    return found;
  };

  /** Loads what a subtree needs; fires `pulse-loader-complete` once nothing is pending anymore. */
  const settle = (tags: Set<PulseTag>): Promise<void> => {
    const mine = ++generation;
    return loadAll(tags).then(async () => {
      // A batch that started later reports for both.
      await Promise.all(loading.values());
      if (mine !== generation) return;
      const defined = TAGS.filter((tag) => customElements.get(tag));
      const detail: PulseLoaderCompleteDetail = { defined, failed: TAGS.filter((tag) => failed.has(tag) && !customElements.get(tag)) };
      document.dispatchEvent(new CustomEvent('pulse-loader-complete', { detail }));
    });
  };

  const reserve = (root: Document | ShadowRoot) => {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(RESERVE_CSS);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  };

  const observer = new MutationObserver((records) => {
    const tags = new Set<PulseTag>();
    for (const record of records) {
      for (const node of record.addedNodes) if (node instanceof Element) for (const tag of tagsIn(node)) tags.add(tag);
    }
    if (tags.size) void settle(tags);
  });

  const discover = (target: Document | ShadowRoot | Element): Promise<void> => {
    const root = target instanceof Element ? (target.shadowRoot ?? target) : target;
    if ((root instanceof Document || root instanceof ShadowRoot) && !watched.has(root)) {
      watched.add(root);
      roots.push(new WeakRef(root));
      reserve(root);
      observer.observe(root, { childList: true, subtree: true });
    }
    return settle(tagsIn(root));
  };

  const allDefined = (): Promise<void> => {
    const tags = new Set<PulseTag>();
    for (const ref of roots) {
      const root = ref.deref();
      if (root) for (const tag of tagsIn(root)) tags.add(tag);
    }
    return loadAll(tags);
  };

  return { discover, allDefined };
}

// A second copy of the loader (another URL, another app on the page) reuses the first one's
// observers instead of watching everything twice; the elements' registration is guarded as well.
const KEY = Symbol.for('pulseboard.loader');
const global = globalThis as typeof globalThis & { [KEY]?: Loader };
const loader = (global[KEY] ??= createLoader(import.meta.url));

/**
 * Defines the Pulseboard tags under `root` and keeps watching it for later insertions. The
 * document is watched from the start; call this for each shadow root of your own components
 * that holds Pulseboard elements (or pass the host element: its open shadow root is used).
 * Resolves when those tags are defined.
 */
export const discover = (root: Document | ShadowRoot | Element): Promise<void> => loader.discover(root);

/** Resolves when every Pulseboard tag now in a watched root is defined (a failed chunk resolves too, logged). */
export const allDefined = (): Promise<void> => loader.allDefined();

void discover(document);
