/**
 * The MittKanta visibility decision (domain/03 §5.1, "Is document D returned to viewer V looking at
 * subject S's MittKanta at time T?"). Pure: plain data in, decision + reasons out, `now` injected.
 *
 * Order (docs/rules/visibility.md "Decision order"):
 *  1. the viewer may open this view at all (own view, or an eligible proxy: §5.3, V14);
 *  2. gates that end the evaluation — the subject is not a client of the document (D07-R81),
 *     an earlier version (V0), makulerad (V1), active-use period over (V12), removed from the joint case;
 *  3. restriction rules V2–V11, all evaluated: the first hit decides the reason, and the info text
 *     counts if *any* hit counts (note under §5.1: not from the first row alone);
 *  4. proxy-only rules: joint case without the proxy (V15), the proxy himself a client (V16),
 *     guardian ban codes 2/4 (V17);
 *  5. attachments follow their main document (Q9) and add their own marks (R39, R40);
 *  6. otherwise shown (V13/V18) with notices.
 */
import type { DocumentMetadata, GuardianDisclosureCode } from "../../model/document.js";
import { addYears, calendarDate, helsinkiDate, schemaVersionMonth, subjectAge } from "./dates.js";
import { decideProxyEligibility, type EligibilityDecision } from "./eligibility.js";
import {
  ADOPTION_COUNSELLING_SERVICES,
  anyMatches,
  CLIENT_RELATIONSHIP_FIRST_PHASE_2_SCHEMA,
  matchesAny,
  NOTICE_TEXTS,
  PARENTHOOD_INVESTIGATION_SERVICES,
  PAYMENT_COMMITMENT_DOCUMENT_TYPES,
  REASON_POLICY,
  SHELTER_DOCUMENT_TYPES,
  SHELTER_SERVICES,
  VIOLENCE_PREVENTION_DOCUMENT_TYPES,
} from "./policy.js";
import {
  DEFAULT_VISIBILITY_SETTINGS,
  type Notice,
  type NoticeCode,
  type RuleHit,
  type VisibilityDecision,
  type VisibilityDocument,
  type VisibilityInput,
  type VisibilityReason,
  type VisibilitySettings,
} from "./types.js";

const ADULT_AGE = 18;
/** Codes of Table 5.4.1 that hide a minor's document from guardians and information-right holders. */
const GUARDIAN_HIDING_CODES: ReadonlySet<GuardianDisclosureCode> = new Set(["2", "4"]);

/** One shared, frozen notice per code: a list of 1 000 shown documents need not build 1 000 copies. */
const NOTICES = Object.freeze(
  Object.fromEntries(Object.entries(NOTICE_TEXTS).map(([code, text]) => [code, Object.freeze({ code, ...text })])) as Record<NoticeCode, Notice>,
);

/** Everything about the viewing that does not depend on the document. */
interface ViewContext {
  viewer: VisibilityInput["viewer"];
  subject: VisibilityInput["subject"];
  settings: VisibilitySettings;
  today: string;
  subjectIsMinor: boolean;
  ownView: boolean;
  viewerPreviousLoginAt?: string;
}

export function resolveSettings(partial?: Partial<VisibilitySettings>): VisibilitySettings {
  return { ...DEFAULT_VISIBILITY_SETTINGS, ...partial };
}

export function decideVisibility(input: VisibilityInput): VisibilityDecision {
  const eligibility = decideProxyEligibility(input);
  if (!eligibility.eligible) return notEligible(eligibility);
  return evaluate(input.document, viewContext(input));
}

/**
 * The decisions for many documents of one subject seen by one viewer: eligibility and the view context
 * (the subject's age, the Helsinki date) are worked out once, not per document — the same result as
 * `decideVisibility` for each (test/unit/visibility.test.ts compares them).
 */
export function decideVisibilityOfAll(documents: readonly VisibilityInput["document"][], context: Omit<VisibilityInput, "document">): VisibilityDecision[] {
  if (documents.length === 0) return [];
  const eligibility = decideProxyEligibility(context);
  if (!eligibility.eligible) {
    const refused = notEligible(eligibility);
    return documents.map(() => refused);
  }
  const ctx = viewContext(context);
  return documents.map((document) => evaluate(document, ctx));
}

