import type uPlot from 'uplot';
import type { SeriesValue } from '../../render/series-buffer.js';

export interface TooltipSource {
  /** Series names, in column order. */
  names(): readonly string[];
  /** The unstacked columns `[xs, ys1, ...]` of what the chart shows now. */
  raw(): readonly (readonly SeriesValue[])[] | undefined;
  formatValue(value: number): string;
  formatTime(ms: number): string;
  /** The word for a gap (null), in the chart's language. */
  gapText?(): string;
}

/**
 * One shared tooltip at the cursor: the time and every series' value there, as text (no HTML
 * from the stream). Its DOM is built once per chart and only its text changes as the cursor moves.
 */
export function tooltipPlugin(source: TooltipSource): uPlot.Plugin {
  let tip: HTMLDivElement;
  let time: HTMLDivElement;
  let rows: { row: HTMLDivElement; value: HTMLSpanElement }[] = [];

  const build = (u: uPlot) => {
    tip = document.createElement('div');
    tip.className = 'tooltip';
    tip.setAttribute('part', 'tooltip');
    tip.setAttribute('aria-hidden', 'true');
    tip.hidden = true;
    time = document.createElement('div');
    time.className = 'tooltip-time';
    tip.append(time);
    rows = source.names().map((name, i) => {
      const row = document.createElement('div');
      row.className = 'tooltip-row';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.dataset['c'] = String(i % 8);
      const label = document.createElement('span');
      label.className = 'tooltip-name';
      label.textContent = name;
      const value = document.createElement('span');
      value.className = 'tooltip-value';
      row.append(swatch, label, value);
      tip.append(row);
      return { row, value };
    });
    u.over.append(tip);
  };

  const update = (u: uPlot) => {
    const { left, top, idx } = u.cursor;
    const raw = source.raw();
    if (idx == null || left === undefined || left < 0 || top === undefined || !raw) {
      tip.hidden = true;
      return;
    }
    const x = u.data[0][idx];
    if (x == null) {
      tip.hidden = true;
      return;
    }
    time.textContent = source.formatTime(x);
    rows.forEach(({ row, value }, i) => {
      const v = raw[i + 1]?.[idx];
      row.hidden = !u.series[i + 1]?.show;
      value.textContent = typeof v === 'number' ? source.formatValue(v) : v === null ? (source.gapText?.() ?? 'gap') : '–';
    });
    tip.hidden = false;
    // Keep the tooltip inside the plot: flip to the left of the cursor past the middle.
    const flip = left > u.over.clientWidth / 2;
    tip.style.transform = `translate(${flip ? `calc(${left}px - 100% - 12px)` : `${left + 12}px`}, ${Math.max(0, top - 12)}px)`;
  };

  return {
    hooks: {
      init: build,
      setCursor: update,
    },
  };
}
