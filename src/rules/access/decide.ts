/**
 * decideAccess(principal, action, resource, context): the archive's access decision for one request,
 * with the rule that decided it and the log entries the archive must write (domain/08 §5.0 order:
 * usage situation → organisation preconditions → client-level basis → operation rules → content).
 * Pure: plain data in, decision out; `context.now` is the only clock.
 */
import type { DocumentGroup, DocumentMetadata } from "../../model/document.js";
import { permissionInForce, prohibitionsInForce, kantaInformationGiven } from "./consent.js";
import type { AccessErrorCode } from "./errors.js";
import { checkNonDisclosureStorage } from "./non-disclosure.js";
import {
  EXTENDED_INFORMATION_BASIS_CODES,
  SHELTER_SERVICE,
  SPECIAL_REASON_CODES,
  USAGE_SITUATIONS,
  isReadAction,
} from "./policy.js";
import { entriesOfPrincipal, entryState, hasSakligAnknytning, requestDate } from "./relationship.js";
import type {
  AccessAction,
  AccessBasis,
  AccessContext,
  AccessDecision,
  AccessResource,
  AccessWarning,
  ExtendedAccessGrant,
  LogEntry,
  Principal,
  UsageSituation,
} from "./types.js";

/** The evaluator's verdict before logging is attached. */
interface Verdict {
  allow: boolean;
  code?: AccessErrorCode;
  reason: string;
  rule: string;
  seedLines: string;
  basis?: AccessBasis;
  warnings?: AccessWarning[];
}

const refuse = (code: AccessErrorCode, reason: string, rule: string, seedLines: string): Verdict => ({ allow: false, code, reason, rule, seedLines });
const permit = (basis: AccessBasis, reason: string, rule: string, seedLines: string, warnings: AccessWarning[] = []): Verdict => ({
  allow: true,
  basis,
  reason,
  rule,
  seedLines,
  warnings,
});

export function decideAccess(principal: Principal, action: AccessAction, resource: AccessResource, context: AccessContext): AccessDecision {
  const verdict = evaluate(principal, action, resource, context);
  return {
    allow: verdict.allow,
    ...(verdict.code ? { code: verdict.code } : {}),
    reason: verdict.reason,
    rule: verdict.rule,
    seedLines: verdict.seedLines,
    ...(verdict.basis ? { basis: verdict.basis } : {}),
    warnings: verdict.warnings ?? [],
    log: logEntries(principal, action, resource, context, verdict),
  };
}

function evaluate(principal: Principal, action: AccessAction, resource: AccessResource, context: AccessContext): Verdict {
  const row = USAGE_SITUATIONS[context.usageSituation as UsageSituation] as (typeof USAGE_SITUATIONS)[UsageSituation] | undefined;
  if (!row) return refuse("ACCESS-USAGE-SITUATION-UNKNOWN", `usage situation ${String(context.usageSituation)} is not a code 1-4`, "D07-R59", "L29880-29886");

  const units = context.requestServiceUnitOids;
  if (principal.serviceUnitOid === "" || (units !== undefined && (units.length !== 1 || units[0] !== principal.serviceUnitOid))) {
    return refuse("ACCESS-ACTING-UNIT-NOT-SINGLE", "the request must name exactly one acting service unit", "D07-R54", "L29836-29842");
  }
  if (!row.actions.includes(action)) {
    return refuse("ACCESS-ACTION-NOT-IN-USAGE-SITUATION", `${action} is not available in usage situation ${row.code}`, row.rule, row.seedLines);
  }
  const ceased = context.organiserCeased;
  if (ceased && !isReadAction(action)) {
    // Model 1: the register now belongs to the successor; new versions carry its controller ids (D08-R39, R40).
    // Model 2: the ceasing controller writes only while it is valid in the organisation register (D08-R43).
    return ceased.model === 1
      ? refuse("ACCESS-CONTROLLER-METADATA-STALE", `the register of ${resource.organiserOid} was transferred to ${ceased.successorOid} on ${ceased.effectiveDate}; store with the successor's controller and organiser ids`, "D08-R39", "L32473-32481, L32685-32812, L32855-32892")
      : refuse("ACCESS-CONTROLLER-NOT-VALID", `${resource.organiserOid} ceased as a controller on ${ceased.effectiveDate} (model 2, successor ${ceased.successorOid})`, "D08-R43", "L32904-32926, L33128-33180");
  }
  const ownRegister = resource.registerId === principal.organisationOid;
  if ((row.target === "own") !== ownRegister) {
    return refuse(
      "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH",
      ownRegister ? `usage situation ${row.code} is for another controller's register; use 1 for the own register` : "usage situation 1 is for the own register only",
      "D08-R72",
      "L29888-29929, L34604-34610",
    );
  }
  switch (row.code) {
    case "1":
      return ownRegisterUse(principal, action, resource, context);
    case "2":
      return normalRegisterAccess(principal, action, resource, context);
    case "3":
      return disclosure(principal, action, resource, context);
    case "4":
      return extendedRegisterAccess(principal, action, resource, context);
  }
}

