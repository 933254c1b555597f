import type { ErrorFragment } from "../errors/types.js";

/** Error codes of src/soap. Merged into the one catalogue by src/errors/catalogue.ts. */
export const SOAP_ERRORS = {} as const satisfies ErrorFragment;
