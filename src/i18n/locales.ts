import { en, type Message, type MessageKey, type MessageParams, type PulseMessages } from './messages.js';

/** A locale as a page defines or overrides it: any subset of the keys; missing ones fall back. */
export type PulseLocaleMessages = Partial<Record<MessageKey, Message>>;

interface Registry {
  readonly tables: Map<string, PulseLocaleMessages>;
  readonly listeners: Set<() => void>;
  version: number;
}

// One registry per page, shared by every copy of the bundle (an app and a widget both shipping
// Pulseboard see the same locales a page defined).
const KEY = Symbol.for('pulseboard.locales');
const store = globalThis as Record<symbol, Registry | undefined>;
const registry: Registry =
  store[KEY] ??
  (store[KEY] = {
    tables: new Map<string, PulseLocaleMessages>([['en', {}]]),
    listeners: new Set(),
    version: 0,
  });

/**
 * English as this copy knows it: the core table, plus each element's strings as its module loads
 * (`addEnglish`), so a page showing only a gauge never downloads the log's or the alerts' words.
 */
const english: PulseLocaleMessages = { ...en };

/** Adds an element's English strings to the fallback (called by `en/<element>.ts`). */
export function addEnglish(table: PulseLocaleMessages): void {
  Object.assign(english, table);
}

/**
 * The other shipped locales, loaded on first use: a page in English pays for no German or
 * Japanese table (about 2.5 KB gzip each). The single-file bundle inlines them.
 */
const SHIPPED: Record<string, () => Promise<PulseMessages>> = {
  de: () => import('./de.js').then((m) => m.de),
  ja: () => import('./ja.js').then((m) => m.ja),
};
const loading = new Map<string, Promise<void>>();

/**
 * Resolves once the shipped table for `lang` (its language: `de-AT` loads `de`) is loaded; at once
 * for English, a page-defined locale, or a language Pulseboard does not ship. Elements ask for it
 * themselves and redraw when it arrives; await it to render a first frame already in that language.
 */
export function pulseLocaleReady(lang: string): Promise<void> {
  const primary = canonicalTag(lang).toLowerCase().split('-')[0]!;
  const load = SHIPPED[primary];
  if (!load) return Promise.resolve();
  let done = loading.get(primary);
  if (!done) {
    done = load().then(
      (table) => {
        // A page's own overrides of this language (defined before it loaded) stay on top.
        registry.tables.set(primary, { ...table, ...registry.tables.get(primary) });
        changed();
      },
      (error: unknown) => console.error(`pulseboard: the "${primary}" locale could not be loaded`, error),
    );
    loading.set(primary, done);
  }
  return done;
}

function changed(): void {
  chains.clear();
  registry.version++;
  for (const listener of registry.listeners) {
    try {
      listener();
    } catch (error) {
      console.error('pulseboard: a locale listener threw', error);
    }
  }
}

/**
 * Adds a locale, or overrides some strings of one (`'de'`, `'de-AT'`, `'fr'`). Messages merge over
 * what the tag already has; a key no table up the chain has falls back to English. Every element
 * on the page redraws in its language. `de-AT` looks up `de-at`, then `de`, then `en`.
 */
export function definePulseLocale(tag: string, messages: PulseLocaleMessages): void {
  const key = canonicalTag(tag).toLowerCase();
  registry.tables.set(key, { ...registry.tables.get(key), ...messages });
  changed();
}

/** Calls `listener` whenever a page defines or overrides a locale; returns the unsubscribe. */
export function onLocalesChanged(listener: () => void): () => void {
  registry.listeners.add(listener);
  return () => registry.listeners.delete(listener);
}

/** A BCP 47 tag Intl accepts (`de-at` becomes `de-AT`), or `en` for one it rejects. */
export function canonicalTag(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? 'en';
  } catch {
    return 'en';
  }
}

const chains = new Map<string, PulseLocaleMessages[]>();

/** The tables to look a key up in for `lang`, most specific first, English last. */
function chainFor(lang: string): PulseLocaleMessages[] {
  let chain = chains.get(lang);
  if (!chain) {
    chain = [];
    const parts = lang.toLowerCase().split('-');
    // A shipped language not loaded yet: English now, its own words once it arrives.
    if (SHIPPED[parts[0]!] && !loading.has(parts[0]!)) void pulseLocaleReady(lang);
    for (let n = parts.length; n > 0; n--) {
      const table = registry.tables.get(parts.slice(0, n).join('-'));
      if (table) chain.push(table);
    }
    chain.push(registry.tables.get('en') ?? english, english);
    if (chains.size > 64) chains.clear();
    chains.set(lang, chain);
  }
  return chain;
}

const pluralRules = new Map<string, Intl.PluralRules>();
const countFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(cache: Map<string, T>, lang: string, make: () => T): T {
  let value = cache.get(lang);
  if (value === undefined) {
    value = make();
    if (cache.size > 32) cache.clear();
    cache.set(lang, value);
  }
  return value;
}

/**
 * The message `key` in `lang` with `params` filled in: `{name}` placeholders replaced, numbers
 * formatted for the language (`20.000` in German), the plural form picked by `count`.
 */
export function translate(lang: string, key: MessageKey, params?: MessageParams): string {
  let message: Message | undefined;
  for (const table of chainFor(lang)) {
    message = table[key];
    if (message !== undefined) break;
  }
  if (message === undefined) return key;
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(params?.['count'] ?? 0);
    const form = cached(pluralRules, lang, () => new Intl.PluralRules(lang)).select(count);
    text = message[form] ?? message.other;
  }
  if (!params || !text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? cached(countFormats, lang, () => new Intl.NumberFormat(lang)).format(value) : value;
  });
}
