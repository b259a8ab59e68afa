import { ErrorCode, LabwireError } from '@labwire/core';
import type { PymodaqValue } from '../codec/values.js';
import type { RemoteInstrument, RequestOptions } from '../session/remote-instrument.js';
import { type ParameterNode, findParameter } from '../settings/parameter-tree.js';
import { parameterToXml } from '../settings/parameter-xml.js';

/**
 * Bus commands → PyMoDAQ requests (docs/protocols/pymodaq.md, "Commands"). Each resolves on the
 * client's reply; `stop`, settings and `raw` resolve when sent, since PyMoDAQ defines no reply.
 */
export interface CommandContext {
  device: string;
  instrument: RemoteInstrument;
  /** Target segments after the device: property, then member path. */
  property: string;
  rest: string[];
  action: string;
  args: unknown;
  options: RequestOptions;
  defaultGrabDim: '0D' | '1D' | '2D' | 'ND';
}

function argValue(args: unknown): unknown {
  return typeof args === 'object' && args !== null && 'value' in args
    ? (args as { value: unknown }).value
    : args;
}

function numberArg(args: unknown): number {
  const v = argValue(args);
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new LabwireError(
      ErrorCode.INVALID_ARGUMENT,
      `expected a number or {value: number}, got ${JSON.stringify(args)}`,
    );
  }
  return n;
}

function summary(p: { value: number; units: string }): { position: number; units: string } {
  return { position: p.value, units: p.units };
}

/** `set_info` for one leaf of the published tree. */
function setSetting(c: CommandContext): unknown {
  const path = c.rest.length === 1 ? c.rest[0]!.split('.') : c.rest;
  const tree = c.instrument.settings;
  const node = tree === undefined ? undefined : findParameter(tree, path);
  if (node === undefined || node.children !== undefined) {
    throw new LabwireError(ErrorCode.NOT_FOUND, `${c.device} has no setting ${path.join('.')}`);
  }
  const value = argValue(c.args);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new LabwireError(ErrorCode.INVALID_ARGUMENT, 'a setting value must be a string, number or boolean');
  }
  const updated: ParameterNode = { ...node, value };
  c.instrument.setInfo(path, parameterToXml(updated));
  node.value = value;
  return { sent: 'set_info', path };
}

export async function runCommand(c: CommandContext): Promise<unknown> {
  const { instrument, options } = c;
  if (c.action === 'raw') {
    const raw = c.args as { command?: unknown; args?: unknown } | undefined;
    if (typeof raw?.command !== 'string') {
      throw new LabwireError(ErrorCode.INVALID_ARGUMENT, 'raw needs args {command, args?}');
    }
    instrument.send(raw.command, (Array.isArray(raw.args) ? raw.args : []) as PymodaqValue[]);
    return { sent: raw.command };
  }
  switch (`${c.action} ${c.property}`) {
    case 'invoke grab': {
      const dim = (c.args as { dim?: CommandContext['defaultGrabDim'] } | undefined)?.dim ?? c.defaultGrabDim;
      const result = await instrument.grab(dim, options);
      return {
        channels: result.channels.map((ch) => ({
          name: ch.name,
          label: ch.label,
          dtype: ch.array.dtype,
          shape: ch.array.shape,
        })),
      };
    }
    case 'set position':
      return summary(await instrument.moveAbs(numberArg(c.args), options));
    case 'invoke position':
      return summary(await instrument.getPosition(options));
    case 'invoke move_rel':
      return summary(await instrument.moveRel(numberArg(c.args), options));
    case 'invoke home':
      return summary(await instrument.moveHome(options));
    case 'invoke stop':
      instrument.stopMotion();
      return { sent: 'stop_motion' };
    case 'set settings':
      return setSetting(c);
    default:
      throw new LabwireError(
        ErrorCode.NOT_FOUND,
        `${c.action} ${c.device}/${c.property}: not a PyMoDAQ command (see docs/protocols/pymodaq.md)`,
      );
  }
}
