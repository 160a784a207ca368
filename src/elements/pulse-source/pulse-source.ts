// Registers <pulse-source>. The class alone, to register under another tag, is in
// ./pulse-source.component.js (pulseboard/pulse-source.component.js).
import { defineElement } from '../../render/define.js';
import { PulseSource } from './pulse-source.component.js';

export * from './pulse-source.component.js';

defineElement('pulse-source', PulseSource);

declare global {
  interface HTMLElementTagNameMap {
    'pulse-source': PulseSource;
  }
}
