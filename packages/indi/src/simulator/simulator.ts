import { type AddressInfo, type Server, createServer } from 'node:net';
import { TcpTransport, type Transport } from '@labwire/core';
import type { IndiCommand } from '../codec/commands.js';
import { createIndiDecoder } from '../codec/decoder.js';
import { encodeIndiCommand } from '../codec/encoder.js';
import {
  type IndiBlobMode,
  type IndiMessage,
  type IndiVectorMessage,
  isVectorMessage,
} from '../codec/messages.js';
import { SimCamera, type SimCameraOptions } from './devices/camera.js';
import { SimFocuser } from './devices/focuser.js';
import { SimTelescope } from './devices/telescope.js';
import {
  type SetOptions,
  encodeBlobSet,
  encodeDefinition,
  encodeDelProperty,
  encodePing,
  encodeServerMessage,
  encodeSet,
} from './server-encoder.js';
import type { SimContext, SimDevice } from './sim-device.js';
import type { SimVector } from './sim-vector.js';

export interface IndiSimulatorOptions {
  /** Devices to serve (default: telescope, camera, focuser). */
  devices?: SimDevice[];
  /** Options of the default camera (frame size, time scale). */
  camera?: SimCameraOptions;
}

/** One client connection, with what it asked for (protocol reference 5.1, 5.2). */
interface Peer {
  transport: Transport;
  /** `all`, or the devices it named. */
  interest: 'all' | Set<string>;
  /** BLOB mode by device and by `device\u0000vector`. */
  blobModes: Map<string, IndiBlobMode>;
}

/**
 * An INDI server stand-in for tests and the gateway's demo: a few devices (a telescope that
 * slews, a camera that sends FITS frames of a chosen size, a focuser) with values that change
 * over time. It routes like indiserver (interest from getProperties, per-connection BLOB modes,
 * `Only` connections get nothing but BLOBs, echoes of `new*`, ping replies), without imitating
 * the real drivers.
 */
export class IndiSimulator {
  readonly devices: SimDevice[];
  private readonly peers = new Set<Peer>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private server: Server | undefined;
  private closed = false;

  constructor(options: IndiSimulatorOptions = {}) {
    this.devices = options.devices ?? [new SimTelescope(), new SimCamera(options.camera), new SimFocuser()];
    const context = this.context();
    for (const device of this.devices) device.start(context);
  }

