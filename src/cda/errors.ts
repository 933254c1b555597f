import type { ErrorFragment } from "../errors/types.js";

/** Error codes of src/cda. Merged into the one catalogue by src/errors/catalogue.ts. */
export const CDA_ERRORS = {} as const satisfies ErrorFragment;
