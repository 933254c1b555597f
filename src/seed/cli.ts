import type { Command } from "commander";
import { prepareDatabase } from "../app.js";
import { loadConfig } from "../config.js";
import { progressBar } from "../bench/progress.js";
import { seedArchive } from "./seed.js";

const int = (name: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};


/** `kanta-sim seed`: N documents of M synthetic clients through the archive's storage code (src/seed/seed.ts). */
export function registerSeedCommand(program: Command): void {
  program
    .command("seed")
    .description("fill the archive (DATABASE_URL or DATA_DIR) with synthetic documents through the real storage code, in batches; prints docs/s")
    .option("--documents <n>", "documents in all", int("documents", 1), 10_000)
    .option("--clients <n>", "clients the documents are spread over (default: documents / 10)", int("clients", 1))
    .option("--client-with <n>", "one more client who gets exactly n of the documents (for the MittKanta measurement)", int("client-with", 0), 0)
    .option("--batch <n>", "documents per transaction", int("batch", 1), 500)
    .option("--padding <bytes>", "extra display text per client document (0 = ~4 KB documents)", int("padding", 0), 0)
    .option("--json", "print the result as JSON")
    .action(async (opts: { documents: number; clients?: number; clientWith: number; batch: number; padding: number; json?: boolean }) => {
      const config = loadConfig();
      const database = await prepareDatabase(config);
      try {
        const bar = progressBar("seed");
        const result = await seedArchive(database, {
          documents: opts.documents,
          clients: opts.clients ?? Math.max(1, Math.floor(opts.documents / 10)),
          clientWith: opts.clientWith,
          batch: opts.batch,
          paddingBytes: opts.padding,
          trustDirs: config.trustDirs,
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.done();
        if (opts.json) process.stdout.write(`${JSON.stringify({ backend: database.kind, ...result })}\n`);
        else
          process.stdout.write(
            `${database.kind}: seeded ${result.documents} documents of ${result.clients} clients in ${result.seconds.toFixed(1)} s — ${Math.round(result.docsPerSecond)} docs/s` +
              `${result.focusClient ? `; client ${result.focusClient} has ${opts.clientWith} documents` : ""}\n`,
          );
      } finally {
        await database.close();
      }
    });
}
