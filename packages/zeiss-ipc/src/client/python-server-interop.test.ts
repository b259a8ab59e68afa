import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { ErrorCode } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ZeissIpcClient } from './client.js';

/*
 * The other direction of interoperability: our client against a Python `websockets` server
 * whose handler follows the reference TestServerApp.py (quit prefix, json.loads, Python `in`
 * dispatch, str() echo, an exception for anything it cannot index → the library's 1011).
 * Instrument calls are replaced by "file name starts with ok" so no ZEISS INSPECT is needed.
 */
const candidates = [process.env.LABWIRE_PYTHON, 'python3', '/usr/bin/python3'].filter(
  (c): c is string => c !== undefined && c !== '',
);
const python = candidates.find(
  (exe) => spawnSync(exe, ['-c', 'import websockets'], { timeout: 10_000 }).status === 0,
);

const SERVER = `
import asyncio, json, sys
import websockets

def decode(message):
    if 'image' in message:
        for p in ('file', 'name', 'focal_length'):
            if not p in message['image']:
                return f"Error: Missing parameter '{p}' in 'image' request."
        file = message['image']['file']
        return "O.k." if str(file).startswith("ok") else f"Error: Image file {file} could not be read."
    elif 'quit' in message:
        return "bye"
    return f"Error: Unknown request:\\n{message}"

async def handler(websocket, path=None):
    async for request in websocket:
        if request.startswith("quit"):
            await websocket.send("bye")
            await websocket.close(code=1000, reason="Closing connection.")
            return
        try:
            message = json.loads(request)
        except json.JSONDecodeError:
            response = "Error: Malformed JSON message."
        else:
            response = decode(message)
        await websocket.send(response)

async def main():
    async with websockets.serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)
        await asyncio.sleep(30)

asyncio.run(main())
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

async function startPythonServer(): Promise<string> {
  const child = spawn(python!, ['-c', SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('python server did not start')), 10_000);
    child.stdout!.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve(d.toString().trim());
    });
    child.once('exit', (code) => reject(new Error(`python server exited with ${code}`)));
  });
  return `ws://127.0.0.1:${port}`;
}

describe.skipIf(python === undefined)(
  `ZeissIpcClient against a Python websockets server${python === undefined ? ' (skipped: no python3 with "import websockets"; install python3-websockets)' : ''}`,
  () => {
    it('talks to it as to the reference App: replies, Python echoes, 1011 as outcome unknown, quit', async () => {
      const url = await startPythonServer();
      const client = new ZeissIpcClient({ url, reconnect: false });
      try {
        await expect(client.importImage({ file: 'ok.jpg', name: 'S', focalLength: 50 })).resolves.toEqual({
          type: 'ok',
        });
        await expect(
          client.importImage({ file: 'C:\\\\x "y".jpg', name: 'S', focalLength: 1 }),
        ).rejects.toMatchObject({
          code: ErrorCode.COMMAND_FAILED,
          message: 'Image file C:\\\\x "y".jpg could not be read.',
        });
        await expect(
          client.send({ command: 'custom', body: { s: "it's", n: 1e16, x: [null, true] } }),
        ).resolves.toMatchObject({
          error: 'unknownRequest',
          echo: `{'s': "it's", 'n': 1e+16, 'x': [None, True]}`,
        });
        // `'image' in 42` raises inside the Python handler: the library closes 1011.
        await expect(client.send({ command: 'custom', body: 42 })).rejects.toMatchObject({
          code: ErrorCode.OUTCOME_UNKNOWN,
          details: { closeCode: 1011 },
        });
        await expect(client.quit()).resolves.toEqual({ type: 'bye' });
      } finally {
        await client.close();
      }
    });
  },
);
