import type { Transport, TransportOptions, TransportSink } from './types.js';

type TransportClass = new (options: TransportOptions, sink: TransportSink) => Transport;

/**
 * A transport whose code is imported the first time it opens, so a page pays for it only when a
 * source uses it (the WebSocket transport: only `ws(s):` sources). Calls made while the import is
 * on its way are replayed in order once it arrives; a close before that wins. The import is a
 * plain same-origin module, so it works under `script-src 'self'`.
 */
export class LazyTransport implements Transport {
  private real: Transport | undefined;
  private loading: Promise<void> | undefined;
  private closed = false;
  /** What was asked before the class arrived: the last open (and whether a reauth followed it). */
  private pendingOpen: { lastEventId: string | undefined } | undefined;
  private pendingReauth = false;
  /** An idle timeout announced before the class arrived (the real transport takes it as it opens). */
  private idleTimeoutMs: number | undefined;

  constructor(
    private readonly load: () => Promise<TransportClass>,
    private readonly options: TransportOptions,
    private readonly sink: TransportSink,
  ) {}

  open(lastEventId?: string): void {
    if (this.real) return this.real.open(lastEventId);
    this.closed = false;
    this.pendingOpen = { lastEventId };
    this.pendingReauth = false;
    this.sink.state('connecting');
    this.loading ??= this.load().then(
      (Real) => {
        this.loading = undefined;
        if (this.closed || !this.pendingOpen) return;
        this.real = new Real(this.options, this.sink);
        if (this.idleTimeoutMs !== undefined) this.real.setIdleTimeout?.(this.idleTimeoutMs);
        this.real.open(this.pendingOpen.lastEventId);
        if (this.pendingReauth) this.real.reauthenticate?.();
      },
      (error: unknown) => {
        this.loading = undefined;
        // Never thrown out of the data layer: the source reports it as closed, with the reason.
        if (!this.closed) this.sink.state('closed', { message: `could not load the transport: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
  }

  close(): void {
    if (this.real) return this.real.close();
    if (this.closed) return;
    this.closed = true;
    this.pendingOpen = undefined;
    this.sink.state('closed');
  }

  reauthenticate(): void {
    if (this.real) this.real.reauthenticate?.();
    else if (!this.closed) this.pendingReauth = true;
  }

  /** The heartbeat the server announced (`pulse.hello`) sets the real transport's idle timeout. */
  setIdleTimeout(ms: number): void {
    if (this.real) this.real.setIdleTimeout?.(ms);
    else this.idleTimeoutMs = ms;
  }
}
