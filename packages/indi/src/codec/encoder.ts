import { ErrorCode, LabwireError } from '@labwire/core';
import type { IndiCommand } from './commands.js';
import { BLOB_MODES } from './messages.js';
import { formatWireNumber } from './number-format.js';

/**
 * The client command encoder: byte for byte what libindi 1.9.9's BaseClient writes (protocol
 * reference section 8, `encode` vectors). One command per call, ending in a newline.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
  '<': '&lt;',
  '>': '&gt;',
};
const NEEDS_ESCAPE = /[&'"<>]/g;

/** Escapes attribute values and text as BaseClient does: five characters, nothing else. */
export function escapeXml(text: string): string {
  return text.replace(NEEDS_ESCAPE, (c) => ESCAPES[c]!);
}

function refuse(message: string): never {
  throw new LabwireError(ErrorCode.INVALID_ARGUMENT, message);
}

function requireName(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') refuse(`${what} needs a non-empty name`);
  return value;
}

/** Encodes one client command. Throws INVALID_ARGUMENT for a command the protocol cannot carry. */
export function encodeIndiCommand(command: IndiCommand): string {
  switch (command.type) {
    case 'getProperties': {
      if (command.name !== undefined && command.device === undefined)
        refuse('getProperties with a name needs a device');
      let out = `<getProperties version='${escapeXml(command.version ?? '1.7')}'`;
      if (command.device !== undefined) out += ` device='${escapeXml(command.device)}'`;
      if (command.name !== undefined) out += ` name='${escapeXml(command.name)}'`;
      return `${out}/>\n`;
    }
    case 'enableBLOB': {
      // BaseClient silently sends nothing without a device; we refuse out loud.
      const device = requireName(command.device, 'enableBLOB');
      if (!BLOB_MODES.includes(command.value))
        refuse(`enableBLOB value must be Never, Also or Only, got ${command.value}`);
      let out = `<enableBLOB device='${escapeXml(device)}'`;
      if (command.name !== undefined) out += ` name='${escapeXml(command.name)}'`;
      return `${out}>${command.value}</enableBLOB>\n`;
    }
    case 'pingRequest':
    case 'pingReply':
      return `<${command.type} uid='${escapeXml(command.uid)}' />\n`;
    case 'newNumberVector':
    case 'newTextVector':
    case 'newSwitchVector': {
      const device = requireName(command.device, command.type);
      const name = requireName(command.name, command.type);
      const tag =
        command.type === 'newNumberVector'
          ? 'oneNumber'
          : command.type === 'newTextVector'
            ? 'oneText'
            : 'oneSwitch';
      let out = `<${command.type} device='${escapeXml(device)}' name='${escapeXml(name)}'`;
      if (command.timestamp !== undefined) out += ` timestamp='${escapeXml(command.timestamp)}'`;
      out += '>\n';
      for (const member of command.members) {
        const memberName = requireName(member.name, `a member of ${command.type}`);
        let value: string;
        if (command.type === 'newNumberVector') {
          if (typeof member.value !== 'number') refuse(`number member ${memberName} needs a number`);
          value = formatWireNumber(member.value as number);
        } else if (command.type === 'newSwitchVector') {
          if (member.value !== 'On' && member.value !== 'Off')
            refuse(`switch member ${memberName} must be On or Off`);
          value = member.value as string;
        } else value = escapeXml(String(member.value));
        out += `  <${tag} name='${escapeXml(memberName)}'>\n      ${value}\n  </${tag}>\n`;
      }
      return `${out}</${command.type}>\n`;
    }
    case 'newBLOBVector': {
      const device = requireName(command.device, 'newBLOBVector');
      const name = requireName(command.name, 'newBLOBVector');
      let out = `<newBLOBVector\n  device='${escapeXml(device)}'\n  name='${escapeXml(name)}'\n`;
      if (command.timestamp !== undefined) out += `  timestamp='${escapeXml(command.timestamp)}'\n`;
      out += '>\n';
      for (const member of command.members) {
        const data = member.data ?? new Uint8Array(0);
        const size = member.size ?? data.byteLength;
        const base64 = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
        out += `  <oneBLOB\n    name='${escapeXml(requireName(member.name, 'a oneBLOB'))}'\n    size='${size}'\n    enclen='${base64.length}'\n    format='${escapeXml(member.format)}'>\n`;
        for (let at = 0; at < base64.length; at += 72) out += `${base64.slice(at, at + 72)}\n`;
        out += '  </oneBLOB>\n';
      }
      return `${out}</newBLOBVector>\n`;
    }
    default:
      return refuse(`cannot encode ${(command as { type: string }).type}`);
  }
}
