import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";

/** What the archive does for a service request (DESIGN §5 "Operations"). */
export const OPERATIONS = [
  "store",
  "cancel",
  "search-client-relationship",
  "search-case",
  "search-metadata",
  "fetch-document",
  "summary",
  "disclosure-search",
  "extended-information",
  "search-will-expressions",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Operations an archive frame (RCMR_IN200002FI01) may carry; the rest travel in query interactions. */
export const ARCHIVE_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(["store", "cancel"]);

export interface ServiceRequestCode {
  code: string;
  operation: Operation;
  fi: string;
  sv: string;
  en: string;
}

export interface ServiceRequestCatalogue {
  codeSystem: string;
  /** Further code systems whose reasonCode is read as a service request (a vendor's real OID). */
  alsoAcceptCodeSystems: string[];
  simulatorAssigned: boolean;
  codes: ServiceRequestCode[];
  byCode(code: string): ServiceRequestCode | undefined;
  /** True when a reasonCode with this code system names a service request. */
  isServiceRequestSystem(codeSystem: string): boolean;
}

export const DEFAULT_SERVICE_REQUESTS_FILE = fileURLToPath(new URL("../../fixtures/service-requests.json", import.meta.url));

const schema = {
  type: "object",
  required: ["code_system", "codes"],
  additionalProperties: false,
  properties: {
    $comment: { type: "string" },
    code_system: { type: "string", pattern: "^[0-2](\\.(0|[1-9][0-9]*))+$" },
    code_system_name: { type: "string" },
    simulator_assigned: { type: "boolean" },
    also_accept_code_systems: { type: "array", items: { type: "string", pattern: "^[0-2](\\.(0|[1-9][0-9]*))+$" } },
    codes: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["code", "operation", "fi", "sv", "en"],
        additionalProperties: false,
        properties: {
          code: { type: "string", minLength: 1 },
          operation: { enum: [...OPERATIONS] },
          fi: { type: "string", minLength: 1 },
          sv: { type: "string", minLength: 1 },
          en: { type: "string", minLength: 1 },
        },
      },
    },
  },
} as const;

interface ServiceRequestFile {
  code_system: string;
  simulator_assigned?: boolean;
  also_accept_code_systems?: string[];
  codes: ServiceRequestCode[];
}

const validate = new Ajv({ allErrors: true }).compile<ServiceRequestFile>(schema);

export class ServiceRequestFileError extends Error {
  override name = "ServiceRequestFileError";
}

/** Builds the catalogue from already-read JSON; throws ServiceRequestFileError naming every problem. */
export function serviceRequestCatalogue(data: unknown, source = "service-requests.json"): ServiceRequestCatalogue {
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    throw new ServiceRequestFileError(`${source}: ${problems.join("; ")}`);
  }
  const byCode = new Map<string, ServiceRequestCode>();
  for (const c of data.codes) {
    if (byCode.has(c.code)) throw new ServiceRequestFileError(`${source}: code ${c.code} is listed twice`);
    byCode.set(c.code, c);
  }
  const systems = new Set([data.code_system, ...(data.also_accept_code_systems ?? [])]);
  return {
    codeSystem: data.code_system,
    alsoAcceptCodeSystems: data.also_accept_code_systems ?? [],
    simulatorAssigned: data.simulator_assigned ?? false,
    codes: data.codes,
    byCode: (code) => byCode.get(code),
    isServiceRequestSystem: (codeSystem) => systems.has(codeSystem),
  };
}

/** Reads and validates a service-request file (default: fixtures/service-requests.json). */
export function loadServiceRequests(path: string = DEFAULT_SERVICE_REQUESTS_FILE): ServiceRequestCatalogue {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ServiceRequestFileError(`cannot read ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ServiceRequestFileError(`${path}: not JSON (${(e as Error).message})`);
  }
  return serviceRequestCatalogue(data, path);
}
