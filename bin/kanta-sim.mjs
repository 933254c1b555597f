#!/usr/bin/env node
// Runs the compiled build in dist/ when it is up to date with src/ (built by `npm ci` through the
// `prepare` script: a restart then skips transpiling ~150 files), else the TypeScript sources through
// tsx, so an edited checkout always runs what is in src/. KANTA_SIM_COMPILED=1 forces dist/ (the Docker
// image); KANTA_SIM_FROM_SOURCE=1 forces src/.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  const stamp = join(root, "dist", ".build-stamp");
  if (!existsSync(stamp) || !existsSync(join(root, "dist", "cli.js"))) return false;
  return statSync(stamp).mtimeMs >= newestMtime(join(root, "src"));
}

const compiled = process.env.KANTA_SIM_COMPILED === "1" || (process.env.KANTA_SIM_FROM_SOURCE !== "1" && compiledIsFresh());
if (compiled) {
  await import(pathToFileURL(join(root, "dist", "cli.js")).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "src", "cli.ts")).href);
}
