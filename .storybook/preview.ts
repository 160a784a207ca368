import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import './preview.css';
// Registers every element, exactly as an app importing the package does.
import '../src/pulseboard.js';

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
