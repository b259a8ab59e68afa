import type { Transport, TransportFactory } from '@labwire/core';
import type { TransferFormat } from '@microsoft/signalr';

/**
 * The connection interface `@microsoft/signalr`'s HubConnection runs on (its IConnection),
 * over a labwire TransportFactory: the hub protocol, keep-alive and reconnect logic stay the
 * official client's, while the bytes go through any transport (an in-memory pair in tests, a
 * fault-injecting wrapper, a WsTransport). Each `start()` makes a fresh transport, so the
 * client's automatic reconnect is calling the factory again. No negotiate happens here.
 */
export class TransportConnection {
  readonly features: Record<string, unknown> = {};
  connectionId: string | undefined;
  baseUrl: string;
  onreceive: ((data: string | ArrayBuffer) => void) | null = null;
  onclose: ((error?: Error) => void) | null = null;
  private transport: Transport | undefined;
  private attempt = 0;

  constructor(
    private readonly factory: TransportFactory,
    baseUrl: string,
  ) {
    this.baseUrl = baseUrl;
  }

  async start(_format: TransferFormat): Promise<void> {
    const transport = this.factory();
    this.transport = transport;
    this.attempt += 1;
    this.connectionId = `transport-${this.attempt}`;
    transport.on('data', (data) => {
      if (this.transport !== transport) return;
      this.onreceive?.(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    });
    transport.on('close', (info) => {
      if (this.transport !== transport) return;
      this.transport = undefined;
      this.onclose?.(
        info.hadError ? new Error(`transport ${transport.remote} closed with an error`) : undefined,
      );
    });
    await transport.open();
  }

  send(data: string | ArrayBuffer): Promise<void> {
    const transport = this.transport;
    if (transport === undefined || transport.state !== 'open')
      return Promise.reject(new Error('the transport is not open'));
    transport.write(typeof data === 'string' ? data : new Uint8Array(data));
    return Promise.resolve();
  }

  async stop(_error?: unknown): Promise<void> {
    const transport = this.transport;
    if (transport === undefined) return;
    await transport.close();
  }
}
