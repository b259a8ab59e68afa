import type { ImbCommandName, ImbEventKindName } from './constants.js';
import type { ImbFields } from './layouts.js';

/** The parsed head of an icEvent payload (first 12 bytes) and its body. */
export interface ImbEventData {
  /** Client event id (client → hub) or hub event id (hub → client). */
  eventId: number;
  tick: number;
  /** Low byte of the kind word. */
  kindCode: number;
  kind: ImbEventKindName | null;
  /** The kind word with the low byte cleared (unsigned); efPriority is 0x100. */
  flags: number;
  /** Payload from offset 12 on. */
  body: Uint8Array;
  /** The body's fields, present only when the kind has a layout and the body parses exactly. */
  fields?: ImbFields;
}

/** One decoded frame. */
export interface ImbFrame {
  code: number;
  command: ImbCommandName | null;
  /** The payload (between the length field and the trailer); empty when the length is 0. */
  payload: Uint8Array;
  /** Byte offset of the frame's magic in the decoder's input. */
  offset: number;
  /** Typed fields, present only when the payload parses exactly with the command's layout. */
  fields?: ImbFields;
  /** icEvent with a payload of at least 12 bytes. */
  event?: ImbEventData;
}
