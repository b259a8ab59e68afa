import { CaptureRecorder } from '../capture/recorder.js';
import { startTcpRecordingProxy, startWsRecordingProxy } from '../capture/recording-proxy.js';
import type { CommandArgs } from './args.js';

export const CAPTURE_USAGE = `labwire-conformance capture --protocol <name> --target <host:port | ws://host:port> --out <file>
    [--listen <host:port>] [--note key=value …]

Starts a recording proxy: point the client (ours or any other) at the address it prints instead
of the real peer. Every byte (TCP) or message (WebSocket) each way is written to <file> in the
labwire-capture/1 format with its time. Stops on SIGINT/SIGTERM.`;

export async function captureCommand(args: CommandArgs): Promise<number> {
  const protocol = args.required('protocol');
  const target = args.required('target');
  const out = args.required('out');
  const [listenHost, listenPort] = (args.optional('listen') ?? '127.0.0.1:0').split(/:(?=\d+$)/);
  const notes = Object.fromEntries(args.all('note').map((n) => n.split(/=(.*)/s).slice(0, 2)));
  const framing = target.startsWith('ws://') || target.startsWith('wss://') ? 'message' : 'stream';
  const recorder = new CaptureRecorder(out, {
    protocol,
    framing,
    peer: framing === 'stream' ? `tcp://${target}` : target,
    ...(Object.keys(notes).length > 0 ? { notes } : {}),
  });
  const start = framing === 'stream' ? startTcpRecordingProxy : startWsRecordingProxy;
  const proxy = await start({
    target,
    recorder,
    listenHost: listenHost ?? '127.0.0.1',
    listenPort: Number(listenPort ?? 0),
  });
  console.log(
    `recording ${protocol} to ${out}; connect your client to ${proxy.address} (real peer: ${target})`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await proxy.close();
  await recorder.end();
  console.log(`wrote ${recorder.records} records to ${out}`);
  return 0;
}
