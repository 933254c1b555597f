/**
 * Sosdata family 3: social services received in the follow-up period, derived from phase-1 archive data
 * the way THL's notice describes [S003 L61-67]: implementation-phase documents naming a social service,
 * the KR's service-unit client relationships with their social services, and service decisions with
 * type and validity period (positive made in the period, in force through it, ending in it, negative,
 * S003 L112-117).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DocumentMetadata } from "../../src/model/document.js";
import { deriveSosdata, SERVICE_DECISION_TYPES, type DecisionFacts, type SocialServiceRow } from "../../src/rules/sosdata/index.js";
import { ANNA, BO, clientDoc, decisionDoc, DECISION_TYPE, krDoc, Q1_2023, SERVICE, TASK, taskEntry, unit } from "./sosdata-builders.js";

const UNIT_HOME_CARE = "1.2.246.10.99990001.10.201";
const UNIT_PRODUCER = "1.2.246.10.99990001.30.301";

/** The fields a test compares (the row without organiser). */
function comparable(rows: SocialServiceRow[]): Omit<SocialServiceRow, "organiserOid">[] {
  return rows.map(({ organiserOid, ...rest }) => rest);
}

describe("social services from implementation-phase documents [S003 L63]", () => {
  it("aggregates a client's documents naming one service into first and last date in the period [S003 L63]", () => {
    const a = clientDoc({ clients: ANNA, createdAt: "2023-01-05T10:00:00+02:00", task: TASK.elderly, services: [SERVICE.homeCare] });
    const b = clientDoc({ clients: ANNA, createdAt: "2023-03-20T10:00:00+02:00", task: TASK.elderly, services: [SERVICE.homeCare] });
    const before = clientDoc({ clients: ANNA, createdAt: "2022-12-30T10:00:00+02:00", task: TASK.elderly, services: [SERVICE.homeCare] });
    const after = clientDoc({ clients: ANNA, createdAt: "2023-04-01T00:10:00+03:00", task: TASK.elderly, services: [SERVICE.homeCare] });
    const result = deriveSosdata({ documents: [b, before, a, after] }, Q1_2023);
    expect(comparable(result.socialServices)).toEqual([
      {
        client: ANNA,
        socialService: SERVICE.homeCare,
        serviceTasks: [TASK.elderly],
        source: "implementation-document",
        start: "2023-01-05",
        end: "2023-03-20",
        documentIds: [a.documentId, b.documentId].sort(),
      },
    ]);
  });

  it("gives a row per client and service of a joint document [S003 L63; D04-R18 L15506-15514]", () => {
    const doc = clientDoc({ clients: [ANNA, BO], createdAt: "2023-02-01", task: TASK.families, services: [SERVICE.familyWork, SERVICE.socialWork] });
    const rows = deriveSosdata({ documents: [doc] }, Q1_2023).socialServices;
    expect(rows.map((r) => [r.client, r.socialService])).toEqual([
      [ANNA, SERVICE.familyWork],
      [ANNA, SERVICE.socialWork],
      [BO, SERVICE.familyWork],
      [BO, SERVICE.socialWork],
    ]);
  });

  it("documents of other service processes do not show a service received [S003 L63; D04-R45 L16239-16243]", () => {
    const arranging = clientDoc({ clients: ANNA, createdAt: "2023-02-01", task: TASK.elderly, services: [SERVICE.homeCare], process: "4" });
    expect(deriveSosdata({ documents: [arranging] }, Q1_2023).socialServices).toEqual([]);
  });

  it("completeness: an implementation-phase document without social service [S003 L63; D04-R07 L15215-15221]", () => {
    const doc = clientDoc({ clients: ANNA, createdAt: "2023-02-01", task: TASK.elderly, services: [] });
    const result = deriveSosdata({ documents: [doc] }, Q1_2023);
    expect(result.socialServices).toEqual([]);
    expect(result.completeness.map((i) => [i.reason, i.client, i.documentId])).toEqual([["implementation-document-without-social-service", ANNA, doc.documentId]]);
  });
});

