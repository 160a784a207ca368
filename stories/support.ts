/**
 * Story helpers: wrap elements in a `<pulse-source src="local:...">` fed by the simulated
 * stream, started when the source mounts and stopped when the story unmounts.
 */
import { html, nothing, type ElementPart, type TemplateResult } from 'lit';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';
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

/**
 * Applies Storybook args to the element it sits on, so every control generated from
 * custom-elements.json works. Lower-case names (`warn`, `stale-after`) are attributes, so the
 * docs' "Show code" shows them; camelCase names (property controls such as `staleAfter`) and
 * objects are set as properties. Booleans toggle; unset or empty args are removed.
 */
class SpreadArgs extends Directive {
  private applied = new Set<string>();
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('spread() goes on an element');
  }
  render(_args: object) {
    return nothing;
  }
  override update(part: ElementPart, [input]: [object]) {
    const args = input as Record<string, unknown>;
    const el = part.element as HTMLElement & Record<string, unknown>;
    for (const name of this.applied) if (args[name] === undefined || args[name] === null) this.clear(el, name);
    this.applied = new Set();
    for (const [name, value] of Object.entries(args)) {
      if (value === undefined || value === null) continue;
      this.applied.add(name);
      if (name !== name.toLowerCase() || typeof value === 'object') {
        try {
          el[name] = value;
        } catch {
          /* a read-only property (status, level...) listed by the manifest: nothing to set */
        }
      } else if (typeof value === 'boolean') el.toggleAttribute(name, value);
      else if (value === '') el.removeAttribute(name);
      else el.setAttribute(name, String(value));
    }
    return nothing;
  }
  private clear(el: HTMLElement & Record<string, unknown>, name: string) {
    if (name === name.toLowerCase()) el.removeAttribute(name);
    else
      try {
        el[name] = undefined;
      } catch {
        /* read-only */
      }
  }
}
/** `<metric-gauge ${spread(args)}>`: every arg applied (see SpreadArgs). */
export const spread = directive(SpreadArgs);
