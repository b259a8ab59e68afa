import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabwireError } from '@labwire/core';
import { type MemoryTransport, memoryPair, rechunk } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createIndiDecoder } from '../codec/decoder.js';
import type { IndiMessage } from '../codec/messages.js';
import { SimCamera } from '../simulator/devices/camera.js';
import { SimFocuser } from '../simulator/devices/focuser.js';
import { IndiSimulator } from '../simulator/simulator.js';
import { IndiClient } from './client.js';
import { dumpSnapshot, loadSnapshot } from './snapshot.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A scripted server end: records what the client sends, per connection. */
function fakeServer() {
  const connections: Array<{ server: MemoryTransport; received: IndiMessage[] }> = [];
  const factory = () => {
    const pair = memoryPair('stream');
    const received: IndiMessage[] = [];
    const decoder = createIndiDecoder({ message: (m) => received.push(m), error: () => {} });
    pair.server.on('data', (d) => decoder.write(typeof d === 'string' ? Buffer.from(d) : d));
    connections.push({ server: pair.server, received });
    return pair.client;
  };
  return { connections, factory };
}

const FOCUS_DEF = `<defNumberVector device="F" name="POS" state="Idle" perm="rw" timeout="0">
<defNumber name="P" format="%6.0f" min="0" max="100" step="1">5</defNumber></defNumberVector>
<defSwitchVector device="F" name="CONNECTION" state="Idle" perm="rw" rule="OneOfMany">
<defSwitch name="CONNECT">Off</defSwitch><defSwitch name="DISCONNECT">On</defSwitch></defSwitchVector>
<defBLOBVector device="F" name="IMG" state="Idle" perm="ro"><defBLOB name="IMG"/></defBLOBVector>\n`;

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('IndiClient (in memory)', () => {
  it('asks for properties, answers the server pingRequest, and sends OneOfMany switches as the reference does', async () => {
    const fake = fakeServer();
    const client = new IndiClient({ transport: fake.factory, reconnect: false });
    cleanups.push(() => client.close());
    await client.connect();
    const conn = fake.connections[0]!;
    conn.server.write(FOCUS_DEF);
    await client.waitForProperty('F', 'CONNECTION');
    conn.server.write('<pingRequest uid="srv-1"/>\n');
    await tick();
    const pending = client.sendNewVector('F', 'CONNECTION', { CONNECT: 'On' });
    await tick();
    expect(client.vector('F', 'CONNECTION')!.state).toBe('Busy');
    conn.server.write(
      '<setSwitchVector device="F" name="CONNECTION" state="Ok"><oneSwitch name="CONNECT">On</oneSwitch><oneSwitch name="DISCONNECT">Off</oneSwitch></setSwitchVector>',
    );
    const v = await pending;
    expect(v.state).toBe('Ok');
    expect(conn.received).toEqual([
      { type: 'getProperties', version: '1.7' },
      { type: 'pingReply', uid: 'srv-1' },
      {
        type: 'newSwitchVector',
        device: 'F',
        name: 'CONNECTION',
        members: [{ name: 'CONNECT', value: 'On' }],
      },
    ]);
  });

  it('times out a command that stays Busy and emits timeout', async () => {
    const fake = fakeServer();
    const client = new IndiClient({ transport: fake.factory, reconnect: false });
    cleanups.push(() => client.close());
    await client.connect();
    fake.connections[0]!.server.write(FOCUS_DEF);
    await client.waitForProperty('F', 'POS');
    const timedOut: string[] = [];
    client.on('timeout', (v) => timedOut.push(v.name));
    await expect(client.sendNewValue('F', 'POS', 'P', 7, { timeoutMs: 50 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(timedOut).toEqual(['POS']);
    await expect(client.sendNewValue('F', 'NOPE', 'P', 7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.sendNewValue('F', 'POS', 'Q', 7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('does not take a re-definition during a command for its answer', async () => {
    const fake = fakeServer();
    const client = new IndiClient({ transport: fake.factory, reconnect: false });
    cleanups.push(() => client.close());
    await client.connect();
    const server = fake.connections[0]!.server;
    server.write(FOCUS_DEF);
    await client.waitForProperty('F', 'POS');
    let settled = false;
    const pending = client.sendNewValue('F', 'POS', 'P', 9).finally(() => {
      settled = true;
    });
    // Another client's getProperties makes the driver define everything again, to everyone.
    server.write(FOCUS_DEF);
    await tick();
    expect(settled).toBe(false);
    server.write(
      '<setNumberVector device="F" name="POS" state="Ok"><oneNumber name="P">9</oneNumber></setNumberVector>',
    );
    const v = await pending;
    expect(v.state).toBe('Ok');
    expect(v.member('P')!.value).toBe(9);
  });

  it('merges set* (state kept when absent, limits updated), keeps userString over a re-definition, logs messages newest first', async () => {
    const fake = fakeServer();
    const client = new IndiClient({ transport: fake.factory, reconnect: false, maxMessages: 2 });
    cleanups.push(() => client.close());
    await client.connect();
    const server = fake.connections[0]!.server;
    server.write(FOCUS_DEF);
    await client.waitForProperty('F', 'POS');
    client.vector('F', 'POS')!.userString = 'mine';
    server.write(
      '<setNumberVector device="F" name="POS" state="Ok"><oneNumber name="P" max="200">12:30</oneNumber></setNumberVector>',
    );
    server.write(
      '<setNumberVector device="F" name="POS"><oneNumber name="P">13</oneNumber><oneNumber name="ZZ">1</oneNumber></setNumberVector>',
    );
    server.write(
      '<setNumberVector device="X" name="POS"><oneNumber name="P">13</oneNumber></setNumberVector>',
    );
    for (const t of ['one', 'two', 'three'])
      server.write(`<message message="${t}"/><message device="F" message="[INFO] ${t}"/>`);
    await tick();
    const pos = client.vector('F', 'POS')!;
    expect(pos.state).toBe('Ok');
    expect(pos.member('P')).toMatchObject({ value: 13, max: 200, min: 0 });
    expect(client.messages.map((m) => m.text)).toEqual(['three', 'two']);
    expect(client.device('F')!.messages.map((m) => m.text)).toEqual(['[INFO] three', '[INFO] two']);
    server.write(FOCUS_DEF);
    await tick();
    expect(client.vector('F', 'POS')!.userString).toBe('mine');
    expect(client.vector('F', 'POS')!.member('P')!.value).toBe(5);
    expect(client.counters.ignored).toBe(1);
    const snap = client.snapshot();
    expect(Object.isFrozen(snap.devices.F!.vectors.POS!.members.P)).toBe(true);
    expect(loadSnapshot(dumpSnapshot(snap))).toEqual(snap);
    server.write('<delProperty device="F" name="POS"/>');
    await tick();
    expect(client.vector('F', 'POS')).toBeUndefined();
    server.write('<delProperty device="F"/>');
    await tick();
    expect(client.device('F')).toBeUndefined();
  });

  it('re-sends getProperties and every BLOB mode after a reconnect, and rebuilds the model', async () => {
    const fake = fakeServer();
    const client = new IndiClient({
      transport: fake.factory,
      reconnect: { initialDelayMs: 10, jitter: 0 },
      blobMode: 'Also',
      devices: ['F'],
    });
    cleanups.push(() => client.close());
    await client.connect();
    fake.connections[0]!.server.write(FOCUS_DEF);
    await client.waitForProperty('F', 'IMG');
    client.enableBLOB('Only', 'F', 'IMG');
    const removed: string[] = [];
    client.on('deviceRemoved', (d) => removed.push(d));
    await tick();
    const again = new Promise<void>((resolve) => client.once('connected', () => resolve()));
    fake.connections[0]!.server.destroy();
    await again;
    expect(removed).toEqual(['F']);
    expect(client.device('F')).toBeUndefined();
    fake.connections[1]!.server.write(FOCUS_DEF);
    await client.waitForProperty('F', 'IMG');
    await tick();
    expect(fake.connections[0]!.received).toEqual([
      { type: 'getProperties', version: '1.7', device: 'F' },
      { type: 'enableBLOB', device: 'F', value: 'Also' },
      { type: 'enableBLOB', device: 'F', name: 'IMG', value: 'Only' },
    ]);
    expect(fake.connections[1]!.received).toEqual([
      { type: 'getProperties', version: '1.7', device: 'F' },
      { type: 'enableBLOB', device: 'F', name: 'IMG', value: 'Only' },
      { type: 'enableBLOB', device: 'F', value: 'Also' },
    ]);
  });

  it('fails waits with OUTCOME_UNKNOWN when the connection drops', async () => {
    const fake = fakeServer();
    const client = new IndiClient({ transport: fake.factory, reconnect: false });
    cleanups.push(() => client.close());
    const errors: LabwireError[] = [];
    client.on('error', (e) => errors.push(e));
    await client.connect();
    fake.connections[0]!.server.write(`${FOCUS_DEF}<bogus a=b/>`);
    await client.waitForProperty('F', 'POS');
    const pending = client.sendNewValue('F', 'POS', 'P', 9);
    fake.connections[0]!.server.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(errors.map((e) => e.code)).toEqual(['INDI_XML_MALFORMED']);
  });

  it('receives simulator BLOBs through a re-chunking transport and writes them to the BLOB folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'labwire-indi-blobs-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const simulator = new IndiSimulator({
      devices: [
        new SimCamera({ name: 'Cam', width: 100, height: 50, timeScale: 0.001 }),
        new SimFocuser('Foc'),
      ],
    });
    cleanups.push(() => simulator.close());
    const client = new IndiClient({
      transport: () => {
        const pair = memoryPair('stream');
        simulator.accept(pair.server);
        return rechunk(pair.client, { kind: 'random', seed: 9, maxChunk: 333 });
      },
      reconnect: false,
      blobMode: 'Also',
      blobFolder: folder,
    });
    cleanups.push(() => client.close());
    await client.connect();
    await client.waitForProperty('Cam', 'CCD_EXPOSURE');
    const blob = new Promise<Uint8Array>((resolve) => client.once('blob', (_v, m) => resolve(m.data!)));
    const done = await client.sendNewValue('Cam', 'CCD_EXPOSURE', 'CCD_EXPOSURE_VALUE', 1);
    expect(done.state).toBe('Ok');
    const data = await blob;
    expect(data.byteLength).toBe(2880 + Math.ceil((100 * 50 * 2) / 2880) * 2880);
    // The member's filename is set once the file is completely written.
    for (let i = 0; i < 400 && client.member('Cam', 'CCD1', 'CCD1')?.filename === undefined; i++)
      await tick();
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^Cam_CCD1_CCD1_.*\.fits$/);
    expect(Buffer.compare(readFileSync(join(folder, files[0]!)), Buffer.from(data))).toBe(0);
  });

  it('a BLOB-only connection (Only) receives BLOBs without definitions', async () => {
    const simulator = new IndiSimulator({
      devices: [new SimCamera({ name: 'Cam', width: 16, height: 8, timeScale: 0.001 })],
    });
    cleanups.push(() => simulator.close());
    const connect = () => {
      const pair = memoryPair('stream');
      simulator.accept(pair.server);
      return pair.client;
    };
    const control = new IndiClient({ transport: connect, reconnect: false });
    const images = new IndiClient({ transport: connect, reconnect: false, devices: ['Cam'] });
    cleanups.push(
      () => control.close(),
      () => images.close(),
    );
    images.enableBLOB('Only', 'Cam');
    await images.connect();
    await control.connect();
    await control.waitForProperty('Cam', 'CCD_EXPOSURE');
    await images.ping();
    const blob = new Promise<Uint8Array>((resolve) => images.once('blob', (_v, m) => resolve(m.data!)));
    await control.sendNewValue('Cam', 'CCD_EXPOSURE', 'CCD_EXPOSURE_VALUE', 1);
    expect((await blob).byteLength).toBe(2880 * 2);
    expect(images.vector('Cam', 'CCD_EXPOSURE')).toBeUndefined();
    expect(images.vector('Cam', 'CCD1')?.kind).toBe('BLOB');
  });
});