describe("social services from the KR's service-unit client relationships [S003 L64, L122]", () => {
  it("reports each social service of a unit relationship overlapping the period, with unit and dates [S003 L64, L122; L20357-20369]", () => {
    const kr = krDoc(ANNA, {
      serviceTaskEntries: [
        taskEntry(TASK.elderly, [
          unit(UNIT_HOME_CARE, "2022-04-01", undefined, [SERVICE.homeCare]),
          unit(UNIT_PRODUCER, "2023-02-15", "2023-05-31", [SERVICE.roundTheClockHousing, SERVICE.carerSupport], "producer"),
          unit("1.2.246.10.99990001.10.299", "2021-01-01", "2022-12-31", [SERVICE.personalAssistance]), // ended before: not reported
        ]),
      ],
    });
    const result = deriveSosdata({ documents: [kr.doc], clientRelationships: [kr.facts] }, Q1_2023);
    const base = { client: ANNA, serviceTasks: [TASK.elderly], source: "service-unit-relationship" as const, documentIds: [kr.doc.documentId] };
    expect(comparable(result.socialServices)).toEqual([
      { ...base, socialService: SERVICE.homeCare, start: "2022-04-01", serviceUnitOid: UNIT_HOME_CARE },
      { ...base, socialService: SERVICE.carerSupport, start: "2023-02-15", end: "2023-05-31", serviceUnitOid: UNIT_PRODUCER },
      { ...base, socialService: SERVICE.roundTheClockHousing, start: "2023-02-15", end: "2023-05-31", serviceUnitOid: UNIT_PRODUCER },
    ]);
    expect(result.completeness).toEqual([]);
  });

  const issueRows: [string, Parameters<typeof taskEntry>[1], string][] = [
    ["a service-task entry without a service unit (KR missing a service unit) [S003 L64; L20357-20369]", [], "service-task-entry-without-service-unit"],
    ["a unit relationship without start date [S003 L64; L20627-20637]", [unit(UNIT_HOME_CARE, undefined, undefined, [SERVICE.homeCare])], "service-unit-relationship-without-start"],
    ["a unit relationship in the period naming no social service [S003 L64, L122]", [unit(UNIT_HOME_CARE, "2022-01-01", undefined, [])], "service-unit-relationship-without-social-service"],
  ];
  it.each(issueRows)("completeness: %s", (_name, units, reason) => {
    const kr = krDoc(ANNA, { serviceTaskEntries: [taskEntry(TASK.elderly, units)] });
    const result = deriveSosdata({ documents: [kr.doc], clientRelationships: [kr.facts] }, Q1_2023);
    expect(result.socialServices).toEqual([]);
    expect(result.completeness.map((i) => [i.family, i.reason, i.client, i.serviceTask])).toEqual([["social-services", reason, ANNA, TASK.elderly]]);
  });
});

type DecisionSpec = { type?: string; services?: string[]; createdAt?: string; facts?: Omit<DecisionFacts, "documentId"> };
const positive = (decidedAt: string | undefined, validFrom: string | undefined, validTo?: string): Omit<DecisionFacts, "documentId"> => ({
  outcome: "positive",
  ...(decidedAt !== undefined && { decidedAt }),
  ...(validFrom !== undefined && { validFrom }),
  ...(validTo !== undefined && { validTo }),
});

