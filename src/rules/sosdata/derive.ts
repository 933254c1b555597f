/**
 * The Sosdata derivation (issue 10) as a pure function: archived documents of one organiser in, the
 * three Sosdata row families + a completeness report out. No I/O, no clock: the follow-up period is a
 * parameter. Seed lines: S003 = seeds/003 (THL's Sosdata notice), Lnnnnn = seeds/002 (handbook).
 */
import type { Coded, DocumentMetadata } from "../../model/document.js";
import { calendarDate, isWithin, overlapsPeriod } from "./dates.js";
import {
  CASE_STATUS_CLOSED,
  CODE_SYSTEMS,
  GENERAL_TYPE_DECISION,
  SERVICE_DECISION_TYPES,
  SERVICE_PROCESS_IMPLEMENTATION,
  SERVICE_TASK_CHILD_PROTECTION,
} from "./codes.js";
import type {
  ChildProtectionRow,
  ClientRelationshipFacts,
  ClientRelationshipPeriodRow,
  CompletenessIssue,
  DecisionCategory,
  DecisionFacts,
  SosdataInput,
  SosdataPeriod,
  SosdataResult,
  SocialServiceRow,
} from "./types.js";

export function deriveSosdata(archive: SosdataInput, period: SosdataPeriod): SosdataResult {
  if (!(calendarDate(period.from) === period.from && calendarDate(period.to) === period.to && period.from <= period.to)) {
    throw new RangeError(`Sosdata follow-up period must be two YYYY-MM-DD dates with from <= to (got ${period.from} – ${period.to})`);
  }
  const documents = latestArchivedVersions(archive.documents).filter((d) => d.organiser.oid === period.organiserOid);
  const issues: CompletenessIssue[] = [];
  const clientRelationshipPeriods = deriveClientRelationshipPeriods(documents, period, issues);
  const childProtectionRelationships = deriveChildProtection(documents, archive.clientRelationships ?? [], period, issues);
  const socialServices = [
    ...deriveFromImplementationDocuments(documents, period, issues),
    ...deriveFromServiceUnitRelationships(documents, archive.clientRelationships ?? [], period, issues),
    ...deriveFromServiceDecisions(documents, archive.decisions ?? [], period, issues),
  ];
  reportMissingClientRelationshipDocuments(documents, clientRelationshipPeriods, issues);
  return {
    clientRelationshipPeriods: clientRelationshipPeriods.sort(byKeys((r) => [r.client, r.serviceTask, r.start])),
    childProtectionRelationships: childProtectionRelationships.sort(byKeys((r) => [r.client, r.start])),
    socialServices: socialServices.sort(
      byKeys((r) => [r.client, r.socialService, r.source, r.start ?? r.decidedAt ?? "", r.documentIds.join(" ")]),
    ),
    completeness: issues.sort(byKeys((i) => [i.family, i.client ?? "", i.reason, i.documentId ?? "", i.serviceTask ?? ""])),
  };
}

/**
 * Only the latest version of each document counts, and a document whose latest version is a
 * cancellation (makulering, status Raderad) is gone (D05-R29 L20568-20570; D06-R16 L25960). The caller
 * should already pass latest versions; this keeps the derivation right if it passes history too.
 */
export function latestArchivedVersions(documents: readonly DocumentMetadata[]): DocumentMetadata[] {
  const latest = new Map<string, DocumentMetadata>();
  for (const d of documents) {
    const seen = latest.get(d.setId);
    if (!seen || d.versionNumber > seen.versionNumber) latest.set(d.setId, d);
  }
  return [...latest.values()].filter((d) => d.status !== "cancelled");
}

// ── family 1: client-relationship periods per service task (S003 L45) ──

export interface CaseSpan {
  caseId: string;
  documentId: string;
  opened?: string;
  /** Undefined while the case is open. */
  closed?: string;
  isClosed: boolean;
}

