import type { PymodaqValue } from '../codec/values.js';
import type { DetectorOutput } from '../session/grab-data.js';
import type { Actuator, Detector, MoveContext } from '../session/instrument.js';
import type { PositionInput } from '../session/positions.js';
import { fromCanonical } from './canonical.js';
import type { ScriptMessage } from './session-codec.js';

const CALLS = new Set(['move_abs', 'move_rel', 'move_home', 'get_actuator_value', 'check_position']);
const REPLY: Record<string, string> = {
  move_abs: 'move_done',
  move_rel: 'move_done',
  move_home: 'move_done',
  get_actuator_value: 'position_is',
  check_position: 'position_is',
};

/**
 * The instrument a session case scripts: each call answers with exactly the arguments of the
 * c2s message that follows its command in the script (timestamps included); a command the
 * script leaves unanswered never completes (until the session ends).
 */
export function scriptedInstrument(role: string, script: ScriptMessage[]): Detector | Actuator {
  const replies: Array<PymodaqValue | undefined> = [];
  for (const [i, m] of script.entries()) {
    if (m.dir !== 's2c') continue;
    const isGrab = m.command.includes('Send Data');
    if (!isGrab && !CALLS.has(m.command)) continue;
    const next = script[i + 1];
    const expected = isGrab ? 'Done' : REPLY[m.command];
    replies.push(
      next?.dir === 'c2s' && next.command === expected ? fromCanonical(next.wireArgs[0]) : undefined,
    );
  }
  let cursor = 0;
  const answer = (signal: AbortSignal): Promise<PymodaqValue> => {
    const reply = replies[cursor++];
    if (reply !== undefined) return Promise.resolve(reply);
    return new Promise((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    );
  };
  if (role === 'grabber') {
    return { grab: ({ signal }) => answer(signal) as Promise<DetectorOutput> };
  }
  const move = (_: unknown, c?: MoveContext) =>
    answer((c ?? (_ as MoveContext)).signal) as Promise<PositionInput>;
  return {
    moveAbs: move,
    moveRel: move,
    home: (c) => answer(c.signal) as Promise<PositionInput>,
    position: (c) => answer(c.signal) as Promise<PositionInput>,
    stop: () => {},
  };
}