describe("social services from service decisions [S003 L65-67, L96-117]", () => {
  const rows: [string, DecisionSpec, Pick<SocialServiceRow, "decisionCategory" | "decidedAt" | "validFrom" | "validTo"> | undefined][] = [
    [
      "positive decision made in the period [S003 L114]",
      { facts: positive("2023-02-01", "2023-02-01", "2023-12-31") },
      { decisionCategory: "positive-made-in-period", decidedAt: "2023-02-01", validFrom: "2023-02-01", validTo: "2023-12-31" },
    ],
    [
      "made in the period and ending in it: counted as made in the period [S003 L114, L116]",
      { facts: positive("2023-01-10", "2023-01-10", "2023-02-28") },
      { decisionCategory: "positive-made-in-period", decidedAt: "2023-01-10", validFrom: "2023-01-10", validTo: "2023-02-28" },
    ],
    [
      "made before the period, in force until further notice [S003 L115]",
      { facts: positive("2022-06-01", "2022-06-01") },
      { decisionCategory: "positive-in-force-through-period", decidedAt: "2022-06-01", validFrom: "2022-06-01" },
    ],
    [
      "made before the period, valid beyond its end [S003 L115]",
      { facts: positive("2022-06-01", "2022-07-01", "2023-06-30") },
      { decisionCategory: "positive-in-force-through-period", decidedAt: "2022-06-01", validFrom: "2022-07-01", validTo: "2023-06-30" },
    ],
    [
      "made before the period, validity ending in it [S003 L116]",
      { facts: positive("2022-06-01", "2022-06-01", "2023-03-15") },
      { decisionCategory: "positive-ending-in-period", decidedAt: "2022-06-01", validFrom: "2022-06-01", validTo: "2023-03-15" },
    ],
    ["validity ended before the period: no row [S003 L115-116]", { facts: positive("2022-01-10", "2022-01-10", "2022-12-31") }, undefined],
    ["made before, valid only from after the period: no row [S003 L115]", { facts: positive("2022-12-20", "2023-05-01") }, undefined],
    ["made after the period: no row [S003 L114]", { facts: positive("2023-04-03", "2023-04-03") }, undefined],
    [
      "negative decision made in the period, no validity needed [S003 L117]",
      { facts: { outcome: "negative", decidedAt: "2023-03-31" } },
      { decisionCategory: "negative", decidedAt: "2023-03-31" },
    ],
    ["negative decision made before the period: no row [S003 L117]", { facts: { outcome: "negative", decidedAt: "2022-12-31" } }, undefined],
    [
      "decision date taken from the creation date (#M16) when the content gives none [S003 L114]",
      { createdAt: "2023-03-31T23:30:00+03:00", facts: positive(undefined, "2023-04-01") },
      { decisionCategory: "positive-made-in-period", decidedAt: "2023-03-31", validFrom: "2023-04-01" },
    ],
    ["a decision that is not a service decision (urgent placement): no row, no issue [S003 L96-106]", { type: DECISION_TYPE.urgentPlacement, facts: positive("2023-02-01", "2023-02-01") }, undefined],
  ];

  it.each(rows)("%s", (_name, spec, expected) => {
    const d = decisionDoc({ client: ANNA, type: spec.type ?? DECISION_TYPE.elderly, task: TASK.elderly, services: spec.services ?? [SERVICE.homeCare], ...spec });
    const result = deriveSosdata({ documents: [d.doc], decisions: d.facts ? [d.facts] : [] }, Q1_2023);
    expect(comparable(result.socialServices)).toEqual(
      expected
        ? [{ client: ANNA, socialService: SERVICE.homeCare, serviceTasks: [TASK.elderly], source: "service-decision", decisionType: spec.type ?? DECISION_TYPE.elderly, documentIds: [d.doc.documentId], ...expected }]
        : [],
    );
    expect(result.completeness).toEqual([]);
  });

  it.each(Object.entries(DECISION_TYPE).filter(([name]) => name !== "urgentPlacement"))("service-decision type %s (%s) is recognised [S003 L96-106]", (_name, type) => {
    const d = decisionDoc({ client: ANNA, type, task: TASK.elderly, services: [SERVICE.socialWork], facts: positive("2023-02-01", "2023-02-01") });
    expect(deriveSosdata({ documents: [d.doc], decisions: [d.facts!] }, Q1_2023).socialServices.map((r) => r.decisionType)).toEqual([type]);
  });

  const issueRows: [string, DecisionSpec, string | undefined][] = [
    ["a decision without specifying document type [S003 L67]", { type: undefined, facts: positive("2023-02-01", "2023-02-01") }, "decision-without-specific-type"],
    ["a service decision whose content could not be read [S003 L65, L112-117]", { facts: undefined }, "decision-facts-missing"],
    ["a service decision not saying positive or negative [S003 L114-117]", { facts: { decidedAt: "2023-02-01", validFrom: "2023-02-01" } }, "decision-outcome-missing"],
    ["a positive service decision without validity period [S003 L65, L67]", { facts: positive("2022-11-01", undefined) }, "decision-without-validity-period"],
    ["a service decision naming no social service [S003 L67]", { services: [], facts: positive("2023-02-01", "2023-02-01") }, "decision-without-social-service"],
    ["a service decision without social service whose validity ended before the period: nothing to report [S003 L67, L115-116]", { services: [], facts: positive("2021-01-04", "2021-01-04", "2022-06-30") }, undefined],
    ["a negative decision without social service made before the period: nothing to report [S003 L67, L117]", { services: [], facts: { outcome: "negative", decidedAt: "2022-12-30" } }, undefined],
    ["a decision without specifying type made after the period: nothing to report [S003 L67]", { type: undefined, createdAt: "2023-05-02", facts: positive("2023-05-02", "2023-05-02") }, undefined],
  ];

  it.each(issueRows)("completeness: %s", (_name, spec, reason) => {
    const hasType = !("type" in spec) || spec.type !== undefined;
    const d = decisionDoc({ client: ANNA, task: TASK.elderly, services: spec.services ?? [SERVICE.homeCare], ...(spec.createdAt && { createdAt: spec.createdAt }), ...(hasType && { type: spec.type ?? DECISION_TYPE.elderly }), ...(spec.facts && { facts: spec.facts }) });
    const result = deriveSosdata({ documents: [d.doc], decisions: d.facts ? [d.facts] : [] }, Q1_2023);
    expect(result.socialServices).toEqual([]);
    expect(result.completeness.map((i) => [i.family, i.reason, i.client, i.documentId])).toEqual(reason ? [["social-services", reason, ANNA, d.doc.documentId]] : []);
  });
});

