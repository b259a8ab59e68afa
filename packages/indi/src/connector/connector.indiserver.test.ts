import type { BusEvent, DataEvent } from '@labwire/core';
import { waitFor } from '@labwire/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningIndiserver, indiserverPath, startIndiserver } from '../indiserver/indiserver-process.js';
import { IndiConnector } from './connector.js';
import { IndiConnectorOptionsSchema } from './options-schema.js';

const haveServer = indiserverPath() !== undefined;
if (!haveServer)
  console.warn(
    'skipping real-indiserver connector test: indiserver is not on PATH (apt-get install indi-bin)',
  );

const CCD = 'CCD Simulator';

describe.skipIf(!haveServer)('IndiConnector against a real indiserver (CCD simulator)', () => {
  let server: RunningIndiserver;
  let connector: IndiConnector;
  const events: BusEvent[] = [];

  beforeAll(async () => {
    server = await startIndiserver({ drivers: ['indi_simulator_ccd'] });
    const options = IndiConnectorOptionsSchema.parse({ host: server.host, port: server.port });
    connector = new IndiConnector({ id: 'observatory', ...options, reconnect: false });
    connector.subscribe('#', (e) => void events.push(e));
    await connector.start();
  }, 30_000);

  afterAll(async () => {
    await connector?.stop();
    await server?.stop();
  });

  it('maps the CCD onto the bus and delivers an exposure as a data event with the FITS bytes', async () => {
    await connector.client.waitForProperty(CCD, 'CONNECTION');
    expect(events.some((e) => e.kind === 'device' && e.device === CCD && e.change === 'added')).toBe(true);
    await connector.command({ target: `${CCD}/CONNECTION/CONNECT`, action: 'set', args: 'On' });
    await connector.client.waitForProperty(CCD, 'CCD_EXPOSURE');
    // The driver defines its vectors one by one after CONNECT; CCD_FRAME may follow CCD_EXPOSURE.
    await connector.client.waitForProperty(CCD, 'CCD_FRAME');
    const exposure = (await connector.browse())
      .find((d) => d.name === CCD)!
      .properties.find((p) => p.name === 'CCD_EXPOSURE')!;
    expect(exposure).toMatchObject({ type: 'number', permission: 'rw', timeout: 60 });
    expect(exposure.members[0]).toMatchObject({
      name: 'CCD_EXPOSURE_VALUE',
      format: '%5.2f',
      min: 0.01,
      max: 3600,
    });
    await connector.command({
      target: `${CCD}/CCD_FRAME`,
      action: 'set',
      args: { X: 0, Y: 0, WIDTH: 64, HEIGHT: 48 },
    });
    const result = await connector.command({
      target: `${CCD}/CCD_EXPOSURE/CCD_EXPOSURE_VALUE`,
      action: 'set',
      args: 0.1,
    });
    expect(result.result).toMatchObject({ state: 'ok' });
    const data = await waitFor(
      'the image as a data event',
      () => events.find((e): e is DataEvent => e.kind === 'data'),
      10_000,
    );
    expect(data).toMatchObject({
      device: CCD,
      property: 'CCD1',
      format: '.fits',
      dtype: 'bytes',
      topic: 'observatory/CCD Simulator/CCD1',
    });
    expect(data!.byteLength).toBe(11520);
    expect(Buffer.from(data!.payload!.subarray(0, 6)).toString('latin1')).toBe('SIMPLE');
    // The driver's "[ERROR] Got no stars…" log line arrives as an error-severity message.
    expect(events.some((e) => e.kind === 'message' && e.device === CCD && e.severity === 'error')).toBe(true);
  }, 30_000);
});
