import { enAgentStatus } from './en/agent-status.js';
import { enAlertList } from './en/alert-list.js';
import { enLogFirehose } from './en/log-firehose.js';
import { enTimeSeries } from './en/time-series.js';
import { en as enCore, type PulseMessages } from './messages.js';

/**
 * The whole English table, every element's strings (the public `en`: a template for a page's own
 * locale). Elements load only their part; see messages.ts.
 */
export const en: PulseMessages = { ...enCore, ...enLogFirehose, ...enAlertList, ...enAgentStatus, ...enTimeSeries };