describe("the three sources together [S003 L61-65]", () => {
  it("keeps one row per source so the consumer can tell decision data from other data [S003 L71, L110]", () => {
    const journal = clientDoc({ clients: ANNA, createdAt: "2023-01-20", task: TASK.elderly, services: [SERVICE.homeCare] });
    const kr = krDoc(ANNA, { serviceTaskEntries: [taskEntry(TASK.elderly, [unit(UNIT_HOME_CARE, "2022-04-01", undefined, [SERVICE.homeCare])])] });
    const decision = decisionDoc({ client: ANNA, type: DECISION_TYPE.elderly, task: TASK.elderly, services: [SERVICE.homeCare], facts: positive("2022-03-25", "2022-04-01") });
    const documents: DocumentMetadata[] = [journal, kr.doc, decision.doc];
    const result = deriveSosdata({ documents, clientRelationships: [kr.facts], decisions: [decision.facts!] }, Q1_2023);
    expect(result.socialServices.map((r) => [r.socialService, r.source])).toEqual([
      [SERVICE.homeCare, "implementation-document"],
      [SERVICE.homeCare, "service-decision"],
      [SERVICE.homeCare, "service-unit-relationship"],
    ]);
  });
});

describe("service-decision types match the specifying-type code list [S003 L96-106]", () => {
  const list = JSON.parse(readFileSync(new URL("../../fixtures/code-lists/document-type-specific.json", import.meta.url), "utf8")) as { codes: { code: string; sv: string }[] };
  it.each(Object.entries(SERVICE_DECISION_TYPES))("code %s is %s in fixtures/code-lists/document-type-specific.json", (code, name) => {
    expect(list.codes.find((c) => c.code === code)?.sv).toBe(name);
  });
  it("there are exactly the nine service-decision types of S003 L98-106", () => {
    expect(Object.keys(SERVICE_DECISION_TYPES)).toHaveLength(9);
  });
});
