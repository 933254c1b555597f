import type { ErrorFragment } from "../errors/types.js";

/** Error codes of the archive's searches and fetches (query interactions). Merged into the one catalogue by src/errors/catalogue.ts. */
export const QUERY_ERRORS = {} as const satisfies ErrorFragment;
