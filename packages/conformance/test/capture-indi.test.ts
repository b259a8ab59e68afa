import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indiserverPath, startIndiserver } from '@labwire/indi';
import indiAdapter from '@labwire/indi/conformance';
import { loadSuites } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../src/capture/format.js';
import { CaptureRecorder } from '../src/capture/recorder.js';
import { startTcpRecordingProxy } from '../src/capture/recording-proxy.js';
import { captureToSuite } from '../src/capture/to-vectors.js';
import { AdapterRegistry } from '../src/registry.js';
import { runSuites } from '../src/runner.js';

const haveIndiserver = indiserverPath() !== undefined;
const DRIVERS = ['indi_simulator_focus'];

describe.skipIf(!haveIndiserver)('capture → to-vectors → runner on a real indiserver session', () => {
  it('turns a recorded session into a suite that passes against a fresh server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-indi-capture-'));
    const file = join(dir, 'session.capture.jsonl');
    const server = await startIndiserver({ drivers: DRIVERS });
    try {
      const recorder = new CaptureRecorder(file, {
        protocol: 'indi',
        framing: 'stream',
        peer: `tcp://127.0.0.1:${server.port}`,
      });
      const proxy = await startTcpRecordingProxy({ target: `127.0.0.1:${server.port}`, recorder });
      // A client session: ask for everything, connect the focuser, let it answer, leave.
      const socket = connect({ host: '127.0.0.1', port: proxy.port });
      let received = '';
      socket.on('data', (d) => {
        received += d.toString();
      });
      await new Promise((r) => socket.once('connect', r));
      socket.write('<getProperties version="1.7"/>\n');
      const until = async (text: string) => {
        const deadline = Date.now() + 10_000;
        while (!received.includes(text)) {
          if (Date.now() > deadline) throw new Error(`no ${text} from indiserver`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until('CONNECTION');
      await new Promise((r) => setTimeout(r, 300));
      socket.write(
        '<newSwitchVector device="Focuser Simulator" name="CONNECTION">\n  <oneSwitch name="CONNECT">On</oneSwitch>\n</newSwitchVector>\n',
      );
      await until('FOCUS_MOTION');
      await new Promise((r) => setTimeout(r, 500));
      socket.end();
      await new Promise((r) => setTimeout(r, 100));
      await proxy.close();
      await recorder.end();
    } finally {
      await server.stop();
    }

    const capture = readCapture(file);
    const suite = await captureToSuite(capture, { source: file, drivers: DRIVERS, idPrefix: 'focuser' });
    const ops = suite.cases[0]!.steps as Array<{ op: string }>;
    expect(ops[0]).toMatchObject({ op: 'connect' });
    expect(ops.filter((s) => s.op === 'sendRaw')).toHaveLength(2);
    expect(ops.filter((s) => s.op === 'expect').length).toBeGreaterThan(10);
    const suiteFile = join(dir, 'focuser.json');
    writeFileSync(suiteFile, JSON.stringify(suite, null, 2));

    const report = await runSuites(loadSuites([suiteFile]), new AdapterRegistry().register(indiAdapter));
    expect(report.results.map((r) => r.message ?? 'pass')).toEqual(['pass']);

    // The same suite with one expectation the server never meets must fail: the round trip checks something.
    const tampered = JSON.parse(JSON.stringify(suite));
    const step = tampered.cases[0].steps.find((s: { op: string }) => s.op === 'expect');
    step.match.device = 'No Such Device';
    step.timeoutMs = 1000;
    writeFileSync(suiteFile, JSON.stringify(tampered));
    const bad = await runSuites(loadSuites([suiteFile]), new AdapterRegistry().register(indiAdapter));
    expect(bad.failed).toBe(1);
  }, 90_000);
});
