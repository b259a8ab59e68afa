import type { Capture } from './format.js';

export interface ToVectorsOptions {
  source: string;
  title?: string | undefined;
  idPrefix?: string | undefined;
  /** INDI: the drivers the server ran. */
  drivers?: string[];
}

export interface VectorSuite {
  format: 'labwire-vectors/1';
  protocol: string;
  title: string;
  source: { reference: string; how: string };
  cases: Array<Record<string, unknown>>;
}

type Converter = (capture: Capture, options: ToVectorsOptions) => Promise<Array<Record<string, unknown>>>;

/** Per protocol: how a capture becomes cases of that protocol's session kind. */
const converters: Record<string, () => Promise<Converter>> = {
  indi: async () => (await import('./converters/indi.js')).indiCaptureToCases,
};

export async function captureToSuite(capture: Capture, options: ToVectorsOptions): Promise<VectorSuite> {
  const protocol = capture.header.protocol;
  const load = converters[protocol];
  if (load === undefined) {
    throw new Error(
      `to-vectors does not know how to turn a ${protocol} capture into cases (known: ${Object.keys(converters).join(', ') || 'none'})`,
    );
  }
  const cases = await (await load())(capture, options);
  return {
    format: 'labwire-vectors/1',
    protocol,
    title: options.title ?? `Captured ${protocol} session`,
    source: {
      reference: capture.header.peer,
      how: `Recorded with labwire-conformance capture on ${capture.header.started}; converted by labwire-conformance to-vectors from ${options.source}. Expected values are what the peer sent.`,
    },
    cases,
  };
}
