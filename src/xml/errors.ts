import type { ErrorFragment } from "../errors/types.js";

/** Error codes of src/xml. Merged into the one catalogue by src/errors/catalogue.ts. */
export const XML_ERRORS = {} as const satisfies ErrorFragment;
