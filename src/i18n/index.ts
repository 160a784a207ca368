/**
 * Locales without elements (`pulseboard/locales`): add or override a language for every
 * Pulseboard element on the page, or wait for a shipped one. See docs/localisation.md.
 */
export { definePulseLocale, pulseLocaleReady, type PulseLocaleMessages } from './locales.js';
export { en } from './english.js';
export type { Message, MessageKey, PluralMessage, PulseMessages } from './messages.js';
