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
// generated from the elements' JSDoc.
setCustomElementsManifest(manifest);

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