  /** Starts a simulator listening on 127.0.0.1 (port 0: the OS picks one). */
  static async listen(options: IndiSimulatorOptions & { port?: number } = {}): Promise<IndiSimulator> {
    const simulator = new IndiSimulator(options);
    await simulator.listen(options.port ?? 0);
    return simulator;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get connections(): number {
    return this.peers.size;
  }

  async listen(port = 0): Promise<void> {
    const server = createServer((socket) => this.accept(TcpTransport.fromSocket(socket)));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  }

  /** Serves one connection (a TCP socket or an in-memory transport). */
  accept(transport: Transport): void {
    const peer: Peer = { transport, interest: new Set(), blobModes: new Map() };
    this.peers.add(peer);
    const decoder = createIndiDecoder({
      message: (m) => this.handle(peer, m),
      // Like indiserver: a broken element is dropped, the connection stays.
      error: () => {},
    });
    transport.on('data', (d) => decoder.write(typeof d === 'string' ? Buffer.from(d) : d));
    transport.on('close', () => this.peers.delete(peer));
  }

  /**
   * Drops every client connection (the server keeps listening): for reconnect tests. With
   * `midMessage`, each client first gets the start of an element that never ends.
   */
  dropClients(options: { midMessage?: boolean } = {}): void {
    for (const peer of this.peers) {
      if (options.midMessage)
        peer.transport.write('<setNumberVector device="x" name="y" state="Ok">\n  <oneNumber name="z">\n1');
      peer.transport.destroy();
    }
    this.peers.clear();
  }

  /** Sets member values of a vector and sends the `set*` to the interested clients. */
  publish(
    device: string,
    vector: string,
    values: Readonly<Record<string, number | string>> = {},
    state?: SimVector['state'],
  ): void {
    const v = this.devices.find((d) => d.name === device)?.vector(vector);
    if (v === undefined) return;
    for (const [name, value] of Object.entries(values)) {
      const member = v.members.find((m) => m.name === name);
      if (member !== undefined) member.value = value;
    }
    if (state !== undefined) v.state = state;
    this.broadcast(
      device,
      vector,
      encodeSet(v, { members: Object.keys(values).length > 0 ? Object.keys(values) : undefined }),
    );
  }

  /** Writes text as it is to every client (malformed input on purpose, in tests). */
  sendRaw(text: string): void {
    for (const peer of this.peers) peer.transport.write(text);
  }

  /** Deletes a device (as a driver crash does) and defines it again after `ms`. */
  restartDevice(name: string, ms = 100): void {
    const device = this.devices.find((d) => d.name === name);
    if (device === undefined) return;
    this.broadcast(device.name, undefined, encodeDelProperty(device.name));
    this.after(ms, () => {
      for (const v of device.vectors) this.broadcast(device.name, v.name, encodeDefinition(v));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dropClients();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private context(): SimContext {
    return {
      publishSet: (vector: SimVector, options?: SetOptions) =>
        this.broadcast(vector.device, vector.name, encodeSet(vector, options)),
      publishBlob: (vector, member, data, format) => this.broadcastBlob(vector, member, data, format),
      publishMessage: (device, text) => this.broadcast(device, undefined, encodeServerMessage(device, text)),
      every: (ms, fn) => {
        const t = setInterval(() => {
          if (!this.closed) fn();
        }, ms);
        t.unref?.();
        this.timers.add(t);
      },
      after: (ms, fn) => this.after(ms, fn),
    };
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  private interested(peer: Peer, device: string): boolean {
    return peer.interest === 'all' || peer.interest.has(device);
  }

  private modeOf(peer: Peer, device: string, vector: string | undefined): IndiBlobMode {
    return (
      (vector === undefined ? undefined : peer.blobModes.get(`${device}\u0000${vector}`)) ??
      peer.blobModes.get(device) ??
      'Never'
    );
  }

  private broadcast(device: string, vector: string | undefined, text: string, except?: Peer): void {
    for (const peer of this.peers) {
      if (peer === except || !this.interested(peer, device)) continue;
      if (this.modeOf(peer, device, vector) === 'Only') continue;
      peer.transport.write(text);
    }
  }

  private broadcastBlob(vector: SimVector, member: string, data: Uint8Array, format: string): void {
    let text: string | undefined;
    for (const peer of this.peers) {
      if (!this.interested(peer, vector.device) || this.modeOf(peer, vector.device, vector.name) === 'Never')
        continue;
      text ??= encodeBlobSet(vector, member, data, format);
      peer.transport.write(text);
    }
  }

  private handle(peer: Peer, message: IndiMessage): void {
    switch (message.type) {
      case 'getProperties': {
        if (message.device === undefined) peer.interest = 'all';
        else if (peer.interest !== 'all') peer.interest.add(message.device);
        // Drivers answer after the server has handled what the client sent next (an enableBLOB):
        // reply on a later turn, as indiserver's drivers do.
        this.after(0, () => this.define(peer, message.device, message.name));
        return;
      }
      case 'enableBLOB': {
        if (message.device === undefined) return;
        if (peer.interest !== 'all') peer.interest.add(message.device);
        const mode = (['Never', 'Also', 'Only'] as const).find((m) => m === message.value) ?? 'Never';
        if (message.name === undefined) {
          for (const key of [...peer.blobModes.keys()])
            if (key.startsWith(`${message.device}\u0000`)) peer.blobModes.delete(key);
          peer.blobModes.set(message.device, mode);
        } else peer.blobModes.set(`${message.device}\u0000${message.name}`, mode);
        return;
      }
      case 'pingRequest':
        peer.transport.write(encodePing('pingReply', message.uid ?? ''));
        return;
      default:
        if (isVectorMessage(message) && message.type.startsWith('new')) this.handleNew(peer, message);
    }
  }

  private define(peer: Peer, device: string | undefined, name: string | undefined): void {
    if (!this.peers.has(peer)) return;
    for (const d of this.devices) {
      if (device !== undefined && device !== d.name) continue;
      for (const v of d.vectors) {
        if (name !== undefined && name !== v.name) continue;
        // A BLOB-only connection gets nothing but BLOBs, definitions included (as indiserver).
        if (this.modeOf(peer, d.name, v.name) === 'Only') continue;
        peer.transport.write(encodeDefinition(v));
      }
    }
  }

  private handleNew(peer: Peer, message: IndiVectorMessage): void {
    const device = this.devices.find((d) => d.name === message.device);
    const vector = device?.vector(message.name ?? '');
    if (device === undefined || vector === undefined || vector.perm === 'ro') return;
    if (`new${vector.kind}Vector` !== message.type) return;
    if (peer.interest !== 'all') peer.interest.add(device.name);
    // Echo to the other clients, as indiserver does (not BLOB uploads: they can be large).
    if (message.type !== 'newBLOBVector') {
      const members = message.members.map((m) => ({
        name: m.name ?? '',
        value: (m as { value: unknown }).value,
      }));
      try {
        const echo = encodeIndiCommand({
          type: message.type,
          device: device.name,
          name: vector.name,
          members,
        } as IndiCommand);
        this.broadcast(device.name, vector.name, echo, peer);
      } catch {
        // A value our encoder refuses (a number that did not parse): nothing to echo.
      }
    }
    device.handleNew(message, vector, this.context());
  }
}
