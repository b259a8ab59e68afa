import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningIndiserver, indiserverPath, startIndiserver } from '../indiserver/indiserver-process.js';
import { IndiClient } from './client.js';
import { dumpSnapshot, loadSnapshot } from './snapshot.js';

const DRIVERS = [
  'indi_simulator_telescope',
  'indi_simulator_ccd',
  'indi_simulator_focus',
  'indi_simulator_wheel',
];
const haveServer = indiserverPath() !== undefined;
if (!haveServer)
  console.warn('skipping real-indiserver client tests: indiserver is not on PATH (apt-get install indi-bin)');

/**
 * The client against a real indiserver 1.9.9 with the Debian simulators. One server for the
 * whole file (scenarios run in order on it) keeps the number of indiserver runs bounded.
 */
describe.skipIf(!haveServer)('IndiClient against a real indiserver', () => {
  let server: RunningIndiserver;
  let client: IndiClient;

  beforeAll(async () => {
    server = await startIndiserver({ drivers: DRIVERS });
    client = new IndiClient({
      host: server.host,
      port: server.port,
      reconnect: { initialDelayMs: 100, maxDelayMs: 500, jitter: 0 },
    });
    await client.connect();
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('receives the full definition dump of every device', async () => {
    for (const device of ['Telescope Simulator', 'CCD Simulator', 'Focuser Simulator', 'Filter Simulator']) {
      const v = await client.waitForProperty(device, 'CONNECTION', { timeoutMs: 10_000 });
      expect(v.kind).toBe('Switch');
      expect(v.rule).toBe('OneOfMany');
      expect(v.member('DISCONNECT')?.value).toBe('On');
      await client.waitForProperty(device, 'DRIVER_INFO', { timeoutMs: 5_000 });
    }
    expect(client.device('CCD Simulator')?.vector('DRIVER_INFO')?.member('DRIVER_EXEC')?.value).toBe(
      'indi_simulator_ccd',
    );
  });

  it('connects the focuser, sets a number and waits for Ok', async () => {
    const connection = await client.sendNewVector('Focuser Simulator', 'CONNECTION', { CONNECT: 'On' });
    expect(connection.state).toBe('Ok');
    await client.waitForProperty('Focuser Simulator', 'ABS_FOCUS_POSITION', { timeoutMs: 5_000 });
    const moved = await client.sendNewValue(
      'Focuser Simulator',
      'ABS_FOCUS_POSITION',
      'FOCUS_ABSOLUTE_POSITION',
      30000,
    );
    expect(moved.state).toBe('Ok');
    expect(moved.member('FOCUS_ABSOLUTE_POSITION')?.value).toBe(30000);
  });

  it('changes the filter wheel slot (Busy, then Ok)', async () => {
    await client.sendNewVector('Filter Simulator', 'CONNECTION', { CONNECT: true });
    await client.waitForProperty('Filter Simulator', 'FILTER_SLOT', { timeoutMs: 5_000 });
    const slot = await client.sendNewValue('Filter Simulator', 'FILTER_SLOT', 'FILTER_SLOT_VALUE', 3);
    expect(slot.state).toBe('Ok');
    expect(slot.member('FILTER_SLOT_VALUE')?.value).toBe(3);
  });

  it('unparks and slews the telescope', async () => {
    await client.sendNewVector('Telescope Simulator', 'CONNECTION', { CONNECT: 'On' });
    await client.waitForProperty('Telescope Simulator', 'EQUATORIAL_EOD_COORD', { timeoutMs: 5_000 });
    await client.sendNewVector(
      'Telescope Simulator',
      'TELESCOPE_PARK',
      { UNPARK: 'On' },
      { timeoutMs: 10_000 },
    );
    await client.sendNewVector('Telescope Simulator', 'ON_COORD_SET', { TRACK: 'On' });
    const coords = client.vector('Telescope Simulator', 'EQUATORIAL_EOD_COORD')!;
    const ra = coords.member('RA')!.value as number;
    const dec = coords.member('DEC')!.value as number;
    const states: string[] = [];
    const onSet = (v: { name: string; state: string }) => {
      if (v.name === 'EQUATORIAL_EOD_COORD') states.push(v.state);
    };
    client.on('set', onSet);
    // A short slew (1 degree in DEC) keeps the test quick.
    const done = await client.sendNewVector(
      'Telescope Simulator',
      'EQUATORIAL_EOD_COORD',
      { RA: ra, DEC: dec > 80 ? dec - 1 : dec + 1 },
      { timeoutMs: 60_000 },
    );
    client.off('set', onSet);
    expect(done.state).toBe('Ok');
    expect(states).toContain('Busy');
    expect(Math.abs((done.member('DEC')!.value as number) - (dec > 80 ? dec - 1 : dec + 1))).toBeLessThan(
      0.1,
    );
  }, 70_000);

  it('takes a CCD exposure and receives the FITS image as a BLOB', async () => {
    client.enableBLOB('Also', 'CCD Simulator');
    await client.sendNewVector('CCD Simulator', 'CONNECTION', { CONNECT: 'On' });
    await client.waitForProperty('CCD Simulator', 'CCD_EXPOSURE', { timeoutMs: 5_000 });
    await client.waitForProperty('CCD Simulator', 'CCD1', { timeoutMs: 5_000 });
    await client.sendNewVector('CCD Simulator', 'CCD_FRAME', { X: 0, Y: 0, WIDTH: 64, HEIGHT: 48 });
    // A second, BLOB-only connection: no definitions, only the images.
    const images = new IndiClient({
      host: server.host,
      port: server.port,
      reconnect: false,
      devices: ['CCD Simulator'],
    });
    images.enableBLOB('Only', 'CCD Simulator');
    await images.connect();
    await images.ping();
    const onlyBlob = new Promise<Uint8Array>((resolve) =>
      images.once('blob', (_v, member) => resolve(member.data!)),
    );
    const nonBlobUpdates: string[] = [];
    images.on('set', (v) => {
      if (v.kind !== 'BLOB') nonBlobUpdates.push(v.name);
    });
    const blob = new Promise<{ data: Uint8Array; format: string | undefined }>((resolve) => {
      client.once('blob', (_v, member) => resolve({ data: member.data!, format: member.blobFormat }));
    });
    const exposure = await client.sendNewValue('CCD Simulator', 'CCD_EXPOSURE', 'CCD_EXPOSURE_VALUE', 0.1, {
      timeoutMs: 20_000,
    });
    expect(exposure.state).toBe('Ok');
    const image = await blob;
    expect(image.format).toBe('.fits');
    expect(Buffer.from(image.data.subarray(0, 6)).toString('latin1')).toBe('SIMPLE');
    expect(image.data.byteLength % 2880).toBe(0);
    expect(Buffer.compare(Buffer.from(await onlyBlob), Buffer.from(image.data))).toBe(0);
    // indiserver may still send it the definitions its getProperties asked for, but no updates.
    expect(nonBlobUpdates).toEqual([]);
    await images.close();
    const snap = loadSnapshot(dumpSnapshot(client.snapshot()));
    expect(snap.devices['CCD Simulator']?.vectors.CCD1?.members.CCD1?.data?.byteLength).toBe(
      image.data.byteLength,
    );
    expect(Object.isFrozen(snap.devices)).toBe(true);
  }, 30_000);

  it('sees a driver restart: device-wide delProperty, then the device defined again', async () => {
    await client.waitForProperty('CCD Simulator', 'CCD_SIMULATE_CRASH', { timeoutMs: 5_000 });
    const deleted = new Promise<void>((resolve) =>
      client.on(
        'delete',
        (device, vector) => device === 'CCD Simulator' && vector === undefined && resolve(),
      ),
    );
    // The crash switch is never answered: the driver dies. Do not wait for a state.
    client.send({
      type: 'newSwitchVector',
      device: 'CCD Simulator',
      name: 'CCD_SIMULATE_CRASH',
      members: [{ name: 'CRASH', value: 'On' }],
    });
    await deleted;
    const again = await client.waitForProperty('CCD Simulator', 'CONNECTION', { timeoutMs: 10_000 });
    expect(again.member('CONNECT')?.value).toBe('Off');
  }, 20_000);

  it('rebuilds the model after a server restart', async () => {
    const port = server.port;
    const disconnected = new Promise<void>((resolve) => client.once('disconnected', () => resolve()));
    await server.stop();
    await disconnected;
    expect(client.connected).toBe(false);
    const reconnected = new Promise<void>((resolve) => client.once('connected', () => resolve()));
    server = await startIndiserver({ drivers: DRIVERS, port });
    await reconnected;
    const v = await client.waitForProperty('Focuser Simulator', 'CONNECTION', { timeoutMs: 10_000 });
    // A fresh server: the focuser is disconnected again and its connection-time properties are gone.
    expect(v.member('CONNECT')?.value).toBe('Off');
    expect(client.vector('Focuser Simulator', 'ABS_FOCUS_POSITION')).toBeUndefined();
    expect(client.counters.reconnects).toBeGreaterThan(0);
  }, 40_000);
});
