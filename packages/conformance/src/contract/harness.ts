import type { Bus, CommandRequest, Connector } from '@labwire/core';
import type { SplitStrategy } from '@labwire/testkit';

/** Where the connector under test meets its peer. */
export type ContractTransport = 'memory' | 'loopback';

/**
 * What a protocol can be held to, like unstorage's driver flags. A scenario the protocol
 * cannot support is reported as skipped with the reason, never silently passed.
 */
export interface ContractFlags {
  /** `browse()` lists the simulator's devices and properties. */
  browse: boolean;
  /** The peer can be made to send property updates. */
  updates: boolean;
  /** There is a command the peer never answers (so the timeout path can be driven). */
  silentCommand: boolean;
  /** The peer can send input the decoder rejects while the session goes on. */
  garbage: boolean;
  /** The connector reconnects by itself. */
  reconnect: boolean;
  /**
   * What a reconnect guarantees. `state`: the model is rebuilt from the peer, and events
   * while disconnected are lost because the protocol has no replay. No protocol here can
   * promise more, and the suite checks exactly this: no duplicated events before the drop,
   * and the state after reconnect equals the peer's.
   */
  resume: 'state' | 'none';
  transports: readonly ContractTransport[];
  /** `stream`: the peer's bytes are re-split (every byte, random sizes); `message`: frames, with records re-batched. */
  framing: 'stream' | 'message';
}

/** One running simulator with a connector wired to it. */
export interface ContractPeer {
  /** The connector under test, publishing on `bus`. Not started. */
  connector: Connector;
  /** Device and property names the simulator serves (`device/property`, unencoded). */
  expectedProperties: string[];
  /** Makes the peer send `count` updates of one property, in order; resolves with its address and the values sent. */
  emitUpdates?(count: number): Promise<{ device: string; property: string; values: unknown[] }>;
  /** A command the peer acknowledges, and a check of its result. */
  goodCommand: CommandRequest;
  /** A command naming a device or property that does not exist. */
  missingCommand: CommandRequest;
  /** A command the peer receives but never answers. */
  silentCommand?: CommandRequest;
  /** Makes the peer send bytes the decoder rejects, then carry on. */
  sendGarbage?(): Promise<void>;
  /** Drops the connection in the middle of a message the peer was sending. */
  dropMidMessage(): Promise<void>;
  /** Stops the simulator and everything it opened. */
  close(): Promise<void>;
}

export interface ContractPeerOptions {
  bus: Bus;
  transport: ContractTransport;
  /**
   * How what the connector receives is re-split: stream framing re-splits bytes; message
   * framing re-batches records into frames (`every-byte`: one record per frame).
   */
  split: SplitStrategy;
  /** Reconnect backoff to use, short so tests stay fast. */
  reconnect: { initialDelayMs: number; maxDelayMs: number; jitter: number };
}

export interface ConnectorContractHarness {
  /** Name shown in the test titles. */
  name: string;
  flags: ContractFlags;
  startPeer(options: ContractPeerOptions): Promise<ContractPeer>;
}
