/**
 * Encoders for the host commands (shared/protocols/ifcb.md 6.3): the text a client relays with
 * `relayMessageToHost`. No list of IFCBacquire commands is public; these are the ones seen in
 * client code (pyifcbclient, PhytO-ARM).
 */

/** Sent after registration: ask the acquisition software to send its current state again. */
export const REFRESH = 'refresh';
/** Free-text notice relayed after `startedAsClient`. */
export const CLIENT_CONNECTED = 'Client connected.';
/** Free-text notice relayed before leaving on the hub's `disconnect`. */
export const CLIENT_DISCONNECTED = 'Client disconnected.';
/** IFCBacquire writes its routines to disk. */
export const SAVE_ROUTINES = 'saveroutines';
/** Runs the routine loaded with `interactive:load`. */
export const INTERACTIVE_START = 'interactive:start';

/** Runs a stored routine (`routine:runsample`). The instrument sends no completion message. */
export function encodeRoutine(name: string): string {
  return `routine:${name}`;
}

/** Loads a routine (an array of step groups) for interactive execution, as compact JSON. */
export function encodeInteractiveLoad(routine: readonly unknown[]): string {
  return `interactive:load:${JSON.stringify(routine)}`;
}

/** Sets the output folder; the instrument echoes `valuechanged:setdatafolder:<path>`. */
export function encodeSetDataFolder(path: string): string {
  return `daq:setdatafolder:${path}`;
}
