import { createRequire } from 'node:module';
import type * as ZodModule from 'zod';

/**
 * zod, borrowed from @labwire/core's own dependency: this package's manifest does not list zod
 * (the lead owns package.json), and pnpm's strict layout hides core's copy from us. Types come
 * through the `paths` entry in tsconfig.json. Remove this file once `zod: catalog:` is added
 * to this package's dependencies and import from 'zod' directly.
 */
const here = createRequire(import.meta.url);
const fromCore = createRequire(here.resolve('@labwire/core/package.json'));

export const z: typeof ZodModule.z = (fromCore('zod') as typeof ZodModule).z;
