// Pulseboard from Angular: `CUSTOM_ELEMENTS_SCHEMA` lets the template use the tags, `[warn]="…"`
// sets the element's property (a number stays a number, an object stays an object), a static
// dashed attribute (`stale-after="10s"`) is passed as written, and `(pulse-gauge-cross)="…"`
// listens to the element's event. Standalone and zoneless: signals drive change detection.
import { Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, inject, signal, type AfterViewInit, type OnDestroy } from '@angular/core';
import 'pulseboard';
import type { PulseAgentSelectDetail, PulseGaugeCrossDetail, PulseSource, PulseStateDetail } from 'pulseboard';

@Component({
  selector: 'pulse-example',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <pulse-source [src]="src" [headers]="headers" (pulse-state)="onState($event)">
      <p>
        Stream: <output id="state">{{ state() }}</output> · CPU level: <output id="level">{{ level() }}</output> ·
        Selected agent: <output id="selected">{{ selected() ?? 'none' }}</output>
      </p>
      <metric-gauge topic="cpu" field="value" label="CPU" unit="percent" [warn]="cpuWarn" [crit]="90" sparkline
        stale-after="10s" (pulse-gauge-cross)="onCross($event)"></metric-gauge>
      <agent-status topic="agents" (pulse-agent-select)="onSelect($event)"></agent-status>
    </pulse-source>
  `,
})
export class App implements AfterViewInit, OnDestroy {
  readonly src = new URLSearchParams(location.search).get('src') ?? 'local:angular-example';
  readonly cpuWarn = 75;
  readonly headers = { 'X-Dashboard': 'angular-example' };
  readonly state = signal('connecting');
  readonly level = signal('ok');
  readonly selected = signal<string | null>(null);
  private readonly host: HTMLElement = inject(ElementRef).nativeElement;
  private timer: ReturnType<typeof setInterval> | undefined;

  onState(event: Event): void {
    this.state.set((event as CustomEvent<PulseStateDetail>).detail.state);
  }
  onCross(event: Event): void {
    this.level.set((event as CustomEvent<PulseGaugeCrossDetail>).detail.level);
  }
  onSelect(event: Event): void {
    this.selected.set((event as CustomEvent<PulseAgentSelectDetail>).detail.id);
  }

  ngAfterViewInit(): void {
    if (!this.src.startsWith('local:')) return;
    const source = this.host.querySelector<PulseSource>('pulse-source')!;
    const agents = ['planner', 'coder', 'reviewer'].map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), state: 'running', task: `${id} things` }));
    for (const agent of agents) source.publish('agents', { ...agent, ts: Date.now() });
    this.timer = setInterval(() => {
      source.publish('cpu', { ts: Date.now(), value: 40 + Math.random() * 30 });
      source.publish('agents', { ...agents[Math.floor(Math.random() * agents.length)]!, ts: Date.now(), tokensPerSec: Math.round(Math.random() * 80) });
    }, 1000);
  }

  ngOnDestroy(): void {
    clearInterval(this.timer);
  }
}
