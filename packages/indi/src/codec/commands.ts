import type { IndiBlobMode } from './messages.js';

/** What a client sends (protocol reference 3.2), as the encoder takes it. */
export type IndiCommand =
  | { type: 'getProperties'; version?: string; device?: string; name?: string }
  | { type: 'enableBLOB'; device: string; name?: string; value: IndiBlobMode }
  | {
      type: 'newNumberVector';
      device: string;
      name: string;
      timestamp?: string;
      members: Array<{ name: string; value: number }>;
    }
  | {
      type: 'newTextVector';
      device: string;
      name: string;
      timestamp?: string;
      members: Array<{ name: string; value: string }>;
    }
  | {
      type: 'newSwitchVector';
      device: string;
      name: string;
      timestamp?: string;
      members: Array<{ name: string; value: 'On' | 'Off' }>;
    }
  | {
      type: 'newBLOBVector';
      device: string;
      name: string;
      timestamp?: string;
      members: Array<IndiBlobUpload>;
    }
  | { type: 'pingRequest' | 'pingReply'; uid: string };

export interface IndiBlobUpload {
  name: string;
  format: string;
  /** The payload as sent (already compressed when `format` ends in `.z`). */
  data?: Uint8Array;
  /** Defaults to the data length; `0` without data is a state-only update. */
  size?: number;
}
