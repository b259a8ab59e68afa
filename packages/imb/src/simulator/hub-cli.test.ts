import { describe, expect, it } from 'vitest';
import { ImbClient } from '../client/imb-client.js';
import { runHubCli } from './hub-cli.js';

describe('labwire-imb-hub', () => {
  it('starts a hub from its arguments and logs who connects', async () => {
    const lines: string[] = [];
    const hub = await runHubCli(['--port', '0', '--first-unique-client-id', '77'], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    try {
      expect(lines[0]).toMatch(/^IMB3 hub listening on 127\.0\.0\.1:\d+$/);
      const client = await ImbClient.connect('127.0.0.1', hub!.port, {
        ownerId: 1,
        ownerName: 'cli',
        federation: 'f',
      });
      expect(await client.getUniqueClientId()).toBe(77);
      await client.disconnect();
      expect(lines).toContain('client 77 (handle 1) connected');
    } finally {
      await hub?.close();
    }
  });

  it('refuses a bad port and prints usage for --help', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    await expect(runHubCli(['--port', 'x'], io)).rejects.toThrow(/--port/);
    expect(await runHubCli(['--help'], io)).toBeUndefined();
    expect(lines.at(-1)).toMatch(/^usage: labwire-imb-hub/);
  });
});
