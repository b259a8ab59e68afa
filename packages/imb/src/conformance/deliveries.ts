import type { LabwireError } from '@labwire/core';
import type { ImbClient } from '../client/imb-client.js';
import { errorToCanonical, eventToCanonical, hex } from './canonical.js';

/** Records what a client hands to its application, as the suites' delivery objects. */
export function recordDeliveries(client: ImbClient): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  client.on('uniqueClientId', (info) => out.push({ type: 'uniqueClientId', ...info }));
  client.on('event', (event) => {
    const canonical = eventToCanonical({
      eventId: event.hubEventId,
      tick: event.tick,
      kindCode: event.kindCode,
      kind: event.kind,
      flags: event.flags,
      body: event.body,
      ...(event.fields === undefined ? {} : { fields: event.fields }),
    });
    delete canonical.eventId;
    out.push({ type: 'event', eventName: event.eventName, ...canonical });
  });
  client.on('streamStart', (s) =>
    out.push({ type: 'streamStart', eventName: s.eventName, streamId: s.streamId, streamName: s.streamName }),
  );
  client.on('streamEnd', (s) =>
    out.push({
      type: 'streamEnd',
      eventName: s.eventName,
      streamId: s.streamId,
      streamName: s.streamName,
      dataHex: s.data === undefined ? undefined : hex(s.data),
    }),
  );
  client.on('variable', (name, value) => out.push({ type: 'variable', name, valueHex: hex(value) }));
  client.on('eventNames', (entries) =>
    out.push({ type: 'eventNames', entries: entries.map((e) => ({ ...e })) }),
  );
  client.on('notify', (n) => out.push({ type: 'notify', command: n.command, eventName: n.eventName }));
  client.on('endSession', () => out.push({ type: 'endSession' }));
  client.on('error', (error: LabwireError) => out.push({ type: 'error', ...errorToCanonical(error) }));
  return out;
}