function deriveClientRelationshipPeriods(documents: DocumentMetadata[], period: SosdataPeriod, issues: CompletenessIssue[]): ClientRelationshipPeriodRow[] {
  const spansByClientAndTask = new Map<string, { client: string; serviceTask: string; spans: CaseSpan[] }>();
  for (const doc of documents.filter((d) => d.documentGroup === "case")) {
    const tasks = serviceTasks2016(doc);
    if (tasks.length !== 1) {
      // A case belongs to exactly one service task (D04-R41, L15996, L16193-16197).
      for (const client of doc.clients) {
        issues.push({
          family: "client-relationship-periods",
          reason: tasks.length === 0 ? "case-without-service-task" : "case-several-service-tasks",
          client,
          documentId: doc.documentId,
          detail: `case ${doc.caseId ?? "(no case id)"} names ${tasks.length} service tasks of Serviceuppgift 2016; a case belongs to exactly one`,
          source: "S003 L45; D04-R41 L16193-16197",
        });
      }
      continue;
    }
    const serviceTask = tasks[0]!;
    const span = caseSpan(doc);
    for (const client of doc.clients) {
      const key = `${client}\u0000${serviceTask}`;
      const group = spansByClientAndTask.get(key) ?? { client, serviceTask, spans: [] };
      group.spans.push(span);
      spansByClientAndTask.set(key, group);
    }
  }

  const rows: ClientRelationshipPeriodRow[] = [];
  for (const { client, serviceTask, spans } of spansByClientAndTask.values()) {
    // One case with unknown dates makes every period of the task uncertain: withhold them all and say why.
    const undated = spans.filter((s) => s.opened === undefined || (s.isClosed && s.closed === undefined));
    if (undated.length > 0) {
      for (const s of undated) {
        issues.push({
          family: "client-relationship-periods",
          reason: s.opened === undefined ? "case-without-opening-date" : "case-closed-without-closing-date",
          client,
          documentId: s.documentId,
          serviceTask,
          detail:
            s.opened === undefined
              ? `case ${s.caseId} has no opening date (#13): the client's periods in service task ${serviceTask} cannot be derived`
              : `case ${s.caseId} is closed but has no closing date (#14): the client's periods in service task ${serviceTask} cannot be derived`,
          source: "S003 L45; L20379-20393",
        });
      }
      continue;
    }
    for (const p of mergeIntoPeriods(spans)) {
      if (overlapsPeriod(p.start, p.end, period.from, period.to)) {
        rows.push({ organiserOid: period.organiserOid, client, serviceTask, start: p.start, ...(p.end !== undefined && { end: p.end }), caseIds: p.caseIds });
      }
    }
  }
  return rows;
}

/**
 * Case status decides open/closed: "Stängd" = closed; any other status = open even if an old closing
 * date is still there (a reopened case, L16110); no status = closed exactly when a closing date is given.
 */
function caseSpan(doc: DocumentMetadata): CaseSpan {
  const status = doc.caseStatus && doc.caseStatus.codeSystem === CODE_SYSTEMS.caseStatus ? doc.caseStatus.code : undefined;
  const isClosed = status !== undefined ? status === CASE_STATUS_CLOSED : doc.caseClosedAt !== undefined;
  const opened = calendarDate(doc.caseOpenedAt);
  const closed = isClosed ? calendarDate(doc.caseClosedAt) : undefined;
  return { caseId: doc.caseId ?? doc.setId, documentId: doc.documentId, ...(opened !== undefined && { opened }), ...(closed !== undefined && { closed }), isClosed };
}

/**
 * S003 L45: a period starts when the first case of the task is opened, or when a case is opened again
 * after all earlier cases of the task were closed, and ends on the closing date of the last case.
 * Day precision: a case opened on the day the last earlier case closed continues the period (no day
 * without an open case lies between them).
 */
export function mergeIntoPeriods(spans: readonly CaseSpan[]): { start: string; end?: string; caseIds: string[] }[] {
  const sorted = [...spans].sort(byKeys((s) => [s.opened!, s.caseId]));
  const periods: { start: string; end?: string; open: boolean; caseIds: string[] }[] = [];
  for (const s of sorted) {
    const current = periods.at(-1);
    if (current && (current.open || s.opened! <= current.end!)) {
      current.caseIds.push(s.caseId);
      if (!s.isClosed) {
        current.open = true;
        delete current.end;
      } else if (!current.open && s.closed! > current.end!) current.end = s.closed!;
    } else {
      periods.push({ start: s.opened!, open: !s.isClosed, caseIds: [s.caseId], ...(s.isClosed && { end: s.closed! }) });
    }
  }
  return periods.map(({ start, end, caseIds }) => ({ start, ...(end !== undefined && { end }), caseIds }));
}

