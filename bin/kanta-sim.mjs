#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so `npm ci && npm start` needs no build step.
// The Docker image sets KANTA_SIM_COMPILED=1 and runs the tsc output in dist/ instead.
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (process.env.KANTA_SIM_COMPILED === "1") {
  await import(pathToFileURL(join(root, "dist", "cli.js")).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "src", "cli.ts")).href);
}