/** The decision for a viewer who may not open the view: no document data at all (V14, D03-R72). */
export function notEligible(eligibility: EligibilityDecision): VisibilityDecision {
  const reason: VisibilityReason = eligibility.reason === "MK-VIEWER-NOT-SUBJECT" ? "HIDDEN-VIEWER-NOT-SUBJECT" : "HIDDEN-PROXY-NOT-ELIGIBLE";
  const hit: RuleHit = { reason, rule: eligibility.rule, seedLines: eligibility.seedLines, countsForInfoText: false };
  return { shown: false, reason, rule: hit.rule, seedLines: hit.seedLines, notices: [], countsForInfoText: false, hits: [hit] };
}

export function viewContext(input: Pick<VisibilityInput, "viewer" | "subject" | "settings" | "now" | "viewerPreviousLoginAt">): ViewContext {
  const age = subjectAge(input.subject, input.now);
  return {
    viewer: input.viewer,
    subject: input.subject,
    settings: resolveSettings(input.settings),
    today: helsinkiDate(input.now),
    subjectIsMinor: age !== undefined && age < ADULT_AGE,
    ownView: input.viewer.role === "client",
    ...(input.viewerPreviousLoginAt === undefined ? {} : { viewerPreviousLoginAt: input.viewerPreviousLoginAt }),
  };
}

export function evaluate(document: VisibilityDocument, ctx: ViewContext): VisibilityDecision {
  const gate = gateHit(document, ctx);
  if (gate) return hidden([gate]);

  const hits = restrictionHits(document, ctx);
  if (!ctx.ownView) hits.push(...proxyHits(document.metadata, document, ctx));

  if (document.mainDocument) {
    const main = evaluate(document.mainDocument, ctx);
    if (!main.shown) {
      // The attachment disappears with its main document (Q9, D03-R72) and inherits its info-text effect.
      hits.unshift({ ...hitFor("HIDDEN-MAIN-DOCUMENT-HIDDEN", ctx), countsForInfoText: main.countsForInfoText });
    }
  }
  if (hits.length > 0) return hidden(hits);
  return shown(document, ctx);
}

function hidden(hits: RuleHit[]): VisibilityDecision {
  const first = hits[0]!;
  return {
    shown: false,
    reason: first.reason,
    rule: first.rule,
    seedLines: first.seedLines,
    notices: [],
    countsForInfoText: hits.some((hit) => hit.countsForInfoText),
    hits,
  };
}

function hitFor(reason: VisibilityReason, ctx: ViewContext, override?: Partial<RuleHit>): RuleHit {
  const policy = REASON_POLICY[reason];
  const counts =
    policy.countsForInfoText === "setting"
      ? reason === "HIDDEN-CANCELLED"
        ? ctx.settings.infoTextForCancelled
        : ctx.settings.infoTextForClientRelationshipDocument
      : policy.countsForInfoText;
  return { reason, rule: policy.rule, seedLines: policy.seedLines, countsForInfoText: counts, ...override };
}

/** Rules that end the evaluation: the document is not (or no longer) part of what MittKanta lists. */
function gateHit(document: VisibilityDocument, ctx: ViewContext): RuleHit | undefined {
  const m = document.metadata;
  // A document is shown to the persons recorded as its clients; a later member of a joint case
  // does not see earlier documents (D07-R81 L27179-27187, L15508-15518).
  if (!m.clients.includes(ctx.subject.personId)) return hitFor("HIDDEN-NOT-A-CLIENT", ctx);
  if (!document.version.isLatestVersion) return hitFor("HIDDEN-EARLIER-VERSION", ctx);
  if (document.version.cancelled || m.status === "cancelled") return hitFor("HIDDEN-CANCELLED", ctx);
  if (activeUseEnded(document, ctx)) return hitFor("HIDDEN-ACTIVE-USE-ENDED", ctx);
  if (removedFromJointCase(document, ctx.subject.personId, ctx)) return hitFor("HIDDEN-REMOVED-FROM-JOINT-CASE", ctx);
  return undefined;
}

/** D03-R16 / D07-R45 / DESIGN §7.3: active use runs `period` years from `offset` years after the case closed. */
function activeUseEnded(document: VisibilityDocument, ctx: ViewContext): boolean {
  const closedAt = document.case?.closedAt ?? document.metadata.caseClosedAt;
  const closedDate = closedAt === undefined ? undefined : calendarDate(closedAt);
  if (closedDate === undefined) return false;
  const end = addYears(closedDate, ctx.settings.activeUseStartOffsetYears + ctx.settings.activeUsePeriodYears);
  return ctx.today >= end;
}