// ── family 2: child-protection client relationships (S003 L53; D05-R33 L20580-20592) ──

function deriveChildProtection(
  documents: DocumentMetadata[],
  facts: readonly ClientRelationshipFacts[],
  period: SosdataPeriod,
  issues: CompletenessIssue[],
): ChildProtectionRow[] {
  const rows: ChildProtectionRow[] = [];
  for (const { doc, client, fact } of clientRelationshipDocuments(documents, facts, "child-protection", issues)) {
    const cp = fact.childProtection;
    if (!cp || (cp.start === undefined && cp.end === undefined)) continue; // not a child-protection client (D04-R27 L15673-15697)
    const start = calendarDate(cp.start);
    const end = calendarDate(cp.end);
    if (start === undefined) {
      issues.push({
        family: "child-protection",
        reason: "child-protection-without-start",
        client,
        documentId: doc.documentId,
        detail: "the client-relationship document has a child-protection client relationship without a (readable) start date",
        source: "S003 L53; L20580-20592",
      });
      continue;
    }
    if (overlapsPeriod(start, end, period.from, period.to)) {
      rows.push({ organiserOid: period.organiserOid, client, start, ...(end !== undefined && { end }), documentId: doc.documentId });
    }
  }
  return rows;
}

/** KR documents with their facts and single client; a KR without facts or with several clients is reported for `family`. */
function clientRelationshipDocuments(
  documents: DocumentMetadata[],
  facts: readonly ClientRelationshipFacts[],
  family: CompletenessIssue["family"],
  issues: CompletenessIssue[],
): { doc: DocumentMetadata; client: string; fact: ClientRelationshipFacts }[] {
  const factsById = new Map(facts.map((f) => [f.documentId, f]));
  const out: { doc: DocumentMetadata; client: string; fact: ClientRelationshipFacts }[] = [];
  for (const doc of documents.filter((d) => d.documentGroup === "client-relationship")) {
    if (doc.clients.length !== 1) {
      // A KR is personal: exactly one client (D04-R17 L15486-15490).
      issues.push({
        family,
        reason: "client-relationship-document-several-clients",
        documentId: doc.documentId,
        detail: `the client-relationship document names ${doc.clients.length} clients; it must name exactly one`,
        source: "L15486-15490",
      });
      continue;
    }
    const client = doc.clients[0]!;
    const fact = factsById.get(doc.documentId);
    if (!fact) {
      issues.push({
        family,
        reason: "client-relationship-facts-missing",
        client,
        documentId: doc.documentId,
        detail: "the structured content of the client-relationship document could not be read",
        source: family === "child-protection" ? "S003 L53" : "S003 L64",
      });
      continue;
    }
    out.push({ doc, client, fact });
  }
  return out;
}

// ── family 3: social services received (S003 L61-67, L112-122) ──

/** S003 L63: implementation-phase documents whose metadata names a social service. */
function deriveFromImplementationDocuments(documents: DocumentMetadata[], period: SosdataPeriod, issues: CompletenessIssue[]): SocialServiceRow[] {
  const rows = new Map<string, SocialServiceRow>();
  for (const doc of documents) {
    if (doc.documentGroup === "case" || doc.documentGroup === "client-relationship") continue;
    if (!isCode(doc.serviceProcess, CODE_SYSTEMS.serviceProcess, SERVICE_PROCESS_IMPLEMENTATION)) continue;
    const date = calendarDate(doc.createdAt);
    if (date === undefined || !isWithin(date, period.from, period.to)) continue;
    const serviceTasks = serviceTasks2016(doc);
    if (doc.socialServices.length === 0) {
      for (const client of doc.clients) {
        issues.push({
          family: "social-services",
          reason: "implementation-document-without-social-service",
          client,
          documentId: doc.documentId,
          detail: "an implementation-phase document of the period names no social service (#20)",
          source: "S003 L63; D04-R07 L15215-15221",
        });
      }
      continue;
    }
    for (const client of doc.clients) {
      for (const service of doc.socialServices) {
        // One row per client, service and task set: first and last document date in the period.
        const key = [client, service.code, serviceTasks.join(" ")].join("\u0000");
        const row = rows.get(key);
        if (!row) {
          rows.set(key, {
            organiserOid: period.organiserOid,
            client,
            socialService: service.code,
            serviceTasks,
            source: "implementation-document",
            start: date,
            end: date,
            documentIds: [doc.documentId],
          });
        } else {
          if (date < row.start!) row.start = date;
          if (date > row.end!) row.end = date;
          row.documentIds.push(doc.documentId);
        }
      }
    }
  }
  for (const row of rows.values()) row.documentIds.sort();
  return [...rows.values()];
}

