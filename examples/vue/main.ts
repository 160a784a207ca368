import { createApp } from 'vue';
import { App } from './App.js';

const PULSEBOARD_TAGS = ['pulse-source', 'metric-gauge', 'time-series', 'log-firehose', 'alert-list', 'agent-status'];
const params = new URLSearchParams(location.search);
const app = createApp(App, params.get('src') ? { src: params.get('src') } : {});
// With a build step (Vite + .vue files) this goes into the vue() plugin's
// template.compilerOptions instead; see docs/frameworks.md.
app.config.compilerOptions.isCustomElement = (tag) => PULSEBOARD_TAGS.includes(tag);
app.mount('#app');