// ── usage situation 1: own register, saklig anknytning (DT-3) ──

function specialReason(context: AccessContext): "valid" | "unknown" | "absent" {
  if (context.specialReasonCode === undefined) return "absent";
  return SPECIAL_REASON_CODES.some((c) => c.code === context.specialReasonCode) ? "valid" : "unknown";
}

function ownRegisterUse(principal: Principal, action: AccessAction, resource: AccessResource, context: AccessContext): Verdict {
  const today = requestDate(context.now);
  const sa = hasSakligAnknytning(context.clientRelationship, principal, today);
  const reason = specialReason(context);
  if (reason === "unknown") return refuse("ACCESS-SPECIAL-REASON-UNKNOWN", `special reason code ${context.specialReasonCode} is unknown`, "D08-R53", "L34252-34262");

  if (isReadAction(action)) {
    if (sa) return permit("saklig-anknytning", "the acting unit has an active client relationship on the request date", "D08-R52", "L34067-34069, L34284-34286");
    if (reason === "valid") return permit("special-reason", "no saklig anknytning; the special reason is logged", "D08-R53", "L34252-34262, L34319-34321");
    return refuse("ACCESS-NO-SAKLIG-ANKNYTNING", "no active client relationship at the acting unit and no special reason", "D08-R53", "L34252-34262, L34284-34286");
  }

  const document = writtenDocument(action, resource);
  const warnings = storageWarnings(action, document, resource, context);
  if (document.documentGroup === "client-relationship" && action === "store" && !context.clientRelationship) {
    return permit("new-client-relationship", "creating the client relationship creates saklig anknytning", "D08-R52", "L34238-34240", warnings);
  }
  if (sa) return permit("saklig-anknytning", "own-register write with saklig anknytning", "D08-R54", "L34139-34147", warnings);
  if (reason === "valid") return permit("special-reason", "own-register write motivated by a special reason", "D08-R54", "L34226-34228", warnings);
  // The archive checks SA on searches (L34284-34286); before writing it is the client system's duty.
  return permit("saklig-anknytning", "own-register write without saklig anknytning: client-system duty, reported as a warning", "D08-R54", "L34139-34147, L34226-34228", [
    ...warnings,
    { code: "ACCESS-STORE-WITHOUT-SAKLIG-ANKNYTNING" },
  ]);
}

// ── organisation-level preconditions (DT-2) ──

function organisationPreconditions(principal: Principal, resource: AccessResource, context: AccessContext): Verdict | undefined {
  const organiser = context.organisations.find((o) => o.oid === resource.registerId);
  const producer = context.organisations.find((o) => o.oid === principal.organisationOid);
  if (!organiser?.joinedArchive || !producer?.joinedArchive) {
    return refuse("ACCESS-ORGANISATION-NOT-JOINED", `${!organiser?.joinedArchive ? "organiser" : "producer"} has not joined the archive`, "D08-R14", "L32264-32278");
  }
  if (organiser.phase === 1) {
    return refuse("ACCESS-PHASE-INCOMPATIBLE", "the organiser uses phase 1; register access is a phase-2 function", "D08-R15", "L32132, L32288-32306");
  }
  return undefined;
}

