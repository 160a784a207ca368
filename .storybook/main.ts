// Storybook 10 on Vite 8. Vite transforms TypeScript with Oxc, which lowers our legacy
// decorators only because tsconfig.json sets `experimentalDecorators: true`; the storybook test
// (test/node/storybook.test.js) opens every story in Chromium so a runtime SyntaxError cannot
// hide behind a green build.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  docs: { defaultName: 'Docs' },
  async viteFinal(viteConfig) {
    return { ...viteConfig, logLevel: 'warn', build: { ...viteConfig.build, chunkSizeWarningLimit: 4096 } };
  },
};
export default config;
