/**
 * `kanta-sim export sosdata --from DATE --to DATE --organiser OID [--format csv|json] [--family F] [--out DIR]`:
 * the Sosdata export of the configured database (DATABASE_URL, else DATA_DIR). JSON goes to stdout or to
 * DIR/sosdata-FROM-TO.json; CSV writes the four files DIR/sosdata-<family>-FROM-TO.csv (or the one chosen
 * by --family, to stdout when no --out). A progress line goes to stderr. Exit 2 for a wrong option.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../config.js";
import { openDatabase, type ArchiveDatabase } from "../db/database.js";
import { EXPORT_ERRORS } from "./errors.js";
import { CSV_FAMILIES, checkExportRequest } from "./request.js";
import { exportSosdata } from "./sosdata.js";

export interface ExportCommandDeps {
  /** Opens the archive database; default: the configured one (DATABASE_URL or DATA_DIR). */
  openArchive?: () => Promise<ArchiveDatabase>;
  /** Closes what openArchive opened; default: database.close(). */
  closeArchive?: (database: ArchiveDatabase) => Promise<void>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** The archive's "now" (which stored versions are seen); default: the real time. */
  now?: () => Date;
}

interface SosdataOptions {
  from?: string;
  to?: string;
  organiser?: string;
  format?: string;
  family?: string;
  out?: string;
}

export function registerExportCommands(program: Command, deps: ExportCommandDeps = {}): void {
  const stdout = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const exportCommand = program.command("export").description("derive registers' data from the archive");
  exportCommand
    .command("sosdata")
    .description("the Sosdata rows THL would derive from an organiser's archive for a follow-up period (docs/sosdata.md)")
    .requiredOption("--from <date>", "first day of the follow-up period (YYYY-MM-DD)")
    .requiredOption("--to <date>", "last day of the follow-up period (YYYY-MM-DD)")
    .requiredOption("--organiser <oid>", "the organiser whose registers are exported")
    .option("--format <format>", "csv | json", "json")
    .option("--family <family>", `only one CSV file: ${CSV_FAMILIES.join(" | ")}`)
    .option("--out <dir>", "directory for the files (JSON: default stdout)")
    .action(async (opts: SosdataOptions) => {
      const check = checkExportRequest({ from: opts.from, to: opts.to, organiser: opts.organiser, format: opts.format, family: opts.family }, { familyRequiredForCsv: false });
      if (!check.ok) {
        stderr(`kanta-sim: ${check.code}: ${EXPORT_ERRORS[check.code].en} (${check.detail})\n`);
        process.exitCode = 2;
        return;
      }
      const { from, to, organiserOid, format, family } = check.request;
      if (format === "csv" && !family && !opts.out) {
        stderr("kanta-sim: --format csv writes four files: give --out DIR (or --family F to print one)\n");
        process.exitCode = 2;
        return;
      }
      const database = await (deps.openArchive ?? (() => openDatabase(loadConfig())))();
      try {
        const registers = await database.db.selectFrom("registers").select("id").where("organiser_oid", "=", organiserOid).execute();
        if (registers.length === 0) {
          stderr(`kanta-sim: EXPORT-ORGANISER-UNKNOWN: ${EXPORT_ERRORS["EXPORT-ORGANISER-UNKNOWN"].en} (${organiserOid})\n`);
          process.exitCode = 1;
          return;
        }
        stderr(`export sosdata: ${database.kind}, organiser ${organiserOid}, follow-up period ${from} – ${to}, ${format}\n`);
        const result = await exportSosdata(database.db, { from, to, organiserOid, format, at: (deps.now ?? (() => new Date()))() });
        const r = result.result;
        const counts = `${r.clientRelationshipPeriods.length} client-relationship periods, ${r.childProtectionRelationships.length} child-protection relationships, ${r.socialServices.length} social-service rows, ${r.completeness.length} completeness issues`;
        if (opts.out) mkdirSync(opts.out, { recursive: true });
        if (result.format === "json") {
          const text = `${JSON.stringify(result.json, null, 2)}\n`;
          if (opts.out) {
            const file = join(opts.out, `sosdata-${from}-${to}.json`);
            writeFileSync(file, text);
            stderr(`export sosdata: ${counts}; wrote ${file}\n`);
          } else {
            stdout(text);
            stderr(`export sosdata: ${counts}\n`);
          }
          return;
        }
        const families = family ? [family] : CSV_FAMILIES;
        if (!opts.out) {
          stdout(result.files[families[0]!]);
          stderr(`export sosdata: ${counts}\n`);
          return;
        }
        const written = families.map((f) => {
          const file = join(opts.out!, `sosdata-${f}-${from}-${to}.csv`);
          writeFileSync(file, result.files[f]);
          return file;
        });
        stderr(`export sosdata: ${counts}; wrote ${written.join(", ")}\n`);
      } finally {
        await (deps.closeArchive ?? ((d: ArchiveDatabase) => d.close()))(database);
      }
    });
}
