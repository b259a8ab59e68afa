import { EventEmitter } from 'node:events';
import { afterAll, bench, describe } from 'vitest';
import { Bus } from '../dist/bus/bus.js';
import type { BusEventInput } from '../dist/model/events.js';

/**
 * Issue #2 target: 1 publisher → 10 subscribers with topic wildcards, ≥ 1,000,000 events/s
 * delivered in-process. Baseline in the same run: node's EventEmitter fanning the same events
 * out to 10 listeners with no topic matching and no queues (the floor any bus pays on top of).
 */
const BATCH = 1_000;
const SUBSCRIBERS = 10;
const PATTERNS = [
  '#',
  'sim/#',
  'sim/+/+',
  '+/+/temp',
  'sim/+/#',
  '+/dev1/#',
  '+/#',
  'sim/dev1/+',
  '#',
  '+/+/+',
];

const events: BusEventInput[] = Array.from({ length: BATCH }, (_, i) => ({
  kind: 'property',
  connector: 'sim',
  protocol: 'indi',
  device: 'dev1',
  property: i % 2 ? 'temp' : 'pressure',
  change: 'updated',
  type: 'number',
  members: [{ name: 'value', value: i }],
}));
const temps = events.filter((e) => e.kind === 'property' && e.property === 'temp').length;
// Every pattern but '+/+/temp' matches every event.
const deliveredPerBatch = BATCH * (SUBSCRIBERS - 1) + temps;

const bus = new Bus();
let delivered = 0;
for (const p of PATTERNS) bus.subscribe(p, () => void delivered++);

const emitter = new EventEmitter();
emitter.setMaxListeners(20);
let emitted = 0;
for (let i = 0; i < SUBSCRIBERS; i++) emitter.on('event', () => void emitted++);

const timing = { bus: { ms: 0, n: 0 }, emitter: { ms: 0, n: 0 } };

describe('bus fan-out: 1 publisher → 10 wildcard subscribers', () => {
  bench(
    'Bus.publish (1000 events × 10 subscribers)',
    () => {
      const t = performance.now();
      for (const e of events) bus.publish(e);
      timing.bus.ms += performance.now() - t;
      timing.bus.n += deliveredPerBatch;
    },
    { time: 1500 },
  );

  bench(
    'baseline: EventEmitter.emit to 10 listeners (no matching, no queues)',
    () => {
      const t = performance.now();
      for (const e of events) emitter.emit('event', e);
      timing.emitter.ms += performance.now() - t;
      timing.emitter.n += BATCH * SUBSCRIBERS;
    },
    { time: 1500 },
  );
});

afterAll(() => {
  const busRate = (timing.bus.n / timing.bus.ms) * 1000;
  const emitterRate = (timing.emitter.n / timing.emitter.ms) * 1000;
  if (delivered === 0 || emitted === 0) throw new Error('benchmark delivered nothing');
  console.log(
    `\nbus: ${(busRate / 1e6).toFixed(2)} M events/s delivered (target ≥ 1.00 M); ` +
      `EventEmitter baseline ${(emitterRate / 1e6).toFixed(2)} M/s; ratio bus/baseline ${(busRate / emitterRate).toFixed(2)}`,
  );
});
