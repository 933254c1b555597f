import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject } from "ajv";
import YAML from "yaml";

/**
 * Every setting the simulator reads, as data: environment name, JSON Schema, default, meaning.
 * The same table validates the environment and the optional config file and documents itself
 * (`kanta-sim config --describe`).
 */
export const SETTINGS = {
  PORT: { schema: { type: "integer", minimum: 0, maximum: 65535 }, default: 8080, doc: "TCP port of the HTTP server (0 = any free port)." },
  HOST: { schema: { type: "string", minLength: 1 }, default: "0.0.0.0", doc: "Interface the HTTP server listens on." },
  DATA_DIR: { schema: { type: "string", minLength: 1 }, default: "./data", doc: "Directory of the embedded Postgres (PGlite) data; `memory://` keeps it in memory." },
  DATABASE_URL: { schema: { type: "string", pattern: "^postgres(ql)?://" }, default: undefined, doc: "Postgres server URL; when set, PGlite is not used." },
  LOG_LEVEL: { schema: { enum: ["fatal", "error", "warn", "info", "debug", "trace", "silent"] }, default: "info", doc: "pino log level." },
  LOG_PRETTY: { schema: { type: "boolean" }, default: undefined, doc: "Human-readable logs; defaults to true only when stdout is a TTY." },
  TRUST_DIRS: { schema: { type: "string", minLength: 1 }, default: "certs/test,certs", doc: "Comma-separated directories of trusted CA certificates and revocation lists (missing ones are skipped)." },
  MAX_BODY_BYTES: { schema: { type: "integer", minimum: 1024, maximum: 1073741824 }, default: 20971520, doc: "Largest request body accepted (bytes); larger ones get a SOAP Fault." },
  STRICT_MODE: { schema: { type: "boolean" }, default: false, doc: "Refuse (instead of warn about) findings that the handbook makes the client system's duty." },
  ENVIRONMENT_PROFILE: { schema: { enum: ["test", "production", "samtestning"] }, default: "test", doc: "Which document-structure statuses are accepted: test = i testfas + färdig, production = färdig + föråldrad, samtestning = färdig only (D07-R02, R03)." },
  ENABLE_ADMIN: { schema: { type: "boolean" }, default: false, doc: "Serve the admin API (/admin/api/…: test world, archivist view, clock). Off unless enabled." },
  MITTKANTA_PHASE: { schema: { type: "integer", enum: [1, 2] }, default: 1, doc: "MittKanta phase: 1 hides journal entries, joint-case documents, adoption counselling and the full client-relationship document; 2 shows them (DESIGN §7.7)." },
  MITTKANTA_EXPLAIN: { schema: { type: "boolean" }, default: false, doc: "Serve /mittkanta/api/people/:id/explain: every document with the rule that showed or hid it (for testers)." },
  MITTKANTA_LOGS: { schema: { type: "boolean" }, default: false, doc: "Serve the citizen's view of the disclosure log and usage log of their data in MittKanta (/mittkanta/api/people/:id/logs; a later MittKanta phase, domain/07 §5.13)." },
  ENABLE_INSPECTOR: { schema: { type: "boolean" }, default: true, doc: "Serve the message inspector (/inspector: every request and answer, documents included). On by default for a laptop; set false where others can reach the port." },
  ENABLE_TEST_CLOCK: { schema: { type: "boolean" }, default: false, doc: "Let a request set the archive's \"now\" with the header X-Kanta-Sim-Now (ISO 8601). Off unless enabled." },
  REQUEST_TIMEOUT_MS: { schema: { type: "integer", minimum: 0, maximum: 3600000 }, default: 120000, doc: "Longest time a client may take to send a whole request (ms; 0 = no limit); slower ones get HTTP 408 and the connection is closed." },
  RATE_LIMIT_PER_MINUTE: { schema: { type: "integer", minimum: 0 }, default: 0, doc: "Requests per minute per sender (TLS client certificate's organisation, else the remote address); more get HARDEN-RATE-LIMITED (HTTP 429). 0 = off." },
  TLS_CERT: { schema: { type: "string", minLength: 1 }, default: undefined, doc: "PEM file of the server certificate (chain); with TLS_KEY, the server speaks HTTPS only." },
  TLS_KEY: { schema: { type: "string", minLength: 1 }, default: undefined, doc: "PEM file of the server certificate's private key." },
  TLS_CLIENT_CA: { schema: { type: "string", minLength: 1 }, default: undefined, doc: "PEM file of CAs for client certificates: mutual TLS; a client certificate's organisation is the sending organisation." },
  WORKERS: { schema: { type: "integer", minimum: 1, maximum: 64 }, default: 1, doc: "Worker processes of `serve` (node:cluster), sharing the port; more than 1 needs DATABASE_URL (PGlite is one process)." },
} as const;