// ── usage situation 2: normal register access (DT-4) ──

function noAccess(principal: Principal, reason: string): Verdict {
  if (principal.sharedConnection) {
    return refuse("ACCESS-SHARED-CONNECTION-NO-RIGHT", `${reason}; the ${principal.sharedConnection.kind} connection gives no right`, "D08-R26", "L32388-32409");
  }
  return refuse("ACCESS-NO-REGISTER-ACCESS", reason, "D08-R12", "L32220-32250");
}

/** The window of DT-4.1–4.3 for the acting unit, plus the designating producer's entry for a servicegivare (Q3). */
function registerAccessWindow(principal: Principal, context: AccessContext): Verdict | undefined {
  const today = requestDate(context.now);
  const krh = context.clientRelationship;
  const entries = entriesOfPrincipal(krh, principal).filter((e) => e.role !== "organiser");
  if (entries.length === 0) return noAccess(principal, "the acting unit is not recorded in the client's client-relationship document");
  const active = entries.filter((e) => entryState(e, today) === "active");
  if (active.length === 0) {
    const state = entries.some((e) => entryState(e, today) === "pre") ? "has not started" : "has ended";
    return noAccess(principal, `the acting unit's client relationship ${state} on ${today}`);
  }
  const subcontractorOnly = active.every((e) => e.role === "subcontractor");
  if (subcontractorOnly) {
    const producerActive = active.some((e) =>
      (krh?.units ?? []).some((p) => p.role === "producer" && p.serviceUnitOid === e.designatedByServiceUnitOid && entryState(p, today) === "active"),
    );
    if (!producerActive) return refuse("ACCESS-SUBCONTRACTOR-PRODUCER-ENDED", "the designating producer unit's relationship is not in force", "D08-R13", "L32236");
  }
  return undefined;
}

/** Organisations of the producer units that designated the principal's servicegivare entries in the KRH (D08-R13 L32236). */
function designatingProducers(principal: Principal, context: AccessContext): string[] {
  const krh = context.clientRelationship;
  const designators = entriesOfPrincipal(krh, principal)
    .filter((e) => e.role === "subcontractor" && e.designatedByServiceUnitOid !== undefined)
    .map((e) => e.designatedByServiceUnitOid);
  return (krh?.units ?? []).filter((u) => u.role === "producer" && designators.includes(u.serviceUnitOid)).map((u) => u.organisationOid);
}

function normalRegisterAccess(principal: Principal, action: AccessAction, resource: AccessResource, context: AccessContext): Verdict {
  const pre = organisationPreconditions(principal, resource, context);
  if (pre) return pre;
  // D08-R13: a servicegivare acts on the agreement of the producer that designated it in the KRH.
  const agreed = [principal.organisationOid, ...designatingProducers(principal, context)].some((producerOid) =>
    context.registerAccess.agreements.some((a) => a.organiserOid === resource.registerId && a.producerOid === producerOid),
  );
  if (!agreed) {
    return principal.sharedConnection
      ? noAccess(principal, "no agreement with the organiser")
      : refuse("ACCESS-NO-PRODUCTION-AGREEMENT", "no agreement between organiser and producer", "D08-R14", "L32264-32266");
  }
  const window = registerAccessWindow(principal, context);
  if (window) return window;
  if (isReadAction(action)) return permit("register-access", "producer unit recorded as valid in the client's KRH", "D08-R12", "L32220-32254");

  const document = writtenDocument(action, resource);
  const group = document.documentGroup;
  if (!USAGE_SITUATIONS["2"].storableGroups.includes(group)) {
    return group === "old"
      ? refuse("ACCESS-OLD-DATA-FORBIDDEN", "old client documents cannot be stored under register access", "D08-R19", "L32338-32342")
      : refuse("ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN", `${group} documents are maintained only by the organiser`, "D08-R21", "L32344-32348, L34590-34594");
  }
  if (action !== "store") {
    if (resource.creatorOrganisationOid !== principal.organisationOid) {
      return refuse("ACCESS-NOT-DOCUMENT-CREATOR", "a producer versions and cancels only documents it created", "D08-R22", "L32342-32344, L32352-32356");
    }
  } else {
    const caseRefusal = organiserCase(resource, document, context);
    if (caseRefusal) return caseRefusal;
    const jointRefusal = jointCaseCoverage(principal, resource, document, context);
    if (jointRefusal) return jointRefusal;
  }
  const warnings = storageWarnings(action, document, resource, context);
  if (action !== "cancel" && !document.producer?.oid) warnings.push({ code: "ACCESS-PRODUCER-CHAIN-MISSING", detail: "producer (#3) missing" });
  return permit("register-access", `producer ${action} within the register-access window`, action === "store" ? "D08-R17" : "D08-R20", action === "store" ? "L32318-32338" : "L32342-32344", warnings);
}

