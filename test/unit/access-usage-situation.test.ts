import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideAccess } from "../../src/rules/access/decide.js";
import { ACCESS_ERRORS } from "../../src/rules/access/errors.js";
import type { AccessAction, UsageSituation } from "../../src/rules/access/types.js";
import { A, A_SU1, B, B_SU1, P, P_SU1, X1, X1_SU1, THL, context, doc, krhK1, principal, resource } from "./access-fixtures.js";

/**
 * Table 11.3.2 (D07-R60 L29953-30031) crossed with the register the request targets (D08-R72, DT-1):
 * each row is (usage situation, action, acting organisation → register) and whether the usage-situation
 * layer lets it through. "through" = not refused with one of the three usage-situation codes.
 */
const USAGE_CODES = ["ACCESS-ACTION-NOT-IN-USAGE-SITUATION", "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH", "ACCESS-USAGE-SITUATION-UNKNOWN"];

type Row = [UsageSituation, AccessAction, "own" | "organiser" | "other", "through" | string];
const rows: Row[] = [
  // 1: own register, writes and searches
  ["1", "store", "own", "through"],
  ["1", "new-version", "own", "through"],
  ["1", "cancel", "own", "through"],
  ["1", "search-client-relationship", "own", "through"],
  ["1", "search-case", "own", "through"],
  ["1", "search-metadata", "own", "through"],
  ["1", "fetch-document", "own", "through"],
  ["1", "summary", "own", "through"],
  ["1", "store", "organiser", "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"], // DT-1.8 own-use mode into the organiser's register
  ["1", "fetch-document", "other", "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"],
  ["1", "disclosure-search", "own", "ACCESS-ACTION-NOT-IN-USAGE-SITUATION"],
  // 2: normal register access in the organiser's register
  ["2", "store", "organiser", "through"],
  ["2", "search-metadata", "organiser", "through"],
  ["2", "fetch-document", "organiser", "through"],
  ["2", "store", "own", "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"],
  ["2", "disclosure-search", "organiser", "ACCESS-ACTION-NOT-IN-USAGE-SITUATION"],
  // 3: another controller's register, search only
  ["3", "disclosure-search", "other", "through"],
  ["3", "extended-information", "other", "through"],
  ["3", "store", "other", "ACCESS-ACTION-NOT-IN-USAGE-SITUATION"],
  ["3", "new-version", "other", "ACCESS-ACTION-NOT-IN-USAGE-SITUATION"],
  ["3", "fetch-document", "other", "ACCESS-ACTION-NOT-IN-USAGE-SITUATION"],
  ["3", "disclosure-search", "own", "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"],
  // 4: extended register access
  ["4", "store", "organiser", "through"],
  ["4", "search-case", "organiser", "through"],
  ["4", "disclosure-search", "organiser", "ACCESS-ACTION-NOT-IN-USAGE-SITUATION"],
  ["4", "store", "own", "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"],
];

function request(anv: UsageSituation, action: AccessAction, target: Row[2]) {
  // own: A in A's register; organiser: producer P (or X1 under 4) in the organiser's register; other: B in A's register
  if (target === "own") return { who: principal(A, A_SU1), res: resource({ document: doc({ producer: { oid: A } }) }) };
  if (target === "organiser") {
    return anv === "4"
      ? { who: principal(X1, X1_SU1), res: resource({ registerId: THL, organiserOid: THL, document: doc({ organiser: { oid: THL } }) }) }
      : { who: principal(P, P_SU1), res: resource({ document: doc() }) };
  }
  return { who: principal(B, B_SU1), res: resource({ document: doc() }) };
}

describe("usage situations vs action and register", () => {
  it.each(rows)("ANV %s %s in %s register → %s [D07-R60 L29953-30031, D08-R72 L29888-29929]", (anv, action, target, expected) => {
    const { who, res } = request(anv, action, target);
    const decision = decideAccess(who, action, res, context({ usageSituation: anv, searcherRelationship: krhK1({ registerId: B }) }));
    if (expected === "through") expect(USAGE_CODES).not.toContain(decision.code);
    else {
      expect(decision.allow).toBe(false);
      expect(decision.code).toBe(expected);
    }
  });

  it("an unknown usage situation code is refused [D07-R59 L29880-29886]", () => {
    const decision = decideAccess(principal(A, A_SU1), "search-case", resource(), context({ usageSituation: "5" as UsageSituation }));
    expect(decision.code).toBe("ACCESS-USAGE-SITUATION-UNKNOWN");
  });

  it.each([
    [[A_SU1], true],
    [[A_SU1, "1.2.246.10.9990001.20.2"], false],
    [[], false],
    [["1.2.246.10.9990001.20.2"], false],
  ])("acting units %j → allowed %s: exactly one acting unit per request [D07-R54 L29836-29842]", (units, allowed) => {
    const decision = decideAccess(principal(A, A_SU1), "search-case", resource(), context({ requestServiceUnitOids: units }));
    expect(decision.allow).toBe(allowed);
    if (!allowed) expect(decision.code).toBe("ACCESS-ACTING-UNIT-NOT-SINGLE");
  });

  it("every entry of the ACCESS_ERRORS fragment has a stable code, three texts, a class and its rule + seed lines", () => {
    for (const [code, entry] of Object.entries(ACCESS_ERRORS)) {
      expect(code).toMatch(/^(ACCESS|WILL)(-[A-Z0-9]+)+$/);
      for (const lang of ["fi", "sv", "en"] as const) expect(entry[lang].trim().length, `${code} ${lang}`).toBeGreaterThan(10);
      expect(["archive", "client-system"]).toContain(entry.enforcement);
      expect(entry.rule).toMatch(/D0[78]-R\d+.*L\d+/);
    }
  });

  it("every code src/rules/access can emit is in its own fragment", () => {
    const emitted = new Set<string>();
    for (const name of readdirSync("src/rules/access")) {
      const text = readFileSync(join("src/rules/access", name), "utf8");
      for (const m of text.matchAll(/"(ACCESS(?:-[A-Z0-9]+)+)"/g)) emitted.add(m[1]!);
    }
    expect(emitted.size).toBeGreaterThan(20);
    expect([...emitted].filter((code) => !(code in ACCESS_ERRORS))).toEqual([]);
  });
});
