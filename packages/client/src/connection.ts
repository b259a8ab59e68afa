import { ClientErrorCode, LabwireClientError } from './errors.js';

/** Opening a WebSocket: give up after this long. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The subprotocol of the API; the gateway selects it. */
export const API_SUBPROTOCOL = 'labwire.v1';
/** Browsers cannot set headers on a WebSocket, so the bearer token rides as a subprotocol. */
export const BEARER_SUBPROTOCOL_PREFIX = 'labwire.bearer.';

/** The parts of the WHATWG WebSocket the client uses; `ws` in Node provides the same. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface ConnectionHandlers {
  message(frame: string | ArrayBuffer | Uint8Array): void;
  /** Once per connection that opened. */
  close(code: number, reason: string): void;
}

const OPEN = 1;

/** The WebSocket constructor to use: the given one, else the global (browsers, Node ≥ 22). */
export function resolveWebSocket(given: WebSocketConstructor | undefined): WebSocketConstructor {
  if (given !== undefined) return given;
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global === undefined) {
    throw new LabwireClientError(
      ClientErrorCode.CONNECT_FAILED,
      'no global WebSocket: pass the `ws` constructor as the WebSocket option (Node 20)',
    );
  }
  return global;
}

/** One WebSocket to the gateway: opening with a timeout, frames in, text out. */
export class Connection {
  private socket: WebSocketLike | undefined;
  private opened = false;

  constructor(
    private readonly WebSocketImpl: WebSocketConstructor,
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly handlers: ConnectionHandlers,
  ) {}

  get isOpen(): boolean {
    return this.socket?.readyState === OPEN;
  }

  get bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** Resolves once the socket is open; rejects with the close code if it closes first. */
  open(timeoutMs: number = DEFAULT_CONNECT_TIMEOUT_MS): Promise<void> {
    const protocols = [API_SUBPROTOCOL];
    if (this.token !== undefined) protocols.push(BEARER_SUBPROTOCOL_PREFIX + this.token);
    const socket = new this.WebSocketImpl(this.url, protocols);
    this.socket = socket;
    // `ws` hands Buffers (no copy) with nodebuffer; browsers ignore the value and we fall back.
    socket.binaryType = 'nodebuffer';
    if (socket.binaryType !== 'nodebuffer') socket.binaryType = 'arraybuffer';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.close();
        reject(
          new LabwireClientError(
            ClientErrorCode.TIMEOUT,
            `connecting to ${this.url} took over ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      socket.onopen = () => {
        clearTimeout(timer);
        this.opened = true;
        resolve();
      };
      socket.onmessage = (event) => this.handlers.message(event.data as string | ArrayBuffer | Uint8Array);
      socket.onerror = () => {
        // The close event follows with the code; errors carry nothing portable.
      };
      socket.onclose = (event) => {
        clearTimeout(timer);
        if (this.opened) {
          this.opened = false;
          this.handlers.close(event.code, event.reason);
          return;
        }
        reject(
          new LabwireClientError(
            ClientErrorCode.CONNECT_FAILED,
            `cannot connect to ${this.url} (close ${event.code})`,
            {
              code: event.code,
            },
          ),
        );
      };
    });
  }

  send(text: string): boolean {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== OPEN) return false;
    socket.send(text);
    return true;
  }

  close(code = 1000, reason = ''): void {
    this.socket?.close(code, reason);
  }
}
