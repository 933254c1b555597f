import type { ErrorFragment } from "../errors/types.js";

/** Error codes of src/signature. Merged into the one catalogue by src/errors/catalogue.ts. */
export const SIGNATURE_ERRORS = {} as const satisfies ErrorFragment;
