/**
 * Which language an element speaks: its own `lang`, else the nearest ancestor's (walking out of
 * shadow roots to their hosts, so an element inside another component's shadow DOM follows the
 * page), else the document's, else the browser's. An empty `lang=""` says "unknown" and is skipped.
 */
export function resolveLang(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      const lang = (node as Element).getAttribute('lang');
      if (lang) return lang;
    }
    node = node.parentNode ?? null;
    if (node && node.nodeType === Node.DOCUMENT_FRAGMENT_NODE && (node as ShadowRoot).host) {
      noteRoot(node as ShadowRoot);
      node = (node as ShadowRoot).host;
    }
  }
  return globalThis.navigator?.language || 'en';
}

type Listener = () => void;

const listeners = new Set<Listener>();
const shadowRootsSeen = new Set<ShadowRoot>();
const observedRoots = new WeakSet<Node>();
let observer: MutationObserver | undefined;

const OPTIONS: MutationObserverInit = { attributes: true, attributeFilter: ['lang'], subtree: true };

/** A shadow root an element sits in: watched for `lang` changes once the observer runs. */
function noteRoot(root: ShadowRoot): void {
  if (observer) observe(root);
  else shadowRootsSeen.add(root);
}

function observe(root: Node): void {
  if (observedRoots.has(root)) return;
  observedRoots.add(root);
  observer!.observe(root, OPTIONS);
}

/**
 * Calls `listener` when any `lang` attribute on the page changes (the document, and the shadow
 * roots elements were found inside), so elements switch language without being told. One
 * observer for the page, whatever the number of elements. Returns the unsubscribe.
 */
export function onLangChange(listener: Listener): () => void {
  if (typeof MutationObserver === 'undefined' || typeof document === 'undefined') return () => {};
  observer ??= new MutationObserver(() => {
    for (const l of [...listeners]) {
      try {
        l();
      } catch (error) {
        console.error('pulseboard: a language listener threw', error);
      }
    }
  });
  observe(document.documentElement);
  for (const root of shadowRootsSeen) observe(root);
  shadowRootsSeen.clear();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