/** D08-R17: a producer attaches its documents, by the original case code, to a case the organiser opened for this client. */
function organiserCase(resource: AccessResource, document: DocumentMetadata, context: AccessContext): Verdict | undefined {
  const caseId = document.caseId ?? resource.caseId;
  const facts = context.caseFacts;
  const problem =
    caseId === undefined
      ? "the document names no case code"
      : !facts || facts.caseId !== caseId
        ? `case ${caseId} is unknown`
        : facts.registerId !== resource.registerId
          ? `case ${caseId} belongs to another register`
          : facts.createdByOrganisationOid !== resource.registerId
            ? `case ${caseId} was not opened by the organiser`
            : !facts.clientIds.includes(resource.clientId)
              ? `case ${caseId} is not a case of client ${resource.clientId}`
              : undefined;
  return problem ? refuse("ACCESS-CASE-NOT-ORGANISER", problem, "D08-R17", "L32318-32330") : undefined;
}

/** D08-R25 (Q4 proposal): every client of a joint-case document must have the acting unit active in his KRH. */
function jointCaseCoverage(principal: Principal, resource: AccessResource, document: DocumentMetadata, context: AccessContext): Verdict | undefined {
  const today = requestDate(context.now);
  for (const clientId of new Set(document.clients)) {
    if (clientId === resource.clientId) continue;
    const krh = context.otherClientRelationships?.find((k) => k.clientId === clientId && k.registerId === resource.registerId);
    if (!hasSakligAnknytning(krh, principal, today)) {
      return refuse("ACCESS-JOINT-CASE-CLIENT-NOT-COVERED", `client ${clientId} of the joint case does not list the acting unit as valid`, "D08-R25", "L32204-32218");
    }
  }
  return undefined;
}

// ── usage situation 4: extended register access (DT-6) ──

function grantInForce(grant: ExtendedAccessGrant, today: string): boolean {
  return grant.validFrom.slice(0, 10) <= today && (grant.validTo === undefined || today <= grant.validTo.slice(0, 10));
}

