/**
 * The camera-to-GRABBER bridge end to end: the gateway (child process) serves the INDI
 * simulator's camera to a PyMoDAQ TCPServer (the pymodaq package's server role, standing in for
 * the PyMoDAQ dashboard) through the pymodaq instrument role, and the server grabs real frames.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolRegistry } from '../../src/protocols/registry.js';
import { startDemoSimulator, writeTempConfig } from './e2e-fixtures.js';
import { startGatewayProcess } from './gateway-process.js';

interface RemoteGrabber {
  grab(
    dim: '2D',
  ): Promise<{ channels: Array<{ array: { dtype: string; shape: number[]; bytes: Uint8Array } }> }>;
}
interface PymodaqServer {
  listen(): Promise<{ host: string; port: number }>;
  waitFor(type: 'GRABBER'): Promise<RemoteGrabber>;
  close(): Promise<void>;
}

const registry = new ProtocolRegistry();
const indi = await registry.load('indi').catch(() => undefined);
const pymodaq = await registry.load('pymodaq').catch(() => undefined);
const TcpServer = pymodaq?.exports.TcpServer as
  | (new (options: {
      port: number;
    }) => PymodaqServer)
  | undefined;
const ready =
  indi !== undefined && typeof TcpServer === 'function' && typeof pymodaq?.exports.TcpClient === 'function';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(!ready)('pymodaq-grabber bridge', () => {
  it('serves the INDI camera to a PyMoDAQ TCPServer as a GRABBER that returns decoded frames', async () => {
    const sim = await startDemoSimulator(indi!, cleanups);
    const server = new TcpServer!({ port: 0 });
    const { port } = await server.listen();
    cleanups.push(() => server.close());
    const { file } = await writeTempConfig(
      'labwire-grabber-',
      {
        server: { port: 0 },
        connectors: { indi: { protocol: 'indi', options: sim.connectorOptions } },
        bridges: [
          {
            name: 'ccd-as-grabber',
            kind: 'pymodaq-grabber',
            source: 'indi/Labwire Camera/CCD1',
            port,
            trigger: {
              connector: 'indi',
              target: 'Labwire Camera/CCD_EXPOSURE',
              args: { CCD_EXPOSURE_VALUE: 0.1 },
            },
          },
        ],
        logging: { level: 'warn' },
      },
      cleanups,
    );
    const gateway = await startGatewayProcess([file]);
    cleanups.push(() => gateway.stop());
    const grabber = await server.waitFor('GRABBER');
    const first = await grabber.grab('2D');
    const frame = first.channels[0]!.array;
    expect(frame.dtype).toBe('>u2');
    expect(frame.shape).toEqual([48, 64]);
    expect(frame.bytes.byteLength).toBe(48 * 64 * 2);
    const second = await grabber.grab('2D');
    expect(second.channels[0]!.array.shape).toEqual([48, 64]);
  });
});
