// Registers <log-firehose>. The class alone, to register under another tag, is in
// ./log-firehose.component.js (pulseboard/log-firehose.component.js).
import { defineElement } from '../../render/define.js';
import { LogFirehose } from './log-firehose.component.js';

export * from './log-firehose.component.js';

defineElement('log-firehose', LogFirehose);

declare global {
  interface HTMLElementTagNameMap {
    'log-firehose': LogFirehose;
  }
}
