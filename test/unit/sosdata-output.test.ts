/**
 * Sosdata output: CSV (RFC 4180, one file per row family + the completeness report) and JSON, checked
 * on the worked example of docs/sosdata.md (a small constructed archive → exact rows).
 */
import { describe, expect, it } from "vitest";
import { csvField, deriveSosdata, toCsv, toJson, type SosdataInput } from "../../src/rules/sosdata/index.js";
import { ANNA, caseDoc, CHILD, clientDoc, decisionDoc, DECISION_TYPE, krDoc, Q1_2023, SERVICE, TASK, taskEntry, unit } from "./sosdata-builders.js";

/** The worked example of docs/sosdata.md §6. */
function workedExample(): { input: SosdataInput; ids: Record<string, string> } {
  const c1 = caseDoc({ clients: ANNA, task: TASK.elderly, opened: "2022-11-01", closed: "2023-01-20", caseId: "1.2.246.10.99990001.56.1" });
  const c2 = caseDoc({ clients: ANNA, task: TASK.elderly, opened: "2023-01-05", caseId: "1.2.246.10.99990001.56.2" });
  const c3 = caseDoc({ clients: CHILD, task: TASK.childProtection, opened: "2023-02-01", caseId: "1.2.246.10.99990001.56.3" });
  const annaKr = krDoc(ANNA, { serviceTaskEntries: [taskEntry(TASK.elderly, [unit("1.2.246.10.99990001.10.201", "2022-11-07", undefined, [SERVICE.homeCare])])] });
  const childKr = krDoc(CHILD, { childProtection: { start: "2023-02-14" }, serviceTaskEntries: [taskEntry(TASK.childProtection, [])] });
  const visit = clientDoc({ clients: CHILD, createdAt: "2023-03-02T13:00:00+02:00", task: TASK.childProtection, services: [SERVICE.intensifiedFamilyWork] });
  const decision = decisionDoc({
    client: ANNA,
    type: DECISION_TYPE.elderly,
    task: TASK.elderly,
    services: [SERVICE.homeCare],
    facts: { outcome: "positive", decidedAt: "2022-11-04", validFrom: "2022-11-07", validTo: "2023-02-28" },
  });
  const undated = decisionDoc({ client: ANNA, type: DECISION_TYPE.elderly, task: TASK.elderly, services: [SERVICE.carerSupport], facts: { outcome: "positive", decidedAt: "2023-03-10" } });
  return {
    input: {
      documents: [c1, c2, c3, annaKr.doc, childKr.doc, visit, decision.doc, undated.doc],
      clientRelationships: [annaKr.facts, childKr.facts],
      decisions: [decision.facts!, undated.facts!],
    },
    ids: { annaKr: annaKr.doc.documentId, childKr: childKr.doc.documentId, visit: visit.documentId, decision: decision.doc.documentId, undated: undated.doc.documentId },
  };
}

describe("Sosdata output [S003 L45, L53, L61-67]", () => {
  it("derives the worked example of docs/sosdata.md to exactly these CSV files [S003 L45, L53, L63-67]", () => {
    const { input, ids } = workedExample();
    const csv = toCsv(deriveSosdata(input, Q1_2023));
    const o = Q1_2023.organiserOid;
    const lines = (...rows: string[]): string => rows.map((r) => `${r}\r\n`).join("");
    expect(csv.clientRelationshipPeriods).toBe(
      lines(
        "organiser_oid,client,service_task,start,end,case_ids",
        `${o},${ANNA},23,2022-11-01,,1.2.246.10.99990001.56.1|1.2.246.10.99990001.56.2`,
        `${o},${CHILD},10,2023-02-01,,1.2.246.10.99990001.56.3`,
      ),
    );
    expect(csv.childProtectionRelationships).toBe(lines("organiser_oid,client,start,end,document_id", `${o},${CHILD},2023-02-14,,${ids.childKr}`));
    expect(csv.socialServices).toBe(
      lines(
        "organiser_oid,client,social_service,service_tasks,source,start,end,service_unit_oid,decision_category,decision_type,decided_at,valid_from,valid_to,document_ids",
        `${o},${ANNA},15,23,service-decision,,,,positive-ending-in-period,308,2022-11-04,2022-11-07,2023-02-28,${ids.decision}`,
        `${o},${ANNA},15,23,service-unit-relationship,2022-11-07,,1.2.246.10.99990001.10.201,,,,,,${ids.annaKr}`,
        `${o},${CHILD},50,10,implementation-document,2023-03-02,2023-03-02,,,,,,,${ids.visit}`,
      ),
    );
    expect(csv.completeness).toBe(
      lines(
        "family,reason,client,document_id,service_task,detail,source",
        `social-services,decision-without-validity-period,${ANNA},${ids.undated},,a positive service decision without a (readable) validity start,"S003 L65, L67"`,
        `social-services,service-task-entry-without-service-unit,${CHILD},${ids.childKr},10,the KR entry for service task 10 records no service unit,S003 L64; L20357-20369`,
      ),
    );
  });

  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\r\nlines", '"two\r\nlines"'],
    ["line\nfeed", '"line\nfeed"'],
    ["", ""],
  ])("RFC 4180 field %j → %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("JSON carries the period, a format version and the same rows", () => {
    const { input } = workedExample();
    const result = deriveSosdata(input, Q1_2023);
    const json = JSON.parse(JSON.stringify(toJson(result, Q1_2023)));
    expect(json).toMatchObject({ format: "kanta-sim/sosdata", formatVersion: 1, period: Q1_2023 });
    expect(json.clientRelationshipPeriods).toEqual(result.clientRelationshipPeriods);
    expect(json.socialServices).toHaveLength(3);
    expect(json.completeness).toHaveLength(2);
  });

  it("is deterministic: the order of the input documents does not change the output", () => {
    const { input } = workedExample();
    const reversed = { ...input, documents: [...input.documents].reverse() };
    expect(toCsv(deriveSosdata(reversed, Q1_2023))).toEqual(toCsv(deriveSosdata(input, Q1_2023)));
  });
});
