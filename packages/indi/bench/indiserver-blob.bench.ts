import { Socket } from 'node:net';
import { TcpTransport } from '@labwire/core';
import { bench, describe } from 'vitest';
import { IndiClient } from '../dist/client/client.js';
import {
  type RunningIndiserver,
  indiserverPath,
  startIndiserver,
} from '../dist/indiserver/indiserver-process.js';

/*
 * Against a real indiserver 1.9.9 with the CCD simulator at 4096x4096 (16-bit FITS, ~45 MB of
 * XML): per exposure, a raw socket reader (baseline: first to last byte of the setBLOBVector)
 * and our IndiClient (first byte of the setBLOBVector to the `blob` event with the decoded
 * image) receive the same frame at the same time. Target: ours within 1.3x of the raw reader.
 */
const DEVICE = 'CCD Simulator';
const haveServer = indiserverPath() !== undefined;
const rawTimes: number[] = [];
const ourTimes: number[] = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

describe.skipIf(!haveServer)('real indiserver, 4096x4096 16-bit FITS BLOB', () => {
  let server: RunningIndiserver;
  let client: IndiClient;
  let raw: Socket;
  let rawStart = 0;
  let rawDone: ((ms: number) => void) | undefined;
  let ourStart = 0;

  const setup = async () => {
    server = await startIndiserver({ drivers: ['indi_simulator_ccd'] });
    client = new IndiClient({
      reconnect: false,
      transport: () => {
        const t = new TcpTransport({ host: server.host, port: server.port });
        // Timestamp the chunk where the setBLOBVector starts (before the client sees it).
        t.on('data', (d) => {
          if (
            ourStart === 0 &&
            typeof d !== 'string' &&
            Buffer.from(d.buffer, d.byteOffset, d.byteLength).indexOf('<setBLOBVector') !== -1
          ) {
            ourStart = performance.now();
          }
        });
        return t;
      },
    });
    await client.connect();
    await client.waitForProperty(DEVICE, 'CONNECTION', { timeoutMs: 10_000 });
    client.enableBLOB('Also', DEVICE);
    await client.sendNewVector(DEVICE, 'CONNECTION', { CONNECT: 'On' });
    await client.waitForProperty(DEVICE, 'SIMULATOR_SETTINGS');
    await client.sendNewVector(DEVICE, 'SIMULATOR_SETTINGS', { SIM_XRES: 4096, SIM_YRES: 4096 });
    await client.waitForProperty(DEVICE, 'CCD_FRAME');
    await client.sendNewVector(DEVICE, 'CCD_FRAME', { X: 0, Y: 0, WIDTH: 4096, HEIGHT: 4096 });
    raw = new Socket();
    await new Promise<void>((resolve) => raw.connect(server.port, server.host, () => resolve()));
    raw.write(
      `<getProperties version='1.7' device='${DEVICE}'/>\n<enableBLOB device='${DEVICE}'>Only</enableBLOB>\n`,
    );
    let tail = '';
    raw.on('data', (chunk: Buffer) => {
      if (rawDone === undefined) return;
      if (rawStart === 0) rawStart = performance.now();
      tail = (tail + chunk.toString('latin1', Math.max(0, chunk.length - 32))).slice(-32);
      if (tail.includes('</setBLOBVector>')) {
        const done = rawDone;
        rawDone = undefined;
        tail = '';
        done(performance.now() - rawStart);
      }
    });
    await new Promise((r) => setTimeout(r, 300));
  };

  const teardown = async () => {
    raw?.destroy();
    await client?.close();
    await server?.stop();
  };

  const report = () => {
    if (rawTimes.length > 0) {
      const r = median(rawTimes);
      const o = median(ourTimes);
      process.stdout.write(
        `indiserver 4096x4096 FITS: raw reader first→last byte median ${r.toFixed(1)} ms; IndiClient first byte→decoded image median ${o.toFixed(1)} ms; ratio ${(o / r).toFixed(2)} (target <= 1.3) over ${rawTimes.length} frames\n`,
      );
    }
  };

  const FRAMES = 7;

  const exposeOnce = async () => {
    rawStart = 0;
    ourStart = 0;
    const rawTime = new Promise<number>((resolve) => {
      rawDone = resolve;
    });
    const ours = new Promise<number>((resolve, reject) => {
      client.once('blob', (_v, member) => {
        if ((member.data?.byteLength ?? 0) < 4096 * 4096 * 2) reject(new Error('frame too small'));
        else resolve(performance.now() - ourStart);
      });
    });
    client.send({
      type: 'newNumberVector',
      device: DEVICE,
      name: 'CCD_EXPOSURE',
      members: [{ name: 'CCD_EXPOSURE_VALUE', value: 0.01 }],
    });
    const [r, o] = await Promise.all([rawTime, ours]);
    await client.waitForState(DEVICE, 'CCD_EXPOSURE', ['Ok', 'Alert', 'Idle'], { timeoutMs: 30_000 });
    return [r, o] as const;
  };

  // vitest bench runs no hooks, so one run holds it all: start the server, take FRAMES exposures
  // (the first one warms up and is not counted), report the medians, stop the server.
  bench(
    `${FRAMES - 1} exposures: raw reader (baseline) and IndiClient receive the same frames`,
    async () => {
      try {
        await setup();
        for (let i = 0; i < FRAMES; i++) {
          const [r, o] = await exposeOnce();
          if (i === 0) continue;
          rawTimes.push(r);
          ourTimes.push(o);
        }
        report();
      } finally {
        await teardown();
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0 },
  );
});
