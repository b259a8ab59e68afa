import { escapeXml } from '../codec/encoder.js';
import { formatWireNumber } from '../codec/number-format.js';
import type { SimMember, SimVector } from './sim-vector.js';

/**
 * What the simulator writes to its clients, in indiserver 1.9.9's layout (double quotes, one
 * member per line, the value alone on its line, BLOB base64 on one line).
 */

const attr = (name: string, value: string | number | undefined): string =>
  value === undefined ? '' : ` ${name}="${escapeXml(String(value))}"`;

export function timestampNow(): string {
  return new Date().toISOString().slice(0, 19);
}

function memberValue(vector: SimVector, m: SimMember): string {
  return vector.kind === 'Number' ? formatWireNumber(Number(m.value)) : escapeXml(String(m.value));
}

export function encodeDefinition(vector: SimVector): string {
  const tag = `def${vector.kind}Vector`;
  const memberTag = `def${vector.kind}`;
  let out = `<${tag}${attr('device', vector.device)}${attr('name', vector.name)}${attr('label', vector.label ?? vector.name)}${attr('group', vector.group ?? 'Main Control')}${attr('state', vector.state)}`;
  if (vector.kind !== 'Light') out += `${attr('perm', vector.perm ?? 'rw')}`;
  if (vector.kind === 'Switch') out += attr('rule', vector.rule ?? 'OneOfMany');
  if (vector.kind !== 'Light') out += attr('timeout', vector.timeout ?? 0);
  out += `${attr('timestamp', timestampNow())}>\n`;
  for (const m of vector.members) {
    out += `    <${memberTag}${attr('name', m.name)}${attr('label', m.label ?? m.name)}`;
    if (vector.kind === 'Number') {
      out += `${attr('format', m.format ?? '%g')}${attr('min', formatWireNumber(m.min ?? 0))}${attr('max', formatWireNumber(m.max ?? 0))}${attr('step', formatWireNumber(m.step ?? 0))}`;
    }
    out += vector.kind === 'BLOB' ? '/>\n' : `>\n${memberValue(vector, m)}\n    </${memberTag}>\n`;
  }
  return `${out}</${tag}>\n`;
}

export interface SetOptions {
  message?: string;
  /** Only these members (default: all). */
  members?: readonly string[];
}

export function encodeSet(vector: SimVector, options: SetOptions = {}): string {
  const tag = `set${vector.kind}Vector`;
  const memberTag = `one${vector.kind}`;
  let out = `<${tag}${attr('device', vector.device)}${attr('name', vector.name)}${attr('state', vector.state)}`;
  if (vector.kind !== 'Light') out += attr('timeout', vector.timeout ?? 0);
  out += `${attr('timestamp', timestampNow())}${attr('message', options.message)}>\n`;
  for (const m of vector.members) {
    if (options.members !== undefined && !options.members.includes(m.name)) continue;
    out += `    <${memberTag}${attr('name', m.name)}>\n${memberValue(vector, m)}\n    </${memberTag}>\n`;
  }
  return `${out}</${tag}>\n`;
}

/** A setBLOBVector carrying one BLOB, base64 on one line (as indiserver sends it). */
export function encodeBlobSet(vector: SimVector, member: string, data: Uint8Array, format: string): string {
  const base64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  return `<setBLOBVector${attr('device', vector.device)}${attr('name', vector.name)}${attr('state', vector.state)}${attr('timeout', vector.timeout ?? 0)}${attr('timestamp', timestampNow())}>\n    <oneBLOB${attr('name', member)}${attr('size', data.byteLength)}${attr('format', format)}${attr('len', data.byteLength)}>\n${base64}\n    </oneBLOB>\n</setBLOBVector>\n`;
}

export function encodeServerMessage(device: string | undefined, message: string): string {
  return `<message${attr('device', device)}${attr('timestamp', timestampNow())}${attr('message', message)}/>\n`;
}

export function encodeDelProperty(device: string, name?: string): string {
  return `<delProperty${attr('device', device)}${attr('name', name)}${attr('timestamp', timestampNow())}/>\n`;
}

export function encodePing(type: 'pingRequest' | 'pingReply', uid: string): string {
  return `<${type}${attr('uid', uid)}/>\n`;
}