/** S003 L64, L122: the service-unit client relationships in the KR with the social services given there. */
function deriveFromServiceUnitRelationships(
  documents: DocumentMetadata[],
  facts: readonly ClientRelationshipFacts[],
  period: SosdataPeriod,
  issues: CompletenessIssue[],
): SocialServiceRow[] {
  const rows: SocialServiceRow[] = [];
  for (const { doc, client, fact } of clientRelationshipDocuments(documents, facts, "social-services", issues)) {
    for (const entry of fact.serviceTaskEntries) {
      const serviceTask = entry.serviceTask.code;
      if (entry.serviceUnits.length === 0) {
        issues.push({
          family: "social-services",
          reason: "service-task-entry-without-service-unit",
          client,
          documentId: doc.documentId,
          serviceTask,
          detail: `the KR entry for service task ${serviceTask} records no service unit`,
          source: "S003 L64; L20357-20369",
        });
        continue;
      }
      for (const unit of entry.serviceUnits) {
        const start = calendarDate(unit.start);
        const end = calendarDate(unit.end);
        if (start === undefined) {
          issues.push({
            family: "social-services",
            reason: "service-unit-relationship-without-start",
            client,
            documentId: doc.documentId,
            serviceTask,
            detail: `the client relationship at service unit ${unit.serviceUnit.oid} has no (readable) start date`,
            source: "S003 L64; L20627-20637",
          });
          continue;
        }
        if (!overlapsPeriod(start, end, period.from, period.to)) continue;
        if (unit.socialServices.length === 0) {
          issues.push({
            family: "social-services",
            reason: "service-unit-relationship-without-social-service",
            client,
            documentId: doc.documentId,
            serviceTask,
            detail: `the client relationship at service unit ${unit.serviceUnit.oid} in the period names no social service`,
            source: "S003 L64, L122",
          });
          continue;
        }
        for (const service of unit.socialServices) {
          rows.push({
            organiserOid: period.organiserOid,
            client,
            socialService: service.code,
            serviceTasks: [serviceTask],
            source: "service-unit-relationship",
            start,
            ...(end !== undefined && { end }),
            serviceUnitOid: unit.serviceUnit.oid,
            documentIds: [doc.documentId],
          });
        }
      }
    }
  }
  return rows;
}

/**
 * S003 L65-67, L96-117: service decisions. A positive decision counts only with a specifying type, a
 * social service and a validity period (S003 L67); it is classified, in this order of precedence, as
 * made in the period, ending in the period, or made before and in force through the period.
 */
