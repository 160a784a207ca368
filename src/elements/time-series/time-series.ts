// Registers <time-series>. The class alone, to register under another tag, is in
// ./time-series.component.js (pulseboard/time-series.component.js).
import { defineElement } from '../../render/define.js';
import { TimeSeries } from './time-series.component.js';

export * from './time-series.component.js';

defineElement('time-series', TimeSeries);

declare global {
  interface HTMLElementTagNameMap {
    'time-series': TimeSeries;
  }
}
