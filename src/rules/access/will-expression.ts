/**
 * Will expressions of Viljeyttringstjänsten (VYT): who may store which Kanta-information, disclosure
 * permission or prohibition, and how they are versioned (D07-R43, R63…R69, R86…R93, R104, R105).
 * Pure: the caller loads the facts (src/archive/will-expressions.ts) and the clock.
 */
import type { ProhibitionTarget } from "./types.js";

export type WillExpressionKind = "kanta-information" | "disclosure-permission" | "disclosure-prohibition";
export type WillExpressionSector = "social" | "health";
export type WillIssuerRole = "client" | "guardians" | "mandate";
export type WillChannel = "provider" | "mittkanta";

/** One will expression as its document states it. */
export interface WillExpression {
  kind: WillExpressionKind;
  /** Health-care permissions and prohibitions do not bind social welfare (D07-R69); Kanta-information is common (D07-R104). */
  sector: WillExpressionSector;
  clientId: string;
  /** disclosure-permission: positive or negative (D07-R64). */
  positive?: boolean;
  /** disclosure-prohibition: false = this version removes the prohibition. Others: true. */
  inForce: boolean;
  /** disclosure-prohibition only (D07-R66). */
  target?: ProhibitionTarget;
  /** Who expressed the will: the client, the guardians together (D07-R92), or a holder of an electronic mandate (D07-R86). */
  issuer: { role: WillIssuerRole; personIds: readonly string[] };
  /** Stored by a connected provider or in MittKanta (D07-R105). */
  channel: WillChannel;
}

export interface StoredWillExpressionVersion {
  setId: string;
  versionNumber: number;
  expression: WillExpression;
  storedAt: string;
  cancelled: boolean;
}

export interface WillExpressionFacts {
  /** The client's age in whole years on the request date (from the personal identity code). */
  clientAgeYears: number;
  /** The first Kanta-information of the client in force, of either sector (D07-R104), with who received it (D07-R90). */
  kantaInformation?: { issuerRole: WillIssuerRole; storedAt: string };
  /** Guardians with custody in force on the request date (population-register fixture). */
  guardianIds: readonly string[];
  /** Persons holding an electronic mandate from the client in force on the request date. */
  mandateHolderIds: readonly string[];
  /** The stored versions of the same document (new version / cancel), oldest first. */
  previousVersions: readonly StoredWillExpressionVersion[];
  /** Documents of the minor hidden from guardians (guardian ban 2 or 4) and documents whose MittKanta display is delayed (D07-R93). */
  guardianHiddenSetIds: readonly string[];
  delayedDisplaySetIds: readonly string[];
}

export type WillOperation = "store" | "version" | "cancel";

export interface WillDecision {
  allow: boolean;
  code?: string;
  reason: string;
  rule: string;
  seedLines: string;
}

const ADULT_AGE = 18;
const refuse = (code: string, reason: string, rule: string, seedLines: string): WillDecision => ({ allow: false, code, reason, rule, seedLines });

