// Registers <alert-list>. The class alone, to register under another tag, is in
// ./alert-list.component.js (pulseboard/alert-list.component.js).
import { defineElement } from '../../render/define.js';
import { AlertList } from './alert-list.component.js';

export * from './alert-list.component.js';

defineElement('alert-list', AlertList);

declare global {
  interface HTMLElementTagNameMap {
    'alert-list': AlertList;
  }
}
