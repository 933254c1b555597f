/**
 * Sosdata family 2: the child-protection client relationship (BSL 27 §), taken only from the start and
 * end dates in the child's client-relationship document [S003 L53; D05-R33 L20580-20592].
 */
import { describe, expect, it } from "vitest";
import { deriveSosdata, type ClientRelationshipFacts } from "../../src/rules/sosdata/index.js";
import { ANNA, BO, caseDoc, CHILD, krDoc, nextVersion, OTHER_ORGANISER, Q1_2023, TASK } from "./sosdata-builders.js";

type ChildProtection = ClientRelationshipFacts["childProtection"];

const rows: [string, ChildProtection, { start: string; end?: string } | undefined][] = [
  ["a relationship started before and ongoing through the period [S003 L53; L15687-15697]", { start: "2021-09-01" }, { start: "2021-09-01" }],
  ["started and ended inside the period [S003 L53; L20580-20592]", { start: "2023-01-16", end: "2023-03-02T12:00:00+02:00" }, { start: "2023-01-16", end: "2023-03-02" }],
  ["ended before the period: not reported [S003 L53]", { start: "2020-02-01", end: "2022-12-31" }, undefined],
  ["started after the period: not reported [S003 L53]", { start: "2023-04-01" }, undefined],
  ["no child-protection item: the child is not a child-protection client (a Barnskydd case alone is not one) [S003 L53; D04-R27 L15673-15685]", undefined, undefined],
];

describe("Sosdata child-protection client relationships [S003 L53]", () => {
  it.each(rows)("%s", (_name, childProtection, expected) => {
    const kr = krDoc(CHILD, { serviceTaskEntries: [], ...(childProtection && { childProtection }) });
    // A joint child-protection case of the child and the parents; the parents' KRs never carry the item (D04-R28 L15748-15752).
    const childCase = caseDoc({ clients: [CHILD, ANNA, BO], task: TASK.childProtection, opened: "2021-08-20" });
    const parents = [krDoc(ANNA), krDoc(BO)];
    const result = deriveSosdata(
      { documents: [kr.doc, childCase, ...parents.map((p) => p.doc)], clientRelationships: [kr.facts, ...parents.map((p) => p.facts)] },
      Q1_2023,
    );
    expect(result.childProtectionRelationships).toEqual(expected ? [{ organiserOid: Q1_2023.organiserOid, client: CHILD, documentId: kr.doc.documentId, ...expected }] : []);
    expect(result.completeness.filter((i) => i.family === "child-protection")).toEqual([]);
  });

  it("reads the dates from the latest KR version only [S003 L53; D05-R29 L20568-20570]", () => {
    const kr = krDoc(CHILD, { childProtection: { start: "2022-05-01" }, serviceTaskEntries: [] });
    const v2 = nextVersion(kr.doc);
    const v2Facts: ClientRelationshipFacts = { documentId: v2.documentId, childProtection: { start: "2022-05-01", end: "2022-11-30" }, serviceTaskEntries: [] };
    const result = deriveSosdata({ documents: [kr.doc, v2], clientRelationships: [kr.facts, v2Facts] }, Q1_2023);
    expect(result.childProtectionRelationships).toEqual([]);
  });

  it("another organiser's KR is not exported [S003 L53; D05-R25 L20349-20353]", () => {
    const kr = krDoc(CHILD, { childProtection: { start: "2022-05-01" }, serviceTaskEntries: [] }, OTHER_ORGANISER);
    expect(deriveSosdata({ documents: [kr.doc], clientRelationships: [kr.facts] }, Q1_2023).childProtectionRelationships).toEqual([]);
  });

  const issueRows: [string, () => Parameters<typeof deriveSosdata>[0], string, string | undefined][] = [
    [
      "an end date without a start date [S003 L53; L20580-20592]",
      () => {
        const kr = krDoc(CHILD, { childProtection: { end: "2023-02-01" }, serviceTaskEntries: [] });
        return { documents: [kr.doc], clientRelationships: [kr.facts] };
      },
      "child-protection-without-start",
      CHILD,
    ],
    [
      "a KR whose structured content could not be read [S003 L53]",
      () => ({ documents: [krDoc(CHILD).doc], clientRelationships: [] }),
      "client-relationship-facts-missing",
      CHILD,
    ],
    [
      "a KR naming two clients: a KR is personal [S003 L53; D04-R17 L15486-15490]",
      () => {
        const kr = krDoc([CHILD, ANNA], { childProtection: { start: "2022-01-01" }, serviceTaskEntries: [] });
        return { documents: [kr.doc], clientRelationships: [kr.facts] };
      },
      "client-relationship-document-several-clients",
      undefined,
    ],
    [
      "a child with a Barnskydd client-relationship period but no KR archived [S003 L49, L53]",
      () => ({ documents: [caseDoc({ clients: CHILD, task: TASK.childProtection, opened: "2023-01-09" })] }),
      "client-relationship-document-missing",
      CHILD,
    ],
  ];

  it.each(issueRows)("completeness: %s", (_name, input, reason, client) => {
    const result = deriveSosdata(input(), Q1_2023);
    expect(result.childProtectionRelationships).toEqual([]);
    const issues = result.completeness.filter((i) => i.family === "child-protection");
    expect(issues.map((i) => ({ reason: i.reason, client: i.client }))).toEqual([{ reason, client }]);
  });
});
