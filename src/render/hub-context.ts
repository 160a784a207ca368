import { createContext } from '@lit/context';
import type { StreamHub } from '../data/stream-hub.js';

/**
 * What `<pulse-source>` provides to its descendants. A registered symbol as key, so elements from
 * a second copy of the bundle still find the provider.
 */
export const hubContext = createContext<StreamHub | undefined>(Symbol.for('pulseboard.hub'));