function extendedRegisterAccess(principal: Principal, action: AccessAction, resource: AccessResource, context: AccessContext): Verdict {
  const today = requestDate(context.now);
  const pre = organisationPreconditions(principal, resource, context);
  if (pre) return pre;
  const grants = context.registerAccess.extendedGrants.filter((g) => g.organiserOid === resource.registerId && grantInForce(g, today));
  const grant = grants.find((g) => g.producerOid === principal.organisationOid && g.serviceUnitOids.includes(principal.serviceUnitOid));
  if (!grant) {
    return principal.sharedConnection
      ? noAccess(principal, "no extended-access grant of its own")
      : refuse("ACCESS-NO-EXTENDED-GRANT", "no extended-access grant in force for this producer unit", "D08-R27", "L33826-33838, L33854-33858");
  }
  const active = hasSakligAnknytning(context.clientRelationship, principal, today);
  if (isReadAction(action)) {
    return active
      ? permit("extended-register-access", "extended-access producer serving the client", "D08-R27", "L33826-33838")
      : noAccess(principal, "the acting unit is not recorded as valid in the client's KRH");
  }

  const document = writtenDocument(action, resource);
  const group: DocumentGroup = document.documentGroup;
  const warnings = storageWarnings(action, document, resource, context);
  if (group === "client-relationship" && action !== "cancel") {
    const after = resource.relationshipAfter;
    const ungranted = (after?.units ?? []).filter(
      (u) => u.role !== "organiser" && !grants.some((g) => g.producerOid === u.organisationOid && g.serviceUnitOids.includes(u.serviceUnitOid)),
    );
    if (ungranted.length > 0) {
      return refuse("ACCESS-EXTENDED-UNIT-NOT-GRANTED", `unit ${ungranted.map((u) => u.serviceUnitOid).join(", ")} has no extended-access grant`, "D08-R28", "L33850-33854");
    }
    const recordsOwnUnit = (after?.units ?? []).some((u) => u.serviceUnitOid === principal.serviceUnitOid && u.organisationOid === principal.organisationOid);
    if (action === "store" && !context.clientRelationship) {
      return permit("extended-register-access", "extended-access producer creates the client's KRH", "D08-R28", "L33840-33858", warnings);
    }
    if (action === "new-version" && (active || recordsOwnUnit)) {
      return permit("extended-register-access", "extended-access producer versions the KRH based on the latest version", "D08-R29", "L33860-33866", warnings);
    }
    return noAccess(principal, "the acting unit is not recorded as valid in the client's KRH");
  }
  if (!active) return noAccess(principal, "the acting unit is not recorded as valid in the client's KRH");
  if (action === "store" && group !== "old") {
    // D08-R33: in a joint case the producer keeps one KRH per client, each recording its unit.
    const jointRefusal = jointCaseCoverage(principal, resource, document, context);
    if (jointRefusal) return jointRefusal;
  }

  if (group === "old" && action === "store") {
    if (!grant.oldDataAgreement) return refuse("ACCESS-OLD-DATA-FORBIDDEN", "no old-data agreement between organiser and producer", "D08-R35", "L33945-33951");
    if (new Set(document.clients).size > 1) return refuse("ACCESS-OLD-DATA-JOINT-CASE", "old data cannot be stored in a joint case", "D08-R35", "L33951-33953");
    if (document.socialServices.some((s) => s.code === SHELTER_SERVICE.code && s.codeSystem === SHELTER_SERVICE.codeSystem)) {
      const complete = document.producer?.oid && document.producer.name && document.serviceUnit?.oid && document.serviceUnit.name && document.socialServices.length > 0;
      if (!complete) return refuse("ACCESS-OLD-SHELTER-METADATA-MISSING", "old shelter-service document lacks mandatory metadata", "D08-R35", "L33955-33967");
    }
  }
  if (action === "cancel" && resource.creatorOrganisationOid !== principal.organisationOid) {
    return refuse("ACCESS-NOT-DOCUMENT-CREATOR", "an extended-access producer cancels only documents it created", "D08-R34", "L33866-33872, L33902-33908, L33935-33943");
  }
  if (action === "new-version" && group !== "case" && resource.creatorOrganisationOid === resource.registerId) {
    // Q6: the seed lets producers version their own and other producers' documents; organiser-created ones are not listed.
    return refuse("ACCESS-NOT-DOCUMENT-CREATOR", "organiser-created client documents are versioned by the organiser", "D08-R34", "L33927-33931");
  }
  return permit("extended-register-access", `extended-access producer ${action}`, "D08-R34", "L33922-33943", warnings);
}

// ── usage situation 3: disclosure from another controller's register (07 §5.8) ──

