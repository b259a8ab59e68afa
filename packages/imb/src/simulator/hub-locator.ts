import { type Socket, createSocket } from 'node:dgram';
import { ErrorCode, LabwireError } from '@labwire/core';
import {
  IMB_DEFAULT_PORT,
  ImbCommandCode,
  ImbFrameDecoder,
  type ImbFrame,
  encodeCommand,
  encodeFrame,
} from '../codec/index.js';

function framesOf(datagram: Uint8Array): ImbFrame[] {
  const frames: ImbFrame[] = [];
  const decoder = new ImbFrameDecoder({ message: (f) => frames.push(f), error: () => {} });
  decoder.write(datagram);
  decoder.end();
  return frames;
}

/**
 * The hub locator (protocol reference section 10): answers each icHUBLocate datagram with
 * icHUBFound(uri). Binds to loopback unless told otherwise.
 */
export class HubLocator {
  private socket: Socket | undefined;

  constructor(
    private readonly uri: string,
    private readonly options: { host?: string; port?: number } = {},
  ) {}

  async listen(): Promise<{ host: string; port: number }> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (datagram, from) => {
      if (!framesOf(datagram).some((f) => f.code === ImbCommandCode.icHUBLocate)) return;
      socket.send(encodeCommand('icHUBFound', { uri: this.uri }), from.port, from.address);
    });
    socket.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? IMB_DEFAULT_PORT, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = socket.address();
    return { host: address.address, port: address.port };
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

export interface LocateOptions {
  /** Where to send icHUBLocate (default 127.0.0.1; a broadcast address needs `broadcast`). */
  address?: string;
  port?: number;
  broadcast?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Asks for a hub over UDP and resolves with the first icHUBFound URI (`tcp://host:4000`). */
export async function locateHub(options: LocateOptions = {}): Promise<string> {
  const socket = createSocket('udp4');
  const timeoutMs = options.timeoutMs ?? 2000;
  try {
    await new Promise<void>((resolve) => socket.bind(0, () => resolve()));
    if (options.broadcast) socket.setBroadcast(true);
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new LabwireError(ErrorCode.TIMEOUT, `no IMB hub answered within ${timeoutMs} ms`)),
        timeoutMs,
      );
      options.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new LabwireError(ErrorCode.ABORTED, 'hub locate aborted'));
      });
      socket.on('message', (datagram) => {
        const found = framesOf(datagram).find((f) => f.command === 'icHUBFound' && f.fields !== undefined);
        if (found === undefined) return;
        clearTimeout(timer);
        resolve(found.fields!.uri as string);
      });
      socket.send(
        encodeFrame(ImbCommandCode.icHUBLocate),
        options.port ?? IMB_DEFAULT_PORT,
        options.address ?? '127.0.0.1',
      );
    });
  } finally {
    socket.close();
  }
}
