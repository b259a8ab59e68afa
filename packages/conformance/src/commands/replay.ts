import { readCapture } from '../capture/format.js';
import { startReplayPeer } from '../capture/replay-peer.js';
import type { CommandArgs } from './args.js';

export const REPLAY_USAGE = `labwire-conformance replay <capture file> [--listen <host:port>] [--timing asap|recorded] [--once]

Plays a capture as the peer: the client under test connects to the printed address and gets
what the real peer sent, each part once the client has sent what preceded it in the recording.
Differences between the client's bytes and the recorded ones are printed. With --once it
exits after the first connection ends (exit 1 if anything differed).`;

export async function replayCommand(args: CommandArgs): Promise<number> {
  const file = args.positional[0];
  if (file === undefined) throw new Error('a capture file is required');
  const capture = readCapture(file);
  const [host, port] = (args.optional('listen') ?? '127.0.0.1:0').split(/:(?=\d+$)/);
  const timing = args.optional('timing') === 'recorded' ? 'recorded' : 'asap';
  const replay = await startReplayPeer(capture, {
    host: host ?? '127.0.0.1',
    port: Number(port ?? 0),
    timing,
    onMismatch: (m) =>
      console.log(`DIFF conn ${m.conn} record ${m.record}: expected ${m.expected}, got ${m.got}`),
  });
  console.log(
    `replaying ${file} (${capture.header.protocol}, ${capture.header.framing}) at ${replay.address}`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (args.flag('once')) {
      const poll = setInterval(() => {
        if (replay.served > 0 && replay.idle) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    }
  });
  await replay.close();
  console.log(`${replay.mismatches.length} differences`);
  return replay.mismatches.length > 0 ? 1 : 0;
}
