import type { ConnectorEventInput } from '@labwire/core';
import { ImbEventKind, ImbLogLevel, PayloadReader, readLayout } from '../codec/index.js';
import type { ImbReceivedEvent, ImbStreamEnd } from '../client/types.js';

/** Where an IMB event name lands in the normalized address space. */
export interface ImbAddress {
  device: string;
  property: string;
}

/** `federation.name` → device = federation, property = the rest; a name without a dot keeps the default device. */
export function addressOf(eventName: string, defaultDevice: string): ImbAddress {
  const dot = eventName.indexOf('.');
  if (dot <= 0 || dot === eventName.length - 1) return { device: defaultDevice, property: eventName };
  return { device: eventName.slice(0, dot), property: eventName.slice(dot + 1) };
}

/** The string of an ekNormalEvent body that holds exactly one string (pyimb signal_string), or undefined. */
export function singleString(body: Uint8Array): string | undefined {
  try {
    return readLayout(new PayloadReader(body), [['value', 'str']]).value as string;
  } catch {
    return undefined;
  }
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function severityOf(level: number): 'debug' | 'info' | 'warning' | 'error' {
  if (level === ImbLogLevel.error) return 'error';
  if (level === ImbLogLevel.warning) return 'warning';
  if (level === ImbLogLevel.dump) return 'debug';
  return 'info';
}

function bytesData(
  address: ImbAddress,
  payload: Uint8Array,
  metadata: Record<string, unknown>,
): ConnectorEventInput {
  return {
    kind: 'data',
    device: address.device,
    property: address.property,
    dtype: 'bytes',
    shape: [payload.byteLength],
    byteLength: payload.byteLength,
    payload,
    metadata,
  };
}

/**
 * The bus events for one received IMB event (docs/protocols/imb.md): a one-string normal event
 * is a `message`, other normal events and buffers are `data`, change-object events are
 * `property` updates, log lines are `message`s with a severity. Other kinds give nothing here
 * (they reach the bus as `raw` when that is on).
 */
export function mapEvent(event: ImbReceivedEvent, address: ImbAddress, topic: string): ConnectorEventInput[] {
  const f = event.fields;
  switch (event.kindCode) {
    case ImbEventKind.ekNormalEvent: {
      const text = singleString(event.body);
      if (text !== undefined)
        return [{ kind: 'message', device: address.device, text, severity: 'info', topic }];
      return [
        bytesData(address, event.body, { eventName: event.eventName, kind: event.kind, flags: event.flags }),
      ];
    }
    case ImbEventKind.ekChangeObjectEvent:
    case ImbEventKind.ekChangeObjectDataEvent: {
      if (f === undefined)
        return [bytesData(address, event.body, { eventName: event.eventName, kind: event.kind })];
      const members: Array<{ name: string; value: number | string }> = [
        { name: 'action', value: f.action as number },
        { name: 'objectId', value: f.objectId as number },
        { name: 'attribute', value: f.attribute as string },
      ];
      if (event.kindCode === ImbEventKind.ekChangeObjectDataEvent) {
        members.push({ name: 'newValues', value: hex(f.newValues as Uint8Array) });
        members.push({ name: 'oldValues', value: hex(f.oldValues as Uint8Array) });
      }
      return [
        {
          kind: 'property',
          device: address.device,
          property: address.property,
          change: 'updated',
          type: 'json',
          state: 'ok',
          permission: 'ro',
          members,
        },
      ];
    }
    case ImbEventKind.ekBuffer:
      if (f === undefined) return [];
      return [bytesData(address, f.data as Uint8Array, { eventName: event.eventName, bufferId: f.bufferId })];
    case ImbEventKind.ekLogWriteLn:
      if (f === undefined) return [];
      return [
        {
          kind: 'message',
          device: address.device,
          text: f.line as string,
          severity: severityOf(f.level as number),
          topic,
        },
      ];
    default:
      return [];
  }
}

/** A completed incoming stream as a `data` event. */
export function mapStream(end: ImbStreamEnd, address: ImbAddress): ConnectorEventInput[] {
  if (end.data === undefined) return [];
  return [
    {
      ...bytesData(address, end.data, {
        eventName: end.eventName,
        streamId: end.streamId,
        streamName: end.streamName,
      }),
      format: end.streamName,
    } as ConnectorEventInput,
  ];
}
