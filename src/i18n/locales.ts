import { de } from './de.js';
import { ja } from './ja.js';
import { en, type Message, type MessageKey, type MessageParams } from './messages.js';

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
    tables: new Map<string, PulseLocaleMessages>([
      ['en', en],
      ['de', de],
      ['ja', ja],
    ]),
    listeners: new Set(),
    version: 0,
  });

/**
 * Adds a locale, or overrides some strings of one (`'de'`, `'de-AT'`, `'fr'`). Messages merge over
 * what the tag already has; a key no table up the chain has falls back to English. Every element
 * on the page redraws in its language. `de-AT` looks up `de-at`, then `de`, then `en`.
 */
export function definePulseLocale(tag: string, messages: PulseLocaleMessages): void {
  const key = canonicalTag(tag).toLowerCase();
  registry.tables.set(key, { ...registry.tables.get(key), ...messages });
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
    for (let n = parts.length; n > 0; n--) {
      const table = registry.tables.get(parts.slice(0, n).join('-'));
      if (table) chain.push(table);
    }
    chain.push(registry.tables.get('en') ?? en, en);
    if (chains.size > 64) chains.clear();
    chains.set(lang, chain);
  }
  return chain;
}

/** Whether a table other than the English fallback answers for `lang`. */
export function hasLocale(lang: string): boolean {
  const primary = lang.toLowerCase().split('-')[0]!;
  return primary === 'en' || registry.tables.has(primary) || registry.tables.has(lang.toLowerCase());
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