export type SettingName = keyof typeof SETTINGS;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  logPretty: boolean;
  trustDirs: string[];
  maxBodyBytes: number;
  strictMode: boolean;
  environmentProfile: "test" | "production" | "samtestning";
  enableAdmin: boolean;
  enableInspector: boolean;
  enableTestClock: boolean;
  mittkantaPhase: 1 | 2;
  mittkantaExplain: boolean;
  mittkantaLogs: boolean;
  requestTimeoutMs: number;
  rateLimitPerMinute: number;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  tlsClientCa: string | undefined;
  workers: number;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly settings: string[],
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

const schema = {
  type: "object",
  additionalProperties: false,
  properties: Object.fromEntries(Object.entries(SETTINGS).map(([name, s]) => [name, s.schema])),
};

// coerceTypes turns "8080" into 8080 and "true" into true; "abc" stays a string and fails `integer`.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: false });
const validate = ajv.compile(schema);

function describe(error: ErrorObject): { setting: string; text: string } {
  const setting = error.instancePath.replace(/^\//, "") || String(error.params["additionalProperty"] ?? "");
  if (error.keyword === "additionalProperties") return { setting, text: `${setting}: unknown setting` };
  return { setting, text: `${setting} ${error.message ?? "is invalid"}` };
}

/** Reads a config file (JSON or YAML) whose keys are the same names as the environment variables. */
function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`KANTA_SIM_CONFIG: cannot read ${path}: ${(e as Error).message}`, ["KANTA_SIM_CONFIG"]);
  }
  const parsed: unknown = path.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(`KANTA_SIM_CONFIG: ${path} must hold an object of settings`, ["KANTA_SIM_CONFIG"]);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Builds the configuration: defaults < config file (KANTA_SIM_CONFIG) < environment.
 * Throws ConfigError naming every wrong setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY = Boolean(process.stdout.isTTY)): Config {
  const raw: Record<string, unknown> = {};
  if (env["KANTA_SIM_CONFIG"]) Object.assign(raw, readConfigFile(env["KANTA_SIM_CONFIG"]));
  for (const name of Object.keys(SETTINGS)) {
    const value = env[name];
    if (value !== undefined && value !== "") raw[name] = value;
  }
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map(describe);
    throw new ConfigError(`invalid configuration: ${problems.map((p) => p.text).join("; ")}`, problems.map((p) => p.setting));
  }
  if (Number(raw["WORKERS"] ?? 1) > 1 && !raw["DATABASE_URL"]) {
    throw new ConfigError("invalid configuration: WORKERS > 1 needs DATABASE_URL (a Postgres server): the embedded PGlite database serves one process", ["WORKERS"]);
  }
  const get = <N extends SettingName>(name: N) => (raw[name] ?? SETTINGS[name].default) as never;
  return {
    port: get("PORT"),
    host: get("HOST"),
    dataDir: get("DATA_DIR"),
    databaseUrl: get("DATABASE_URL"),
    logLevel: get("LOG_LEVEL"),
    logPretty: (raw["LOG_PRETTY"] as boolean | undefined) ?? stdoutIsTTY,
    trustDirs: (get("TRUST_DIRS") as string).split(",").map((d) => d.trim()).filter(Boolean),
    maxBodyBytes: get("MAX_BODY_BYTES"),
    strictMode: get("STRICT_MODE"),
    environmentProfile: get("ENVIRONMENT_PROFILE"),
    enableAdmin: get("ENABLE_ADMIN"),
    enableInspector: get("ENABLE_INSPECTOR"),
    enableTestClock: get("ENABLE_TEST_CLOCK"),
    mittkantaPhase: get("MITTKANTA_PHASE"),
    mittkantaExplain: get("MITTKANTA_EXPLAIN"),
    mittkantaLogs: get("MITTKANTA_LOGS"),
    requestTimeoutMs: get("REQUEST_TIMEOUT_MS"),
    rateLimitPerMinute: get("RATE_LIMIT_PER_MINUTE"),
    tlsCert: get("TLS_CERT"),
    tlsKey: get("TLS_KEY"),
    tlsClientCa: get("TLS_CLIENT_CA"),
    workers: get("WORKERS"),
  };
}

const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Relative trust directories are relative to the installation, so the server finds them from any cwd. */
export function resolveTrustDirs(dirs: readonly string[]): string[] {
  return dirs.map((d) => (isAbsolute(d) ? d : join(PROJECT_ROOT, d)));
}