function disclosure(principal: Principal, action: AccessAction, resource: AccessResource, context: AccessContext): Verdict {
  const today = requestDate(context.now);
  if (context.clientDeceased) return refuse("ACCESS-DISCLOSURE-CLIENT-DECEASED", "a deceased client's data come only from the own register", "D07-R76", "L30799-30803");
  const own = context.searcherRelationship?.registerId === principal.organisationOid ? context.searcherRelationship : undefined;
  const sa = hasSakligAnknytning(own, principal, today);
  const reason = specialReason(context);
  if (reason === "unknown") return refuse("ACCESS-SPECIAL-REASON-UNKNOWN", `special reason code ${context.specialReasonCode} is unknown`, "D08-R53", "L31296-31340");
  if (!sa && reason !== "valid") {
    return refuse("ACCESS-NO-SAKLIG-ANKNYTNING", "no saklig anknytning in the searcher's own register and no urgent-support reason", "D07-R70", "L31058-31064");
  }
  if (action === "extended-information") {
    const kind = context.organisations.find((o) => o.oid === principal.organisationOid)?.kind;
    if (kind !== "public") return refuse("ACCESS-EXTENDED-INFO-PRIVATE-ORGANISATION", "only a public social-welfare authority has the extended right", "D07-R73", "L30535-30537, L31107-31119");
    if (!EXTENDED_INFORMATION_BASIS_CODES.some((c) => c.code === context.extendedInformationBasisCode)) {
      return refuse("ACCESS-EXTENDED-INFO-NO-BASIS", "no Grund för omfattande informationssökning code", "D07-R72", "L30509-30545");
    }
    return permit("extended-right-to-information", "public authority with a basis code; consents are bypassed, spärr data still withheld", "D07-R72", "L31080-31107");
  }
  if (!kantaInformationGiven(context.consent, context.now)) {
    return refuse("ACCESS-DISCLOSURE-NO-KANTA-INFORMATION", "no Kanta-information stored for the client", "D07-R70", "L31058-31064");
  }
  if (permissionInForce(context.consent, context.now)?.positive !== true) {
    return refuse("ACCESS-DISCLOSURE-NO-PERMISSION", "no positive disclosure permission in force", "D07-R64", "L30100-30108, L31058-31064");
  }
  if (prohibitionsInForce(context.consent, context.now).some((t) => t.kind === "all")) {
    return refuse("ACCESS-DISCLOSURE-PROHIBITED-ALL", "the client prohibited disclosure of all data", "D07-R66", "L30159-30171");
  }
  return permit("disclosure-permission", "Kanta-information and a positive permission in force", "D07-R70", "L31058-31064");
}

// ── shared helpers ──

function writtenDocument(action: AccessAction, resource: AccessResource): DocumentMetadata {
  if (!resource.document) throw new TypeError(`decideAccess: ${action} needs resource.document`);
  return resource.document;
}

function storageWarnings(action: AccessAction, document: DocumentMetadata, resource: AccessResource, context: AccessContext): AccessWarning[] {
  if (action === "cancel") return [];
  return checkNonDisclosureStorage(document.documentGroup, resource.personalData, { nonDisclosure: context.nonDisclosure, now: context.now });
}

/**
 * The log entries the archive writes (DT-8): ANV 3 → utlämningslogg, otherwise användningslogg of the
 * target register; a joint-case document gives one entry per client; a refusal is logged in the usage
 * log with its code (DESIGN §7 decision 8).
 */
function logEntries(principal: Principal, action: AccessAction, resource: AccessResource, context: AccessContext, verdict: Verdict): LogEntry[] {
  const usageSituation = context.usageSituation;
  const clients = verdict.allow && resource.document && !isReadAction(action) ? [...new Set([resource.clientId, ...resource.document.clients])] : [resource.clientId];
  const disclosureLog = verdict.allow && usageSituation === "3";
  return clients.map((clientId) => ({
    log: disclosureLog ? "disclosure" : "usage",
    at: context.now.toISOString(),
    registerId: resource.registerId,
    clientId,
    organisationOid: principal.organisationOid,
    serviceUnitOid: principal.serviceUnitOid,
    ...(principal.professional ? { professionalId: principal.professional.id } : {}),
    action,
    usageSituation,
    outcome: verdict.allow ? "allowed" : "refused",
    ...(verdict.basis ? { basis: verdict.basis } : {}),
    ...(verdict.basis === "special-reason" || (verdict.allow && context.specialReasonCode !== undefined) ? { specialReasonCode: context.specialReasonCode } : {}),
    ...(verdict.basis === "extended-right-to-information" ? { extendedInformationBasisCode: context.extendedInformationBasisCode } : {}),
    ...(verdict.code ? { refusalCode: verdict.code } : {}),
    ...(resource.document ? { documentId: resource.document.documentId } : {}),
  }));
}
