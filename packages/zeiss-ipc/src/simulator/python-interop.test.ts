import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ZeissInspectSimulator } from './simulator.js';

/*
 * Interoperability with a non-JavaScript peer: Python's `websockets` client drives our simulator
 * the way the reference client does (connect, send payload + "\n", read one reply, close).
 * `python3` first; Debian's interpreter as a fallback where a version manager's shim shadows it.
 */
const candidates = [process.env.LABWIRE_PYTHON, 'python3', '/usr/bin/python3'].filter(
  (c): c is string => c !== undefined && c !== '',
);
const python = candidates.find(
  (exe) => spawnSync(exe, ['-c', 'import websockets'], { timeout: 10_000 }).status === 0,
);

const CLIENT = `
import asyncio, json, sys
import websockets

async def one(uri, payload, binary):
    # The reference client: a connection per request, payload plus newline, one reply, close.
    async with websockets.connect(uri) as ws:
        await ws.send(payload.encode() if binary else payload + "\\n")
        try:
            return {"reply": await ws.recv(), "ext": ws.response_headers.get("Sec-WebSocket-Extensions") if hasattr(ws, "response_headers") else None}
        except websockets.exceptions.ConnectionClosed as exc:
            rcvd = getattr(exc, "rcvd", None)
            return {"close": rcvd.code if rcvd is not None else exc.code}

async def main():
    uri, requests = sys.argv[1], json.loads(sys.argv[2])
    out = [await one(uri, r["text"], r.get("binary", False)) for r in requests]
    print(json.dumps({"version": websockets.__version__, "results": out}))

asyncio.run(asyncio.wait_for(main(), 20))
`;

const sims: ZeissInspectSimulator[] = [];
afterEach(async () => {
  for (const s of sims.splice(0)) await s.close();
});

// Asynchronous: the simulator runs in this process and must keep serving while Python talks to it.
async function runClient(url: string, requests: Array<{ text: string; binary?: boolean }>) {
  const { stdout } = await promisify(execFile)(python!, ['-c', CLIENT, url, JSON.stringify(requests)], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(stdout) as {
    version: string;
    results: Array<{ reply?: string; close?: number; ext?: string | null }>;
  };
}

describe.skipIf(python === undefined)(
  `Python websockets client against the simulator${python === undefined ? ' (skipped: no python3 with "import websockets"; install python3-websockets)' : ''}`,
  () => {
    for (const perMessageDeflate of [false, true]) {
      it(`answers the reference client's requests${perMessageDeflate ? ' with permessage-deflate' : ''}`, async () => {
        const sim = new ZeissInspectSimulator({
          port: 0,
          perMessageDeflate,
          host: { files: ['C:/temp/example.jpg', 'C:/temp/Points.gxml'], series: [] },
        });
        sims.push(sim);
        await sim.listen();
        const { results } = await runClient(sim.url, [
          { text: '{"image": {"file": "C:/temp/example.jpg", "name": "Default", "focal_length": "50.0"}}' },
          { text: '{"elements": {"file": "C:/temp/Points.gxml", "import_mode": "clipboard"}}' },
          { text: '{"elements": {"file": "C:/temp/nope.gxml", "import_mode": "clipboard"}}' },
          { text: '{"s": "it\'s", "n": 1e16, "x": [null, true]}' },
          { text: 'quit' },
          { text: 'quit', binary: true },
        ]);
        expect(results.map((r) => r.reply ?? r.close)).toEqual([
          'O.k.',
          'O.k.',
          'Error: Elements file C:/temp/nope.gxml could not be read.',
          "Error: Unknown request:\n{'s': \"it's\", 'n': 1e+16, 'x': [None, True]}",
          'bye',
          1011,
        ]);
        if (perMessageDeflate) expect(results[0]!.ext).toMatch(/permessage-deflate/);
        expect(sim.host.callsAsJson().map((c) => c.command)).toEqual([
          'create_measurement_series_for_other_images',
          'import_other_images',
          'import_gom_inspection_exchange',
        ]);
      });
    }
  },
);
