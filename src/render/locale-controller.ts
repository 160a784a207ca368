import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLangChange, resolveLang } from '../i18n/lang.js';
import { canonicalTag, onLocalesChanged, pulseLocaleReady, translate } from '../i18n/locales.js';
import type { MessageKey, MessageParams } from '../i18n/messages.js';

let localesVersion = 0;
onLocalesChanged(() => localesVersion++);

/**
 * Gives an element its language: `lang` on the element, else the nearest ancestor's (across
 * shadow roots), else the document's. Follows changes of any `lang` on the page and of the page's
 * own locale tables (`definePulseLocale`), and asks the host to redraw when either changes.
 */
export class LocaleController implements ReactiveController {
  /** The BCP 47 tag strings, numbers and dates use (`en`, `de-AT`, `ja`). */
  lang = 'en';
  private stopLang: (() => void) | undefined;
  private stopLocales: (() => void) | undefined;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  /**
   * Changes whenever what a cached template would say changes (the language, or a locale the
   * page redefined): put it in `guard()` dependencies next to the data.
   */
  get key(): string {
    return `${this.lang}|${localesVersion}`;
  }

  hostConnected(): void {
    this.refresh();
    this.stopLang = onLangChange(() => this.refresh());
    this.stopLocales = onLocalesChanged(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.stopLang?.();
    this.stopLocales?.();
    this.stopLang = this.stopLocales = undefined;
  }

  /** Looks the language up again (it is also done on connect and on any `lang` change). */
  refresh(): void {
    const lang = canonicalTag(resolveLang(this.host));
    if (lang === this.lang) return;
    this.lang = lang;
    // A shipped table loads on first use; its arrival redraws every element (onLocalesChanged).
    void pulseLocaleReady(lang);
    this.host.requestUpdate();
  }

  /** The message `key` in this element's language. */
  t(key: MessageKey, params?: MessageParams): string {
    return translate(this.lang, key, params);
  }
}
