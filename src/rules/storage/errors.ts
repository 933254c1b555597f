import type { ErrorFragment } from "../../errors/types.js";

/** Error codes of src/rules/storage. Merged into the one catalogue by src/errors/catalogue.ts. */
export const RULES_STORAGE_ERRORS = {} as const satisfies ErrorFragment;
