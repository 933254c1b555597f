import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    // 2-core machines: two workers, each test file on its own cloned database.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // JUnit for machines whenever a file is named (CI names one per backend).
    reporters: process.env.JUNIT_FILE ? ["default", ["junit", { outputFile: process.env.JUNIT_FILE }]] : ["default"],
  },
});
