/**
 * Story helpers: wrap elements in a `<pulse-source src="local:...">` fed by the simulated
 * stream, started when the source mounts and stopped when the story unmounts.
 */
import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { PulseSource } from '../src/elements/pulse-source/pulse-source.js';
import { localSrc, simulate, type SimOptions } from './simulated-stream.js';

/** `<pulse-source>` with a live simulation inside; `sim: false` gives an idle local source. */
export function simulated(content: TemplateResult, sim: SimOptions | false = {}, name = 'story'): TemplateResult {
  let stop: (() => void) | undefined;
  let current: Element | undefined;
  const attach = (el: Element | undefined) => {
    if (el === current) return;
    stop?.();
    stop = undefined;
    current = el;
    // The source connects in its connectedCallback; publish once it has its hub.
    if (el && sim) queueMicrotask(() => (stop = simulate(el as PulseSource, sim)));
  };
  return html`<pulse-source src=${localSrc(name)} ${ref(attach)}>${content}</pulse-source>`;
}

/** A URL that answers 404: the source gives up (4xx is final) and elements say "Disconnected". */
export const MISSING_STREAM = '/does-not-exist';

/** Markdown for a docs page: a description and a fenced usage snippet. */
export function usage(description: string, snippet: string): string {
  return `${description}\n\n\`\`\`html\n${snippet.trim()}\n\`\`\``;
}
