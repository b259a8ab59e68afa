import { BusEventSchema, CommandRequestSchema } from '@labwire/core';
import { z } from 'zod';
import { GatewayConfigSchema } from './config/schema.js';
import { ClientMessageSchema, HttpCommandSchema } from './server/inbound-messages.js';
import { ServerMessageSchema } from './server/outbound-messages.js';

/**
 * JSON Schema (draft 2020-12) of the northbound API, generated from the zod schemas the gateway
 * validates with, so the published schema (docs/gateway-api.schema.json) cannot drift from the code.
 */
export function apiJsonSchema(): Record<string, unknown> {
  const render = (schema: z.ZodType) =>
    z.toJSONSchema(schema, { unrepresentable: 'any', target: 'draft-2020-12', io: 'input' }) as Record<
      string,
      unknown
    >;
  const strip = ({ $schema: _s, ...rest }: Record<string, unknown>) => rest;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://labwire.dev/schemas/gateway-api.schema.json',
    title: 'labwire gateway northbound API (labwire.v1)',
    description:
      'WebSocket messages (client→gateway and gateway→client), the HTTP command body and the bus event model. ' +
      'Binary WebSocket frames carry a data event: u32 big-endian header length, a ServerMessage of type "event" as UTF-8 JSON, then the payload bytes.',
    $defs: {
      ClientMessage: strip(render(ClientMessageSchema)),
      ServerMessage: strip(render(ServerMessageSchema)),
      HttpCommand: strip(render(HttpCommandSchema)),
      BusEvent: strip(render(BusEventSchema)),
      CommandRequest: strip(render(CommandRequestSchema)),
    },
  };
}

/**
 * JSON Schema of the config file, for editors (`# yaml-language-server: $schema=…`). Protocol
 * options are open objects here; `labwire-gateway validate` checks them with each protocol's schema.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(GatewayConfigSchema, {
    unrepresentable: 'any',
    target: 'draft-2020-12',
    io: 'input',
  }) as Record<string, unknown>;
  return { ...schema, title: 'labwire gateway configuration' };
}
