import type { ErrorFragment } from "../errors/types.js";

/** Error codes of the admin API (test world, archivist view, clock). Merged into the one catalogue by src/errors/catalogue.ts. */
export const ADMIN_ERRORS = {} as const satisfies ErrorFragment;
