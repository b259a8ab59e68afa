import type { PropertyInfo } from '@labwire/core';
import type { ZeissReply } from '../codec/types.js';

/** The commands of a ZEISS INSPECT instance, as properties of its device. */
export const ZeissProperty = {
  image: 'image',
  elements: 'elements',
  request: 'request',
  quit: 'quit',
  lastReply: 'lastReply',
} as const;

export function commandProperties(): PropertyInfo[] {
  return [
    {
      name: ZeissProperty.image,
      type: 'json',
      permission: 'wo',
      label: 'Import image into a measurement series (created if missing)',
      members: [
        { name: 'file', label: 'Image path on the ZEISS INSPECT host' },
        { name: 'name', label: 'Measurement series' },
        { name: 'focalLength', label: 'Focal length', unit: 'mm' },
      ],
    },
    {
      name: ZeissProperty.elements,
      type: 'json',
      permission: 'wo',
      label: 'Import a GOM Inspection exchange file',
      members: [
        { name: 'file', label: '.gxml path on the ZEISS INSPECT host' },
        { name: 'importMode', label: 'Import mode', format: 'clipboard|new_stage' },
      ],
    },
    {
      name: ZeissProperty.request,
      type: 'json',
      permission: 'wo',
      label: 'Any JSON request (extended servers)',
      members: [{ name: 'body' }],
    },
    {
      name: ZeissProperty.quit,
      type: 'json',
      permission: 'wo',
      label: 'Send the quit word (ends the session)',
      members: [],
    },
  ];
}

export function lastReplyProperty(reply: ZeissReply | undefined, text: string | undefined): PropertyInfo {
  return {
    name: ZeissProperty.lastReply,
    type: 'text',
    permission: 'ro',
    state: reply === undefined ? 'idle' : reply.type === 'error' ? 'alert' : 'ok',
    label: 'Last reply of the instrument',
    members: [
      { name: 'text', ...(text === undefined ? {} : { value: text }) },
      { name: 'type', ...(reply === undefined ? {} : { value: reply.type }) },
    ],
  };
}
