import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import './preview.css';
import { AgentStatus, AlertList, LogFirehose, MetricGauge, PulseSource, TimeSeries } from '../src/pulseboard.js';

// package.json's "sideEffects" lists only dist/ files, so a bare `import '../src/pulseboard.js'`
// is tree-shaken away by Vite's production build. Using the classes keeps them; `define` is
// guarded as in the library.
const ELEMENTS = { 'pulse-source': PulseSource, 'metric-gauge': MetricGauge, 'time-series': TimeSeries, 'log-firehose': LogFirehose, 'alert-list': AlertList, 'agent-status': AgentStatus };
for (const [tag, element] of Object.entries(ELEMENTS)) if (!customElements.get(tag)) customElements.define(tag, element);

// Controls, the args table and the docs pages' API sections come from the manifest, which is
// generated from the elements' JSDoc. Two adjustments for Storybook's reading of it:
// - its args are keyed by name, so a CSS part named like an attribute (`label`, `value`, `unit`)
//   would replace the attribute's control: parts are shown as `::part(name)` instead;
// - `number | undefined` would get a JSON control: optional types are shown without `undefined`.
type Json = Record<string, unknown>;
const optional = (entry: Json) => {
  const type = entry['type'] as { text?: string } | undefined;
  return type?.text ? { ...entry, type: { ...type, text: type.text.replace(/\s*\|\s*undefined\b/g, '') } } : entry;
};
const storybookManifest = {
  ...manifest,
  modules: manifest.modules.map((mod) => ({
    ...mod,
    declarations: (mod.declarations as Json[] | undefined)?.map((decl) => ({
      ...decl,
      attributes: (decl['attributes'] as Json[] | undefined)?.map(optional),
      members: (decl['members'] as Json[] | undefined)?.map(optional),
      cssParts: (decl['cssParts'] as Json[] | undefined)?.map((part) => ({ ...part, name: `::part(${String(part['name'])})` })),
    })),
  })),
};
setCustomElementsManifest(storybookManifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true, matchers: { color: /(background|color)$/i } },
    docs: { source: { type: 'dynamic', language: 'html' } },
    layout: 'padded',
  },
  globalTypes: {
    theme: {
      description: 'Colour scheme of the canvas',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['auto', 'light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'auto' },
  decorators: [
    (story, context) => {
      const theme = context.globals['theme'] as string;
      const root = document.documentElement;
      if (theme === 'light' || theme === 'dark') root.dataset['theme'] = theme;
      else delete root.dataset['theme'];
      return story();
    },
  ],
};
export default preview;