function deriveFromServiceDecisions(
  documents: DocumentMetadata[],
  decisions: readonly DecisionFacts[],
  period: SosdataPeriod,
  issues: CompletenessIssue[],
): SocialServiceRow[] {
  const factsById = new Map(decisions.map((f) => [f.documentId, f]));
  const rows: SocialServiceRow[] = [];
  for (const doc of documents) {
    const isDecision =
      isCode(doc.generalType, CODE_SYSTEMS.generalType, GENERAL_TYPE_DECISION) || isCode(doc.generalType, CODE_SYSTEMS.generalType2016, GENERAL_TYPE_DECISION);
    if (!isDecision) continue;
    const facts = factsById.get(doc.documentId);
    const decidedAt = calendarDate(facts?.decidedAt) ?? calendarDate(doc.createdAt);
    if (decidedAt === undefined || decidedAt > period.to) continue; // made after the period: nothing to say about it
    const report = (reason: CompletenessIssue["reason"], detail: string, source: string): void => {
      for (const client of doc.clients) issues.push({ family: "social-services", reason, client, documentId: doc.documentId, detail, source });
    };
    if (!doc.specificType) {
      report("decision-without-specific-type", "a decision without a specifying document type (#23) cannot be recognised as a service decision", "S003 L67");
      continue;
    }
    if (!isServiceDecisionType(doc.specificType)) continue; // not one of the nine service-decision types (S003 L96-106)
    if (!facts) {
      report("decision-facts-missing", "the structured content of the service decision could not be read", "S003 L65, L112-117");
      continue;
    }
    if (facts.outcome === undefined) {
      report("decision-outcome-missing", "the service decision does not say whether it is positive or negative", "S003 L114-117");
      continue;
    }
    const validFrom = calendarDate(facts.validFrom);
    const validTo = calendarDate(facts.validTo);
    let category: DecisionCategory | undefined;
    if (facts.outcome === "negative") {
      if (isWithin(decidedAt, period.from, period.to)) category = "negative";
    } else if (validFrom === undefined) {
      report("decision-without-validity-period", "a positive service decision without a (readable) validity start", "S003 L65, L67");
      continue;
    } else {
      category = positiveDecisionCategory(decidedAt, validFrom, validTo, period);
    }
    if (!category) continue; // the decision does not touch the period: nothing to derive, nothing missing
    if (doc.socialServices.length === 0) {
      report("decision-without-social-service", "the service decision names no social service (#20)", "S003 L67");
      continue;
    }
    for (const client of doc.clients) {
      for (const service of doc.socialServices) {
        rows.push({
          organiserOid: period.organiserOid,
          client,
          socialService: service.code,
          serviceTasks: serviceTasks2016(doc),
          source: "service-decision",
          decisionCategory: category,
          decisionType: doc.specificType.code,
          decidedAt,
          ...(validFrom !== undefined && { validFrom }),
          ...(validTo !== undefined && { validTo }),
          documentIds: [doc.documentId],
        });
      }
    }
  }
  return rows;
}

/** The S003 L114-116 category of a positive decision made on or before `period.to`, or undefined when it does not touch the period. */
export function positiveDecisionCategory(decidedAt: string, validFrom: string, validTo: string | undefined, period: { from: string; to: string }): DecisionCategory | undefined {
  if (isWithin(decidedAt, period.from, period.to)) return "positive-made-in-period";
  if (!overlapsPeriod(validFrom, validTo, period.from, period.to)) return undefined;
  if (validTo !== undefined && isWithin(validTo, period.from, period.to)) return "positive-ending-in-period";
  return "positive-in-force-through-period";
}

/**
 * A client with a client-relationship period in the follow-up period but no KR at the organiser: the
 * service-unit relationships (and for Barnskydd the child-protection relationship) cannot be derived.
 * S003 L49 asks the archiving to cover the case and client-relationship documents of every client.
 */
function reportMissingClientRelationshipDocuments(documents: DocumentMetadata[], periods: ClientRelationshipPeriodRow[], issues: CompletenessIssue[]): void {
  const clientsWithKr = new Set(documents.filter((d) => d.documentGroup === "client-relationship").flatMap((d) => d.clients));
  const reported = new Set<string>();
  for (const p of periods) {
    if (clientsWithKr.has(p.client)) continue;
    const families: CompletenessIssue["family"][] = ["social-services", ...(p.serviceTask === SERVICE_TASK_CHILD_PROTECTION ? (["child-protection"] as const) : [])];
    for (const family of families) {
      const key = `${family}\u0000${p.client}`;
      if (reported.has(key)) continue;
      reported.add(key);
      issues.push({
        family,
        reason: "client-relationship-document-missing",
        client: p.client,
        detail: "the client has a client relationship in the period but no client-relationship document is archived",
        source: "S003 L49, L53, L64",
      });
    }
  }
}

// ── helpers ──

function serviceTasks2016(doc: DocumentMetadata): string[] {
  return [...new Set(doc.serviceTasks.filter((t) => t.codeSystem === CODE_SYSTEMS.serviceTask).map((t) => t.code))].sort();
}

function isCode(value: Coded | undefined, codeSystem: string, code: string): boolean {
  return value !== undefined && value.codeSystem === codeSystem && value.code === code;
}

function isServiceDecisionType(type: Coded): boolean {
  return type.codeSystem === CODE_SYSTEMS.specificType && Object.hasOwn(SERVICE_DECISION_TYPES, type.code);
}

function byKeys<T>(keys: (item: T) => string[]): (a: T, b: T) => number {
  return (a, b) => {
    const ka = keys(a), kb = keys(b);
    for (let i = 0; i < ka.length; i++) {
      if (ka[i]! < kb[i]!) return -1;
      if (ka[i]! > kb[i]!) return 1;
    }
    return 0;
  };
}