function sameTarget(a: ProhibitionTarget | undefined, b: ProhibitionTarget | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A revocation of a permission (a negative permission) or any prohibition: never a minor's business in MittKanta (D07-R87). */
function restrictsDisclosure(e: WillExpression): boolean {
  return e.kind === "disclosure-prohibition" || (e.kind === "disclosure-permission" && e.positive === false);
}

export function decideWillExpression(operation: WillOperation, expression: WillExpression, facts: WillExpressionFacts): WillDecision {
  const versions = facts.previousVersions.filter((v) => !v.cancelled);
  if (operation === "cancel") {
    // D07-R43: a wrongly stored first version may be makulerad; revoking is a new version.
    if (facts.previousVersions.length !== 1) return refuse("WILL-CANCEL-NOT-FIRST-VERSION", `the document has ${facts.previousVersions.length} stored versions`, "D07-R43", "L30145-30151, L30236-30242");
    return { allow: true, reason: "makulering of a wrongly stored first version", rule: "D07-R43", seedLines: "L30145-30151" };
  }
  if (operation === "version") {
    const first = versions[0]?.expression;
    if (first && (first.kind !== expression.kind || first.clientId !== expression.clientId || first.sector !== expression.sector || !sameTarget(first.target, expression.target))) {
      return refuse("WILL-VERSION-CHANGES-SUBJECT", `version 1 is a ${first.kind} (${first.sector}) for ${first.clientId}`, "D07-R43", "L30145-30151");
    }
  }

  const minor = facts.clientAgeYears < ADULT_AGE;
  const { issuer } = expression;
  if (issuer.role === "guardians") {
    const allGuardians = issuer.personIds.length > 0 && issuer.personIds.every((id) => facts.guardianIds.includes(id));
    if (!minor || !allGuardians) {
      return refuse("WILL-ISSUER-NOT-GUARDIAN", minor ? `${issuer.personIds.join(", ") || "nobody"} not all guardians in force` : "the client is of age: the guardians' role has ended", minor ? "D07-R86" : "D07-R91", minor ? "L30547-30563" : "L30599-30605");
    }
    if (facts.kantaInformation?.issuerRole === "client") {
      return refuse("WILL-GUARDIAN-NOT-ADMINISTERING", "the minor received Kanta-information personally", "D07-R90", "L30686-30715");
    }
  }
  if (issuer.role === "mandate" && !(issuer.personIds.length > 0 && issuer.personIds.every((id) => facts.mandateHolderIds.includes(id)))) {
    return refuse("WILL-ISSUER-NO-MANDATE", `${issuer.personIds.join(", ") || "nobody"} holds no electronic mandate from the client`, "D07-R86", "L30123-30127, L30605-30611");
  }
  if (minor && expression.channel === "mittkanta") {
    if (restrictsDisclosure(expression)) return refuse("WILL-MINOR-PROHIBITION-IN-MITTKANTA", "prohibitions and revocations of a minor are recorded at the provider", "D07-R87", "L30763-30767, L30739-30745");
    if (issuer.role === "client") return refuse("WILL-MINOR-SELF-IN-MITTKANTA", "a minor acts at the provider", "D07-R87", "L30785-30795");
  }
  if (issuer.role === "guardians" && expression.kind === "disclosure-prohibition" && expression.target?.kind === "document") {
    const setId = expression.target.setId;
    if (facts.guardianHiddenSetIds.includes(setId) || facts.delayedDisplaySetIds.includes(setId)) {
      return refuse("WILL-GUARDIAN-TARGET-HIDDEN-DOCUMENT", `document ${setId} is hidden from guardians or its display is delayed`, "D07-R93", "L30771-30777");
    }
  }
  if (expression.kind !== "kanta-information" && operation === "store" && !facts.kantaInformation) {
    return refuse("WILL-NO-KANTA-INFORMATION", "no Kanta-information stored for the client", "D07-R63", "L30058-30066, L30111-30119");
  }
  return { allow: true, reason: `${expression.kind} ${operation} by ${issuer.role} via ${expression.channel}`, rule: "D07-R105", seedLines: "L30121-30127, L30210-30219" };
}

/**
 * The disclosure consents in force from the stored will expressions (D07-R63…R69, R104): Kanta-information
 * of either sector; social-welfare permissions and prohibitions only; a makulerad document counts as never stored.
 */
export function consentFactsOf(versions: readonly StoredWillExpressionVersion[]): {
  kantaInformationGivenAt?: string;
  permissions: { positive: boolean; storedAt: string }[];
  prohibitions: { target: ProhibitionTarget; storedAt: string; revokedAt?: string }[];
} {
  const cancelledSets = new Set(versions.filter((v) => v.cancelled).map((v) => v.setId));
  const live = versions.filter((v) => !cancelledSets.has(v.setId)).sort((a, b) => Date.parse(a.storedAt) - Date.parse(b.storedAt));
  const kanta = live.filter((v) => v.expression.kind === "kanta-information");
  const social = live.filter((v) => v.expression.sector === "social");
  const permissions = social.filter((v) => v.expression.kind === "disclosure-permission").map((v) => ({ positive: v.expression.positive === true, storedAt: v.storedAt }));
  const prohibitionSets = new Map<string, StoredWillExpressionVersion[]>();
  for (const v of social.filter((x) => x.expression.kind === "disclosure-prohibition")) prohibitionSets.set(v.setId, [...(prohibitionSets.get(v.setId) ?? []), v]);
  const prohibitions = [...prohibitionSets.values()].flatMap((set) => {
    const first = set[0]!;
    if (!first.expression.target) return [];
    const removed = set.find((v) => !v.expression.inForce);
    return [{ target: first.expression.target, storedAt: first.storedAt, ...(removed && { revokedAt: removed.storedAt }) }];
  });
  return { ...(kanta[0] && { kantaInformationGivenAt: kanta[0].storedAt }), permissions, prohibitions };
}
