import { Command, Option } from "commander";
import { buildApp } from "./app.js";
import { writeFileSync } from "node:fs";
import { ConfigError, loadConfig, SETTINGS } from "./config.js";
import { renderErrorsMarkdown } from "./errors/docs.js";
import { runDemo } from "./demo/demo.js";
import { registerExportCommands } from "./export/cli.js";
import { registerRehearseCommands } from "./rehearsal/cli.js";
import { registerSeedCommand } from "./seed/cli.js";
import { registerBenchCommand } from "./bench/cli.js";
import { isClusterWorker, reportWorkerReady, runClusterPrimary } from "./server/cluster.js";
import { SAMPLES_DIR, writeSamples } from "./samples/generate.js";
import { openDatabase } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { loadFixtures } from "./fixtures/load.js";
import { registerSignatureCommands } from "./signature/cli.js";
import { registerWireCommands } from "./soap/cli.js";
import { VERSION } from "./version.js";
import { listenTls, tlsFilesOf } from "./hardening/tls.js";

/** Loads the configuration or stops the process with a message naming the wrong setting. */
function configOrExit() {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`kanta-sim: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

const program = new Command()
  .name("kanta-sim")
  .description("A local simulator of the Kanta social-welfare Client Data Archive and MittKanta")
  .version(VERSION);

program
  .command("serve")
  .description("start the HTTP server (SOAP endpoint, APIs, pages); migrates and loads fixtures first")
  .action(async () => {
    const config = configOrExit();
    // WORKERS > 1 (Postgres only): this process forks the workers, each runs the code below (src/server/cluster.ts).
    if (config.workers > 1 && !isClusterWorker()) return runClusterPrimary(config);
    const started = performance.now();
    const app = await buildApp(config);
    const shutdown = async (signal: string) => {
      app.log.info({ signal }, "shutting down");
      // A second signal while closing means "now".
      process.once(signal as NodeJS.Signals, () => process.exit(1));
      try {
        await app.close();
        process.exit(0);
      } catch (e) {
        app.log.error(e, "shutdown failed");
        process.exit(1);
      }
    };
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    process.once("SIGINT", () => void shutdown("SIGINT"));
    const tls = tlsFilesOf(config); // TLS_CERT/TLS_KEY(/TLS_CLIENT_CA): HTTPS (mutual TLS) instead of HTTP
    const url = tls ? (await listenTls(app, tls, config)).url : await app.listen({ port: config.port, host: config.host });
    app.log.info({ db: app.archiveDb.kind, startup_ms: Math.round(performance.now() - started) }, isClusterWorker() ? "kanta-sim worker ready" : "kanta-sim ready");
    reportWorkerReady(url);
  });

program
  .command("migrate")
  .description("apply pending database migrations and load the fixtures, then exit")
  .action(async () => {
    const config = configOrExit();
    const database = await openDatabase(config);
    try {
      const applied = await migrate(database);
      const loaded = await loadFixtures(database);
      process.stdout.write(
        `${database.kind}: ${applied.length ? `applied ${applied.map((m) => m.name).join(", ")}` : "no pending migrations"}; ` +
          `fixtures: ${loaded.organisations} organisations, ${loaded.persons} persons, ${loaded.codes} codes\n`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command("config")
  .description("print the settings the simulator reads")
  .addOption(new Option("--json", "as JSON"))
  .action((opts: { json?: boolean }) => {
    if (opts.json) {
      process.stdout.write(JSON.stringify(SETTINGS, null, 2) + "\n");
      return;
    }
    for (const [name, s] of Object.entries(SETTINGS)) {
      process.stdout.write(`${name.padEnd(14)} default ${String(s.default ?? "(unset)").padEnd(10)} ${s.doc}\n`);
    }
  });

program
  .command("docs")
  .description("generate documentation from the code")
  .command("errors")
  .description("write the error catalogue as Markdown")
  .option("--out <file>", "output file (default: stdout)")
  .action((opts: { out?: string }) => {
    const markdown = renderErrorsMarkdown();
    if (opts.out) writeFileSync(opts.out, markdown);
    else process.stdout.write(markdown);
  });

program
  .command("samples")
  .description("reference SOAP requests (valid, and invalid ones named after their error code)")
  .command("write")
  .description("(re)generate the samples and their manifest from the builders and the committed test PKI")
  .option("--out <dir>", "output directory", SAMPLES_DIR)
  .action((opts: { out: string }) => {
    const entries = writeSamples(opts.out);
    process.stdout.write(`${entries.length} samples (${entries.filter((e) => e.file.startsWith("valid/")).length} valid) written to ${opts.out}\n`);
  });

program
  .command("demo")
  .description("send one client's whole story to a running archive (KR, case, 5 documents, a new version, a makulering) and run every search kind")
  .option("--url <url>", "the simulator's base URL", "http://localhost:8080")
  .action(async (opts: { url: string }) => {
    const result = await runDemo({ url: opts.url, log: (line) => process.stdout.write(`${line}\n`) });
    const failed = result.steps.filter((s) => !s.ok).length;
    process.stdout.write(`demo: ${result.steps.length - failed} passed, ${failed} failed (client ${result.client})\n`);
    process.exitCode = failed === 0 ? 0 : 1;
  });

registerSignatureCommands(program);
registerWireCommands(program);
registerExportCommands(program);
registerRehearseCommands(program);
registerSeedCommand(program);
registerBenchCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`kanta-sim: ${(e as Error).message}\n`);
  process.exit(1);
});