/** DESIGN §7.4: only when the setting says removal also ends access to earlier documents. */
function removedFromJointCase(document: VisibilityDocument, personId: string, ctx: ViewContext): boolean {
  if (ctx.settings.keepAccessAfterJointCaseRemoval) return false;
  return (document.jointCase?.removals ?? []).some((removal) => {
    const removedOn = calendarDate(removal.removedAt);
    return removal.personId === personId && (removedOn === undefined || removedOn <= ctx.today);
  });
}

/** §5.1 V2–V11: automatic exclusions and professionals' marks. Every matching rule is reported. */
function restrictionHits(document: VisibilityDocument, ctx: ViewContext): RuleHit[] {
  const m = document.metadata;
  const phase1 = ctx.settings.mittkantaPhase === 1;
  const hits: RuleHit[] = [];
  const isOldOrPhase1 = m.documentGroup === "old" || m.documentGroup === "phase-1";

  if (isOldOrPhase1) hits.push(hitFor("HIDDEN-OLD-OR-PHASE-1-DOCUMENT", ctx)); // V2
  if (m.documentGroup === "client-relationship") {
    if (isFirstPhaseClientRelationshipSchema(m)) hits.push(hitFor("HIDDEN-CLIENT-RELATIONSHIP-PHASE-1-SCHEMA", ctx)); // V3
    else if (phase1) hits.push(hitFor("HIDDEN-CLIENT-RELATIONSHIP-DOCUMENT", ctx)); // V4
  }
  if (phase1 && m.documentGroup === "journal-entry") hits.push(hitFor("HIDDEN-JOURNAL-ENTRY-PHASE-1", ctx)); // V5
  if (phase1 && m.clients.length > 1) hits.push(hitFor("HIDDEN-JOINT-CASE-PHASE-1", ctx)); // V6
  if (phase1 && anyMatches(m.socialServices, ADOPTION_COUNSELLING_SERVICES)) hits.push(hitFor("HIDDEN-ADOPTION-COUNSELLING-PHASE-1", ctx)); // V7
  if (anyMatches(m.socialServices, PARENTHOOD_INVESTIGATION_SERVICES)) hits.push(hitFor("HIDDEN-PARENTHOOD-INVESTIGATION", ctx)); // V8
  if (matchesAny(m.specificType, SHELTER_DOCUMENT_TYPES) || anyMatches(m.socialServices, SHELTER_SERVICES)) {
    hits.push(hitFor("HIDDEN-SHELTER-SERVICES", ctx)); // V9
  }
  if (ctx.settings.filterRestrictedTypesDefensively) {
    if (matchesAny(m.specificType, VIOLENCE_PREVENTION_DOCUMENT_TYPES)) hits.push(hitFor("HIDDEN-VIOLENCE-PREVENTION", ctx));
    if (matchesAny(m.specificType, PAYMENT_COMMITMENT_DOCUMENT_TYPES)) hits.push(hitFor("HIDDEN-PAYMENT-COMMITMENT", ctx));
  }

  // V10: specialinnehåll. On an old/phase-1 document without a reason code it is the automatic
  // pre-restriction (L8480-8484), whose hiding does not bring the info text (L7672-7674).
  if (m.specialContent === true) {
    const automaticOnly = isOldOrPhase1 && (m.restrictionReasons ?? []).length === 0;
    hits.push(hitFor("HIDDEN-SPECIAL-CONTENT", ctx, automaticOnly ? { countsForInfoText: false } : {}));
  }
  if (ctx.settings.applyCaseLevelMarks && document.case?.specialContent === true) hits.push(hitFor("HIDDEN-CASE-SPECIAL-CONTENT", ctx));

  // V11: delay — hidden while the date is in the future, visible on the date itself (D03-R36, Q15).
  if (delayRunning(m.delayedUntil, ctx)) hits.push(hitFor("HIDDEN-DELAYED", ctx));
  if (ctx.settings.applyCaseLevelMarks && delayRunning(document.case?.delayedUntil, ctx)) hits.push(hitFor("HIDDEN-CASE-DELAYED", ctx));
  return hits;
}

function isFirstPhaseClientRelationshipSchema(m: DocumentMetadata): boolean {
  const version = schemaVersionMonth(m.schemaVersion);
  // A KR whose schema version cannot be read is not trusted to be a phase-2 structure.
  if (version === undefined) return true;
  const first = CLIENT_RELATIONSHIP_FIRST_PHASE_2_SCHEMA;
  return version.year < first.year || (version.year === first.year && version.month < first.month);
}

