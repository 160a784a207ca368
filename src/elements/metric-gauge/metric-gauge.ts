// Registers <metric-gauge>. The class alone, to register under another tag, is in
// ./metric-gauge.component.js (pulseboard/metric-gauge.component.js).
import { defineElement } from '../../render/define.js';
import { MetricGauge } from './metric-gauge.component.js';

export * from './metric-gauge.component.js';

defineElement('metric-gauge', MetricGauge);

declare global {
  interface HTMLElementTagNameMap {
    'metric-gauge': MetricGauge;
  }
}
