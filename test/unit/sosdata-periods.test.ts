/**
 * Sosdata family 1: client-relationship periods per service task, derived from case documents.
 * Rule: a period starts when the first case of the client in the service task is opened, or a case is
 * opened after all earlier cases of the task were closed, and ends on the closing date of the last case
 * [S003 L45]; periods overlapping the follow-up period are reported.
 */
import { describe, expect, it } from "vitest";
import { deriveSosdata, type ClientRelationshipPeriodRow } from "../../src/rules/sosdata/index.js";
import { CASE_STATUS_CLOSED, CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { ANNA, BO, caseDoc, nextVersion, ORGANISER, OTHER_ORGANISER, Q1_2023, TASK, type CaseSpec } from "./sosdata-builders.js";

type Expected = Pick<ClientRelationshipPeriodRow, "client" | "serviceTask" | "start" | "end" | "caseIds">;
const period = (client: string, serviceTask: string, start: string, end: string | undefined, caseIds: string[]): Expected => ({
  client,
  serviceTask,
  start,
  ...(end !== undefined && { end }),
  caseIds,
});

const rows: [string, CaseSpec[], Expected[]][] = [
  [
    "one case opened before the period, still open: ongoing period [S003 L45]",
    [{ clients: ANNA, task: TASK.workingAge, opened: "2022-05-02", caseId: "c1" }],
    [period(ANNA, TASK.workingAge, "2022-05-02", undefined, ["c1"])],
  ],
  [
    "one case opened and closed inside the period [S003 L45]",
    [{ clients: ANNA, task: TASK.workingAge, opened: "2023-01-10T08:15:00+02:00", closed: "2023-02-15T16:00:00+02:00", caseId: "c1" }],
    [period(ANNA, TASK.workingAge, "2023-01-10", "2023-02-15", ["c1"])],
  ],
  [
    "two overlapping cases in one task form one period: first opening to last closing [S003 L45; D04-R42 L16148-16150]",
    [
      { clients: ANNA, task: TASK.elderly, opened: "2022-11-01", closed: "2023-01-20", caseId: "c1" },
      { clients: ANNA, task: TASK.elderly, opened: "2023-01-05", closed: "2023-02-28", caseId: "c2" },
    ],
    [period(ANNA, TASK.elderly, "2022-11-01", "2023-02-28", ["c1", "c2"])],
  ],
  [
    "a nested case that closes first does not end the period: the end is the last closing date [S003 L45]",
    [
      { clients: ANNA, task: TASK.elderly, opened: "2022-01-03", closed: "2023-03-20", caseId: "c1" },
      { clients: ANNA, task: TASK.elderly, opened: "2022-06-01", closed: "2022-07-01", caseId: "c2" },
    ],
    [period(ANNA, TASK.elderly, "2022-01-03", "2023-03-20", ["c1", "c2"])],
  ],
  [
    "a case opened after all earlier cases were closed starts a new period [S003 L45; D04-R20 L15534-15538]",
    [
      { clients: ANNA, task: TASK.families, opened: "2023-01-02", closed: "2023-01-31", caseId: "c1" },
      { clients: ANNA, task: TASK.families, opened: "2023-03-01", caseId: "c2" },
    ],
    [period(ANNA, TASK.families, "2023-01-02", "2023-01-31", ["c1"]), period(ANNA, TASK.families, "2023-03-01", undefined, ["c2"])],
  ],
  [
    "a case opened on the day the earlier one closed continues the period (day precision) [S003 L45]",
    [
      { clients: ANNA, task: TASK.families, opened: "2023-01-02", closed: "2023-01-31", caseId: "c1" },
      { clients: ANNA, task: TASK.families, opened: "2023-01-31", closed: "2023-02-10", caseId: "c2" },
    ],
    [period(ANNA, TASK.families, "2023-01-02", "2023-02-10", ["c1", "c2"])],
  ],
  [
    "an open case keeps a merged period open even when later cases close [S003 L45]",
    [
      { clients: ANNA, task: TASK.families, opened: "2022-12-01", caseId: "c1" },
      { clients: ANNA, task: TASK.families, opened: "2023-01-15", closed: "2023-02-01", caseId: "c2" },
    ],
    [period(ANNA, TASK.families, "2022-12-01", undefined, ["c1", "c2"])],
  ],
  [
    "overlapping cases in different service tasks give one period per task [S003 L45; D04-R41 L16193-16197]",
    [
      { clients: ANNA, task: TASK.families, opened: "2022-10-01", closed: "2023-02-01", caseId: "c1" },
      { clients: ANNA, task: TASK.childProtection, opened: "2023-01-20", caseId: "c2" },
    ],
    [period(ANNA, TASK.childProtection, "2023-01-20", undefined, ["c2"]), period(ANNA, TASK.families, "2022-10-01", "2023-02-01", ["c1"])],
  ],
  [
    "a joint case gives a period to each of its clients [S003 L45; D04-R49 L16636-16640]",
    [{ clients: [ANNA, BO], task: TASK.families, opened: "2023-02-01", caseId: "c1" }],
    [period(ANNA, TASK.families, "2023-02-01", undefined, ["c1"]), period(BO, TASK.families, "2023-02-01", undefined, ["c1"])],
  ],
  [
    "a reopened case (status open, old closing date left) is ongoing [S003 L45; D04-R37 L16110]",
    [{ clients: ANNA, task: TASK.workingAge, opened: "2022-03-01", closed: "2022-09-30", status: "open", caseId: "c1" }],
    [period(ANNA, TASK.workingAge, "2022-03-01", undefined, ["c1"])],
  ],
  [
    "period ended the day before the follow-up period: not reported; ended on its first day: reported [S003 L45]",
    [
      { clients: ANNA, task: TASK.workingAge, opened: "2021-01-04", closed: "2022-12-31", caseId: "c1" },
      { clients: BO, task: TASK.workingAge, opened: "2021-01-04", closed: "2023-01-01", caseId: "c2" },
    ],
    [period(BO, TASK.workingAge, "2021-01-04", "2023-01-01", ["c2"])],
  ],
  [
    "period opened on the last day of the follow-up period: reported; the day after: not [S003 L45]",
    [
      { clients: ANNA, task: TASK.workingAge, opened: "2023-03-31", caseId: "c1" },
      { clients: BO, task: TASK.workingAge, opened: "2023-04-01", caseId: "c2" },
    ],
    [period(ANNA, TASK.workingAge, "2023-03-31", undefined, ["c1"])],
  ],
  [
    "another organiser's cases are not in this organiser's export [S003 L45; D05-R25 L20349-20353]",
    [{ clients: ANNA, task: TASK.workingAge, opened: "2023-01-10", caseId: "c1", organiser: OTHER_ORGANISER }],
    [],
  ],
];

describe("Sosdata client-relationship periods [S003 L45]", () => {
  it.each(rows)("%s", (_name, specs, expected) => {
    const result = deriveSosdata({ documents: specs.map(caseDoc) }, Q1_2023);
    expect(result.clientRelationshipPeriods).toEqual(expected.map((row) => ({ organiserOid: ORGANISER, ...row })));
  });

  it("uses only the latest version of a case document [S003 L45; D05-R29 L20568-20570]", () => {
    const v1 = caseDoc({ clients: ANNA, task: TASK.workingAge, opened: "2022-06-01", caseId: "c1" });
    const v2 = nextVersion(v1, { caseClosedAt: "2022-12-15", caseStatus: { code: CASE_STATUS_CLOSED, codeSystem: CODE_SYSTEMS.caseStatus } });
    expect(deriveSosdata({ documents: [v2, v1] }, Q1_2023).clientRelationshipPeriods).toEqual([]);
    expect(deriveSosdata({ documents: [v1] }, Q1_2023).clientRelationshipPeriods).toHaveLength(1);
  });

  it("ignores a case document whose latest version is a cancellation [S003 L45; D06-R16 L25960]", () => {
    const v1 = caseDoc({ clients: ANNA, task: TASK.workingAge, opened: "2023-01-05", caseId: "c1" });
    const cancelled = nextVersion(v1, { status: "cancelled" });
    expect(deriveSosdata({ documents: [v1, cancelled] }, Q1_2023).clientRelationshipPeriods).toEqual([]);
  });

  it("rejects a follow-up period that is not two ordered calendar dates", () => {
    expect(() => deriveSosdata({ documents: [] }, { ...Q1_2023, from: "2023-04-01" })).toThrow(RangeError);
    expect(() => deriveSosdata({ documents: [] }, { ...Q1_2023, to: "31.3.2023" })).toThrow(RangeError);
  });
});

describe("Sosdata client-relationship periods: completeness [S003 L45, L69]", () => {
  const issueRows: [string, CaseSpec[], { reason: string; client: string }[], number][] = [
    [
      "a case without opening date withholds every period of the client in that task [S003 L45]",
      [
        { clients: ANNA, task: TASK.elderly, caseId: "c1" },
        { clients: ANNA, task: TASK.elderly, opened: "2023-01-03", caseId: "c2" },
        { clients: ANNA, task: TASK.families, opened: "2023-01-03", caseId: "c3" },
      ],
      [{ reason: "case-without-opening-date", client: ANNA }],
      1,
    ],
    [
      "a closed case without closing date [S003 L45; L20379-20393]",
      [{ clients: BO, task: TASK.elderly, opened: "2022-01-03", status: "closed", caseId: "c1" }],
      [{ reason: "case-closed-without-closing-date", client: BO }],
      0,
    ],
    [
      "a case without a Serviceuppgift 2016 task [S003 L45; D04-R41 L16193-16197]",
      [{ clients: ANNA, task: [], opened: "2023-01-03", caseId: "c1" }],
      [{ reason: "case-without-service-task", client: ANNA }],
      0,
    ],
    [
      "a case with two service tasks, for each client of the joint case [S003 L45; D04-R41 L16193-16197]",
      [{ clients: [ANNA, BO], task: [TASK.elderly, TASK.families], opened: "2023-01-03", caseId: "c1" }],
      [
        { reason: "case-several-service-tasks", client: ANNA },
        { reason: "case-several-service-tasks", client: BO },
      ],
      0,
    ],
  ];

  it.each(issueRows)("%s", (_name, specs, expectedIssues, expectedRowCount) => {
    const result = deriveSosdata({ documents: specs.map(caseDoc) }, Q1_2023);
    const periodIssues = result.completeness.filter((i) => i.family === "client-relationship-periods");
    expect(periodIssues.map(({ reason, client }) => ({ reason, client }))).toEqual(expectedIssues);
    expect(periodIssues.every((i) => i.source.includes("S003 L45") && i.documentId !== undefined)).toBe(true);
    expect(result.clientRelationshipPeriods).toHaveLength(expectedRowCount);
  });
});
