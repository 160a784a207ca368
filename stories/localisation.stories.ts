import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { definePulseLocale } from '../src/i18n/locales.js';
import { simulated, usage } from './support.js';

const meta: Meta = {
  title: 'Overview/Localisation',
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component: usage(
          'Built-in strings follow `lang` (the element\'s, else the nearest ancestor\'s, else the document\'s); English, German and Japanese are built in, a page adds or overrides others with `definePulseLocale()`. Numbers and dates follow the same language. Under `dir="rtl"` layouts mirror; a chart\'s time axis still runs left to right. See docs/localisation.md.',
          `
<div lang="de">
  <pulse-source src="/events">
    <metric-gauge topic="cpu" field="value" label="CPU" unit="percent"></metric-gauge>
    <log-firehose topic="logs"></log-firehose>
  </pulse-source>
</div>

<script type="module">
  import { definePulseLocale } from 'pulseboard';
  definePulseLocale('fr', { 'status.live': 'En direct', 'log.pause': 'Pause' });
</script>`,
        ),
      },
    },
  },
};
export default meta;
type Story = StoryObj;

const board = (attrs: { lang?: string; dir?: string }, name: string): TemplateResult =>
  simulated(
    html`<div
      lang=${attrs.lang ?? 'en'}
      dir=${attrs.dir ?? 'ltr'}
      style="display:grid; gap:12px; padding:12px; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr))"
    >
      <div style="display:grid; grid-template-columns: repeat(2, 1fr); gap: 8px">
        <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" decimals="1" warn="75" crit="90"></metric-gauge>
        <metric-gauge topic="mem" field="value" label="RAM" unit="percent" warn="80" crit="95" variant="bar"></metric-gauge>
      </div>
      <alert-list topic="alerts"></alert-list>
      <time-series topic="cpu" label="CPU" unit="percent" window="2m" min="0" max="100"></time-series>
      <log-firehose topic="logs" style="--pulse-log-height: 18rem"></log-firehose>
      <agent-status topic="agents"></agent-status>
    </div>`,
    { topics: ['cpu', 'mem', 'logs', 'alerts', 'agents'] },
    name,
  );

export const German: Story = { name: 'German (lang="de")', render: () => board({ lang: 'de' }, 'lang-de') };

export const Japanese: Story = { name: 'Japanese (lang="ja")', render: () => board({ lang: 'ja' }, 'lang-ja') };

export const RightToLeft: Story = { name: 'Right to left (dir="rtl")', render: () => board({ dir: 'rtl' }, 'dir-rtl') };

/** A locale the page defines: French words for a few keys, English for the rest. */
export const PageDefinedLocale: Story = {
  name: 'A locale the page defines (French, partly)',
  render: () => {
    definePulseLocale('fr', {
      'status.live': 'En direct',
      'status.waiting': 'En attente de données',
      'log.pause': 'Pause',
      'log.resume': 'Reprendre',
      'log.wrap': 'Retour à la ligne',
      'log.time': 'Heure',
      'log.copyVisible': 'Copier le visible',
      'log.lines': { one: '{count} ligne', other: '{count} lignes' },
    });
    return board({ lang: 'fr' }, 'lang-fr');
  },
};
