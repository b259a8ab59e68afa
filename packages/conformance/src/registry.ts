import type { ConformanceAdapter } from '@labwire/testkit/vectors';

/** The protocols labwire implements; their adapters load from `@labwire/<protocol>/conformance`. */
export const BUILTIN_PROTOCOLS = ['indi', 'imb', 'ifcb', 'pymodaq', 'zeiss-ipc'] as const;

/** Which adapter runs the suites of which protocol. Registering replaces an earlier adapter. */
export class AdapterRegistry {
  private readonly adapters = new Map<string, ConformanceAdapter>();
  /** Why a protocol has no adapter (for example: its package does not export one yet). */
  readonly unavailable = new Map<string, string>();

  register(adapter: ConformanceAdapter): this {
    this.adapters.set(adapter.protocol, adapter);
    return this;
  }

  get(protocol: string): ConformanceAdapter | undefined {
    return this.adapters.get(protocol);
  }

  get protocols(): string[] {
    return [...this.adapters.keys()];
  }
}

function adapterFrom(module: Record<string, unknown>, specifier: string): ConformanceAdapter {
  const candidate = (module.default ?? module.adapter ?? module.conformanceAdapter) as
    | ConformanceAdapter
    | undefined;
  if (
    candidate === undefined ||
    typeof candidate.protocol !== 'string' ||
    typeof candidate.handlers !== 'object'
  ) {
    throw new Error(
      `${specifier} does not export a conformance adapter (default export with protocol and handlers)`,
    );
  }
  return candidate;
}

/** Loads an adapter module by specifier or path (its default export). */
export async function loadAdapter(specifier: string): Promise<ConformanceAdapter> {
  const module = (await import(specifier)) as Record<string, unknown>;
  return adapterFrom(module, specifier);
}

/**
 * Registers the adapters of the labwire protocol packages that are installed. A package that is
 * not installed is skipped here; its suites then fail with "no adapter", never silently pass.
 */
export async function builtinRegistry(): Promise<AdapterRegistry> {
  const registry = new AdapterRegistry();
  for (const protocol of BUILTIN_PROTOCOLS) {
    const specifier = `@labwire/${protocol}/conformance`;
    try {
      registry.register(await loadAdapter(specifier));
    } catch (err) {
      registry.unavailable.set(protocol, (err as Error).message);
    }
  }
  return registry;
}
