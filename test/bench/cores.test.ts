import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_CPUS, localPostmaster, pin, pinDatabase, processTree } from "../../src/bench/cores.js";
import { testDatabaseTarget } from "../support/database.js";

const allowed = (pid: number) => /^Cpus_allowed_list:\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];

describe("kanta-sim bench: the archive on one core (src/bench/cores.ts)", () => {
  it.runIf(process.platform === "linux")("confines a process and its children to CPU 0 and gives them every CPU again", async () => {
    const parent = spawn("sh", ["-c", "sleep 30 & wait"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const tree = processTree(parent.pid!);
      expect(tree.length).toBe(2);
      expect(pin(tree, "0")).toBe(true);
      expect(tree.map(allowed)).toEqual(["0", "0"]);
      expect(pin(tree, ALL_CPUS)).toBe(true);
      expect(allowed(tree[1]!)).toBe(ALL_CPUS === "0-0" ? "0" : ALL_CPUS);
    } finally {
      parent.kill("SIGKILL");
    }
  });

  const target = testDatabaseTarget();
  it.runIf(target.kind === "postgres")("finds the local Postgres server's postmaster and pins its backends, later ones too", async () => {
    if (target.kind !== "postgres") return;
    const postmaster = await localPostmaster(target.adminUrl);
    expect(readFileSync(`/proc/${postmaster}/comm`, "utf8").trim()).toMatch(/^(postgres|postmaster)$/);
    const unpin = await pinDatabase(target.adminUrl, "0");
    expect(unpin).toBeTypeOf("function");
    try {
      expect(allowed(postmaster!)).toBe("0");
    } finally {
      unpin!();
    }
    expect(allowed(postmaster!)).toBe(ALL_CPUS === "0-0" ? "0" : ALL_CPUS);
  });
});
