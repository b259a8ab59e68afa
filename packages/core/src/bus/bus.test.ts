import { describe, expect, it } from 'vitest';
import type { BusEvent, BusEventInput } from '../model/events.js';
import { Bus } from './bus.js';

const prop = (device: string, property: string, value: number): BusEventInput => ({
  kind: 'property',
  connector: 'sim',
  protocol: 'indi',
  device,
  property,
  change: 'updated',
  type: 'number',
  members: [{ name: 'v', value }],
});

const memberValue = (e: BusEvent) => (e.kind === 'property' ? e.members[0]?.value : undefined);

describe('Bus', () => {
  it('stamps monotonic seq, time and the default topic', () => {
    const bus = new Bus({ now: () => 1234 });
    const a = bus.publish(prop('d', 'p', 1));
    const b = bus.publish(prop('d', 'q', 2));
    expect(a.seq).toBe(1);
    expect(b.seq).toBe(2);
    expect(a.time).toBe(1234);
    expect(a.topic).toBe('sim/d/p');
    expect(
      bus.publish({ kind: 'connection', connector: 'sim', protocol: 'indi', state: 'connected', attempt: 1 })
        .topic,
    ).toBe('sim');
  });

  it('publish stamps a copy, in the input field order, and leaves the input as it was', () => {
    const bus = new Bus({ now: () => 7 });
    const input = prop('d', 'p', 1);
    const before = JSON.stringify(input);
    const event = bus.publish(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(event).not.toBe(input);
    expect(Object.keys(event)).toEqual([...Object.keys(input), 'topic', 'seq', 'time']);
    expect((event as { members?: unknown }).members).toBe((input as { members?: unknown }).members);
    const owned = prop('d', 'p', 2);
    expect(bus.publishOwned(owned)).toBe(owned);
  });

  it('delivers to matching patterns only, in publish order', () => {
    const bus = new Bus();
    const all: number[] = [];
    const oneProp: number[] = [];
    const otherDevice: number[] = [];
    bus.subscribe('#', (e) => void all.push(e.seq));
    bus.subscribe('sim/+/p', (e) => void oneProp.push(e.seq));
    bus.subscribe(['sim/x/#'], (e) => void otherDevice.push(e.seq));
    for (let i = 0; i < 10; i++) bus.publish(prop(i % 2 ? 'x' : 'y', i % 3 ? 'p' : 'q', i));
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(oneProp).toEqual([2, 3, 5, 6, 8, 9]);
    expect(otherDevice).toEqual([2, 4, 6, 8, 10]);
  });

  it('filters by event kind', () => {
    const bus = new Bus();
    const kinds: string[] = [];
    bus.subscribe('#', (e) => void kinds.push(e.kind), { kinds: ['message'] });
    bus.publish(prop('d', 'p', 1));
    bus.publish({ kind: 'message', connector: 'sim', protocol: 'indi', text: 'hello', severity: 'info' });
    expect(kinds).toEqual(['message']);
  });

  it('keeps a stalled subscriber from delaying a fast one, dropping its oldest events', async () => {
    const bus = new Bus({ queueSize: 5 });
    const fast: number[] = [];
    const slow: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    bus.subscribe('#', (e) => void fast.push(memberValue(e) as number));
    const stalled = bus.subscribe('#', async (e) => {
      slow.push(memberValue(e) as number);
      await gate;
    });
    for (let i = 0; i < 20; i++) bus.publish(prop('d', 'p', i));
    // The fast subscriber got everything synchronously, while the slow one is stuck on event 0.
    expect(fast).toHaveLength(20);
    expect(slow).toEqual([0]);
    expect(stalled.queued).toBe(5);
    expect(stalled.dropped).toBe(14);
    release();
    await new Promise((r) => setTimeout(r, 0));
    // After the stall it sees the newest five, in order.
    expect(slow).toEqual([0, 15, 16, 17, 18, 19]);
    expect(bus.stats().dropped).toBe(14);
  });

  it('disconnects an overflowing subscriber under the disconnect policy', () => {
    const bus = new Bus();
    const reasons: unknown[] = [];
    const sub = bus.subscribe('#', () => new Promise<void>(() => {}), {
      queueSize: 3,
      overflow: 'disconnect',
      onClose: (reason) => reasons.push(reason),
    });
    for (let i = 0; i < 10; i++) bus.publish(prop('d', 'p', i));
    expect(sub.closed).toBe(true);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ code: 'OVERFLOW' });
    expect(bus.stats().subscribers).toBe(0);
  });

  it('isolates a throwing handler from the others and from the publisher', () => {
    const errors: unknown[] = [];
    const bus = new Bus({ onHandlerError: (err) => errors.push(err) });
    const got: number[] = [];
    bus.subscribe('#', () => {
      throw new Error('boom');
    });
    bus.subscribe('#', (e) => void got.push(e.seq));
    bus.publish(prop('d', 'p', 1));
    bus.publish(prop('d', 'p', 2));
    expect(got).toEqual([1, 2]);
    expect(errors).toHaveLength(2);
  });

  it('queues events published from inside a handler behind the current one', () => {
    const bus = new Bus();
    const order: string[] = [];
    bus.subscribe('#', (e) => {
      order.push(`start ${e.seq}`);
      if (e.seq === 1) bus.publish(prop('d', 'p', 99));
      order.push(`end ${e.seq}`);
    });
    bus.publish(prop('d', 'p', 1));
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('keeps seq order for every subscriber when a handler publishes', () => {
    const bus = new Bus();
    const seen: Record<string, number[]> = { a: [], b: [], c: [] };
    bus.subscribe('#', (e) => void seen.a!.push(e.seq));
    bus.subscribe('#', (e) => {
      seen.b!.push(e.seq);
      if (e.seq === 1) bus.publish(prop('d', 'q', 2));
    });
    bus.subscribe('#', (e) => void seen.c!.push(e.seq));
    bus.publish(prop('d', 'p', 1));
    expect(seen).toEqual({ a: [1, 2], b: [1, 2], c: [1, 2] });
  });

  it('publishOwned stamps the given object without copying it', () => {
    const bus = new Bus();
    const input = prop('d', 'p', 1);
    const event = bus.publishOwned(input);
    expect(event).toBe(input);
    expect(event).toMatchObject({ seq: 1, topic: 'sim/d/p' });
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new Bus();
    const got: number[] = [];
    const sub = bus.subscribe('#', (e) => void got.push(e.seq));
    bus.publish(prop('d', 'p', 1));
    sub.unsubscribe();
    bus.publish(prop('d', 'p', 2));
    expect(got).toEqual([1]);
  });

  it('validates events when asked to', () => {
    const bus = new Bus({ validate: true });
    expect(() =>
      bus.publish({ ...prop('d', 'p', 1), type: 'weird' } as unknown as BusEventInput),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(bus.seq).toBe(1);
  });
});
