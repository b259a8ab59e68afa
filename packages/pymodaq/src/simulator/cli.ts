#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { type Dialect, isDialect } from '../codec/dialect.js';
import { TcpClient } from '../session/tcp-client.js';
import { PYMODAQ_DEFAULT_PORT, TcpServer } from '../session/tcp-server.js';
import { SimulatedActuator } from './simulated-actuator.js';
import { SimulatedDetector } from './simulated-detector.js';

const USAGE = `labwire PyMoDAQ simulator

  node dist/simulator/cli.js instrument [--connect host:port] [--role grabber|actuator] [--dialect v4]
        [--shape 480x640] [--dtype <u2] [--speed 10] [--min -100] [--max 100] [--units mm]
      a simulated detector or actuator that connects to a PyMoDAQ TCPServer (and reconnects)

  node dist/simulator/cli.js server [--listen host:port] [--dialect v4] [--poll 1000]
      a TCPServer like PyMoDAQ's: logs clients, grabs / reads positions every --poll ms
`;

function hostPort(text: string | undefined, fallbackHost: string): { host: string; port: number } {
  if (text === undefined) return { host: fallbackHost, port: PYMODAQ_DEFAULT_PORT };
  const at = text.lastIndexOf(':');
  return at < 0
    ? { host: fallbackHost, port: Number(text) }
    : { host: text.slice(0, at), port: Number(text.slice(at + 1)) };
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      connect: { type: 'string' },
      listen: { type: 'string' },
      role: { type: 'string', default: 'grabber' },
      dialect: { type: 'string', default: 'v4' },
      shape: { type: 'string', default: '64x64' },
      dtype: { type: 'string', default: '<u2' },
      speed: { type: 'string', default: '10' },
      min: { type: 'string', default: '-100' },
      max: { type: 'string', default: '100' },
      units: { type: 'string', default: 'mm' },
      poll: { type: 'string', default: '1000' },
      help: { type: 'boolean', default: false },
    },
  });
  const mode = positionals[0] ?? 'instrument';
  if (values.help || (mode !== 'instrument' && mode !== 'server') || !isDialect(values.dialect)) {
    process.stdout.write(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const dialect: Dialect = values.dialect;
  if (mode === 'instrument') {
    const { host, port } = hostPort(values.connect, '127.0.0.1');
    const instrument =
      values.role === 'actuator'
        ? new SimulatedActuator({
            speed: Number(values.speed),
            min: Number(values.min),
            max: Number(values.max),
            units: values.units,
          })
        : new SimulatedDetector({
            shape: values.shape.split('x').map(Number),
            dtype: values.dtype,
            name: 'simulator',
          });
    const client = new TcpClient({ host, port, dialect, instrument });
    client.on('connected', () => console.log(`connected to ${host}:${port} as ${client.role} (${dialect})`));
    client.on('disconnected', (err) => console.log(`disconnected${err ? `: ${err.message}` : ''}`));
    client.on('command', (m) => console.log(`← ${m.command}`));
    client.on('error', (err) => console.error(`${err.code}: ${err.message}`));
    process.once('SIGINT', () => void client.close());
    await client.start();
    return;
  }
  const { host, port } = hostPort(values.listen, '127.0.0.1');
  const server = new TcpServer({ host, port, dialect });
  const every = Number(values.poll);
  server.on('error', (err, remote) => console.error(`${remote}: ${err.code}: ${err.message}`));
  server.on('instrument', (instrument) => {
    console.log(`${instrument.id} connected from ${instrument.remote} (${instrument.dialect})`);
    instrument.on('settings', (xml) => console.log(`${instrument.id} settings: ${xml}`));
    instrument.on('info', (k, v) => console.log(`${instrument.id} info ${k} = ${v}`));
    instrument.on('error', (err) => console.error(`${instrument.id}: ${err.code}: ${err.message}`));
    const timer = setInterval(() => {
      const task =
        instrument.type === 'GRABBER'
          ? instrument
              .grab('2D')
              .then((r) =>
                r.channels.map((c) => `${c.name} ${c.array.dtype} [${c.array.shape.join('×')}]`).join(', '),
              )
          : instrument.getPosition().then((p) => `at ${p.value} ${p.units}`);
      task
        .then((text) => console.log(`${instrument.id}: ${text}`))
        .catch((err: Error) => console.error(`${instrument.id}: ${err.message}`));
    }, every);
    instrument.on('close', () => {
      clearInterval(timer);
      console.log(`${instrument.id} left`);
    });
  });
  const address = await server.listen();
  console.log(`listening on ${address.host}:${address.port} (${dialect})`);
  process.once('SIGINT', () => void server.close());
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