/** An unreadable delay date keeps the document hidden: the archive cannot tell when it may be shown. */
function delayRunning(delayedUntil: string | undefined, ctx: ViewContext): boolean {
  if (delayedUntil === undefined) return false;
  const date = calendarDate(delayedUntil);
  return date === undefined || ctx.today < date;
}

function delayEnded(delayedUntil: string | undefined, ctx: ViewContext): boolean {
  return delayedUntil !== undefined && !delayRunning(delayedUntil, ctx);
}

/** Whether the viewer (a proxy) is himself a client of the document, and still counts as one. */
function proxyIsClient(m: DocumentMetadata, document: VisibilityDocument, ctx: ViewContext): boolean {
  return m.clients.includes(ctx.viewer.personId) && !removedFromJointCase(document, ctx.viewer.personId, ctx);
}

function effectiveGuardianDisclosure(document: VisibilityDocument, ctx: ViewContext): GuardianDisclosureCode | undefined {
  const own = document.metadata.guardianDisclosure;
  const fromCase = ctx.settings.applyCaseLevelMarks ? document.case?.guardianDisclosure : undefined;
  if (fromCase !== undefined && GUARDIAN_HIDING_CODES.has(fromCase)) return fromCase;
  return own ?? fromCase;
}

/** §5.1 V15–V17: rules that apply only when someone views another person's MittKanta. */
function proxyHits(m: DocumentMetadata, document: VisibilityDocument, ctx: ViewContext): RuleHit[] {
  const viewerIsClient = proxyIsClient(m, document, ctx);
  // V15: a joint-case document reaches a proxy only when the proxy is a client in it (D03-R65).
  if (m.clients.length > 1 && !viewerIsClient) return [hitFor("HIDDEN-JOINT-CASE-PROXY-NOT-MEMBER", ctx)];
  // V16: the proxy sees it as a client himself, whatever the child's prohibition (D03-R64).
  if (viewerIsClient) return [];
  // V17: codes 2 and 4 hide a minor's document from every guardian and information-right holder (D03-R55, R58, R60).
  const code = effectiveGuardianDisclosure(document, ctx);
  if (ctx.subjectIsMinor && code !== undefined && GUARDIAN_HIDING_CODES.has(code)) {
    return [code === "4" ? hitFor("HIDDEN-GUARDIAN-BAN", ctx, { rule: "D03-R58", seedLines: "L9117-9141" }) : hitFor("HIDDEN-GUARDIAN-BAN", ctx)];
  }
  return [];
}

function shown(document: VisibilityDocument, ctx: ViewContext): VisibilityDecision {
  const m = document.metadata;
  const notices: Notice[] = [];
  const notice = (code: NoticeCode): Notice => NOTICES[code];

  const previousLogin = ctx.viewerPreviousLoginAt === undefined ? undefined : Date.parse(ctx.viewerPreviousLoginAt);
  if (previousLogin === undefined || Date.parse(document.version.storedAt) > previousLogin) notices.push(notice("NEW"));
  const caseDelay = ctx.settings.applyCaseLevelMarks ? document.case?.delayedUntil : undefined;
  if (delayEnded(m.delayedUntil, ctx) || delayEnded(caseDelay, ctx)) notices.push(notice("DELAY-ENDED"));
  const code = effectiveGuardianDisclosure(document, ctx);
  if (ctx.ownView && ctx.subjectIsMinor && code !== undefined && GUARDIAN_HIDING_CODES.has(code)) notices.push(notice("NOT-SHOWN-TO-GUARDIAN"));
  if (m.clients.length > 1) notices.push(notice("JOINTLY-CREATED"));

  const [rule, seedLines] = shownBasis(document, ctx, code);
  return { shown: true, reason: "SHOWN", rule, seedLines, notices, countsForInfoText: false, hits: [] };
}

/** Which rule let the document through, for explain mode. */
function shownBasis(document: VisibilityDocument, ctx: ViewContext, code: GuardianDisclosureCode | undefined): [string, string] {
  if (ctx.ownView) return ctx.subjectIsMinor ? ["D03-R04", "L7636-7640"] : ["D03-R02", "L7630-7636"];
  if (document.metadata.clients.length > 1) return ["D03-R64", "L8788-8792"];
  if (ctx.subjectIsMinor && code === "3") return ["D03-R54", "L8974-8980"];
  if (ctx.subjectIsMinor) return ["D03-R05", "L7620-7624"];
  return ["D03-R02", "L7630-7636"];
}
