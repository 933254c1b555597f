import Fastify, { LogController, type FastifyInstance } from "fastify";
import { createArchiveHandler } from "./archive/pipeline.js";
import { createQueryHandler } from "./archive/queries.js";
import { validatePlugin } from "./archive/validate-plugin.js";
import { parseTestClockHeader, SimulatedClock, TEST_CLOCK_HEADER, type Clock } from "./clock.js";
import { adminPlugin } from "./admin/plugin.js";
import { exportPlugin } from "./export/plugin.js";
import { rehearsalPlugin } from "./rehearsal/plugin.js";
import { resolveTrustDirs, type Config } from "./config.js";
import { openDatabase, type ArchiveDatabase } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { loadFixtures } from "./fixtures/load.js";
import { inspectorPlugin } from "./inspector/plugin.js";
import { mittkantaPlugin } from "./mittkanta/plugin.js";
import { loggerOptions } from "./logger.js";
import { loadTrustStore, type TrustStore } from "./signature/trust.js";
import { soapPlugin } from "./soap/plugin.js";
import { hardeningPlugin } from "./hardening/plugin.js";
import { VERSION } from "./version.js";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    archiveDb: ArchiveDatabase;
    /** The archive's global clock (settable through the admin API). */
    archiveClock: SimulatedClock;
  }
  interface FastifyRequest {
    /** The archive's "now" for this request: the test-clock header when enabled, else the global clock. */
    archiveNow: Date;
  }
}

export interface BuildOptions {
  /** An already-open, migrated database (tests); when absent, one is opened from the config, migrated and seeded. */
  database?: ArchiveDatabase;
  /** Trusted CAs and revocations; default: read from the TRUST_DIRS setting. */
  trust?: TrustStore;
  /** The real time under the simulated clock; default: the system clock. */
  clock?: Clock;
}


/** Opens the configured database, applies the migrations and loads the fixtures. */
export async function prepareDatabase(config: Pick<Config, "databaseUrl" | "dataDir">): Promise<ArchiveDatabase> {
  const database = await openDatabase(config);
  try {
    await migrate(database);
    await loadFixtures(database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

/**
 * The whole simulator as one Fastify instance. Each room registers itself as a plugin and gets its
 * dependencies from decorators, so a test builds the app over its own database in two lines.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const ownsDatabase = !options.database;
  const database = options.database ?? (await prepareDatabase(config));
  const app = Fastify({
    logger: loggerOptions(config),
    // Per-request lines only at debug/trace: the message log already records every wire request.
    logController: new LogController({ disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace" }),
  });
  app.decorate("config", config);
  app.decorate("archiveDb", database);
  if (ownsDatabase) app.addHook("onClose", async () => database.close());

  app.get("/health", async () => {
    // A real round trip, so /health says whether the database answers, not only the process.
    await database.exec("SELECT 1");
    return { status: "ok", db: database.kind, version: VERSION };
  });

  const trust = options.trust ?? loadTrustStore(resolveTrustDirs(config.trustDirs));
  const archiveClock = new SimulatedClock(options.clock);
  app.decorate("archiveClock", archiveClock);
  // Set per request by the hook below (a Date is a reference type: decorate with null, assign per request).
  app.decorateRequest("archiveNow", null as unknown as Date);
  app.addHook("onRequest", async (request, reply) => {
    const header = config.enableTestClock ? parseTestClockHeader(request.headers[TEST_CLOCK_HEADER]) : undefined;
    if (header === "invalid") {
      return reply.code(400).send({ error: "TEST-CLOCK-INVALID", message: `${TEST_CLOCK_HEADER} must be an ISO 8601 date-time with a time zone, e.g. 2027-01-01T12:00:00Z` });
    }
    request.archiveNow = header ?? archiveClock.now();
  });
  const clock = archiveClock.now;
  await app.register(hardeningPlugin, { requestTimeoutMs: config.requestTimeoutMs, rateLimitPerMinute: config.rateLimitPerMinute });
  // One archive handler for SOAP and for the will expressions MittKanta stores (src/mittkanta/will-expressions.ts).
  const handleArchiveRequest = createArchiveHandler({ db: database.db, trust, strictMode: config.strictMode, environmentProfile: config.environmentProfile });
  await app.register(soapPlugin, {
    handleArchiveRequest,
    // Saklig anknytning or a special-reason code on every search (DESIGN §7.1, D07-R54 L29836-29842).
    handleQueryRequest: createQueryHandler({ db: database.db, enforceAccess: true }),
    bodyLimit: config.maxBodyBytes,
    clock,
  });
  await app.register(validatePlugin, { trust, strictMode: config.strictMode, clock });
  if (config.enableAdmin) {
    await app.register(adminPlugin, { clock: archiveClock });
    await app.register(exportPlugin);
    await app.register(rehearsalPlugin);
  }
  await app.register(mittkantaPlugin, { phase: config.mittkantaPhase, explain: config.mittkantaExplain, logs: config.mittkantaLogs, handleArchiveRequest });
  if (config.enableInspector) await app.register(inspectorPlugin);
  return app;
}
