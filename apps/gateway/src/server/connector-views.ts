import {
  type Connector,
  type DeviceInfo,
  ErrorCode,
  LabwireError,
  encodeSegment,
  topicOf,
} from '@labwire/core';
import type { Principal } from '../auth/tokens.js';
import type { ConnectorManager } from '../connectors/connector-manager.js';

/** A connector as the API lists it. */
export function summarize(connector: Connector): Record<string, unknown> {
  return {
    id: connector.id,
    protocol: connector.protocol,
    state: connector.state,
    capabilities: connector.capabilities,
    counters: { ...connector.counters },
  };
}

/** Connectors the principal may see anything of. */
export function visibleConnectors(connectors: ConnectorManager, principal: Principal): Connector[] {
  return connectors.list().filter((c) => !principal.acl.refuses(`${encodeSegment(c.id)}/#`));
}

/** `browse()` of one connector, without the devices and properties the principal may not see. */
export async function browseVisible(
  connectors: ConnectorManager,
  id: string,
  principal: Principal,
): Promise<DeviceInfo[]> {
  const connector = connectors.get(id);
  if (connector === undefined || principal.acl.refuses(`${encodeSegment(id)}/#`)) {
    throw new LabwireError(ErrorCode.NOT_FOUND, `no connector "${id}"`);
  }
  const devices = await connector.browse();
  if (principal.acl.unrestricted) return devices;
  const out: DeviceInfo[] = [];
  for (const device of devices) {
    const properties = device.properties.filter((p) =>
      principal.acl.permits(topicOf(id, device.name, p.name)),
    );
    if (properties.length > 0 || principal.acl.permits(topicOf(id, device.name)))
      out.push({ ...device, properties });
  }
  return out;
}
