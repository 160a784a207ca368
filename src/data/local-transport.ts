import type { Transport, TransportSink } from './types.js';

/** The transport of a `local:` source: no network, always open; data comes from `hub.publish()`. */
export class LocalTransport implements Transport {
  constructor(private readonly sink: TransportSink) {}

  open(): void {
    this.sink.connected(undefined);
    this.sink.state('open');
  }

  close(): void {
    this.sink.state('closed');
  }
}
