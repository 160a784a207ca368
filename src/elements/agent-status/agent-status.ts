// Registers <agent-status>. The class alone, to register under another tag, is in
// ./agent-status.component.js (pulseboard/agent-status.component.js).
import { defineElement } from '../../render/define.js';
import { AgentStatus } from './agent-status.component.js';

export * from './agent-status.component.js';

defineElement('agent-status', AgentStatus);

declare global {
  interface HTMLElementTagNameMap {
    'agent-status': AgentStatus;
  }
}
