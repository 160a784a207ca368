import { addEnglish } from '../locales.js';
import type { Message } from '../messages.js';

/**
 * The English strings of `<agent-status>`, kept out of the shared core: they load with the element's
 * chunk and join the English fallback then (the German and Japanese tables have them too).
 */
export const enAgentStatus = {
  'agent.label': 'Agents',
  'agent.state.idle': 'Idle',
  'agent.state.running': 'Running',
  'agent.state.waiting': 'Waiting',
  'agent.state.error': 'Error',
  'agent.state.offline': 'Offline',
  'agent.count.idle': '{count} idle',
  'agent.count.running': '{count} running',
  'agent.count.waiting': '{count} waiting',
  'agent.count.error': { one: '{count} error', other: '{count} errors' },
  'agent.count.offline': '{count} offline',
  'agent.none': 'No agents yet',
  'agent.noTask': 'No task',
  'agent.tool': 'Tool:',
  'agent.tokens': 'Tokens/s',
  'agent.errors': 'Errors',
  'agent.latency': 'p50\u00a0/ p99',
  'agent.cost': 'Cost',
  'agent.lastSeen': 'Last seen',
  'agent.col.agent': 'Agent',
  'agent.col.state': 'State',
  'agent.col.task': 'Task',
  'agent.col.tool': 'Tool',
  'agent.col.tokens': 'Tokens/s',
  'agent.col.trend': 'Tokens/s trend',
  'agent.col.p50': 'p50',
  'agent.col.p99': 'p99',
  'agent.col.errors': 'Errors',
  'agent.col.cost': 'Cost',
  'agent.col.lastSeen': 'Last seen',
} satisfies Record<string, Message>;

addEnglish(enAgentStatus);
