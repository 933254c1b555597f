/**
 * Minors and MittKanta restriction reasons. A client under 18 on the storage date needs the guardian
 * disclosure element (D06-R22 L25978-25980, D03-R52) on the client relationship document, client
 * documents and journal entries (not required on the case document: 06 §5.4, Q4). The codes of
 * table 5.4.1 bring their own mandatory reasons (D03-R56, R57, R59); a delay or specialinnehåll
 * needs a reason of table 5.3.1 (D03-R41, R42) except when the client system sets specialinnehåll
 * automatically (D03-R42 exception, L8480-8484); reason 6 only with a delay (L8620-8628).
 */
import type { Finding } from "../../errors/types.js";
import { AUTOMATIC_SPECIAL_CONTENT_SOCIAL_SERVICES, CODE_SYSTEMS, RESTRICTION_REASON_DELAY_ONLY } from "./code-systems.js";
import { classifyClientId } from "./identity.js";
import { metadataItemPath, metadataPath } from "./paths.js";
import { dateOf, report, type StorageCheckInput } from "./types.js";

const RESTRICTION_TEXT_MAX = 500; // D03-R43, L8960-8962

/** Is a person born on birthDate (YYYY-MM-DD) under 18 on date (YYYY-MM-DD)? The 18th birthday is adulthood. */
export function isUnder18(birthDate: string, date: string): boolean {
  const eighteenth = `${String(Number(birthDate.slice(0, 4)) + 18).padStart(4, "0")}${birthDate.slice(4)}`;
  return date < eighteenth;
}

export function checkMinors(input: StorageCheckInput): Finding[] {
  if (input.operation === "cancel") return [];
  const d = input.document;
  const date = dateOf(input.now);
  const findings: Finding[] = [];

  if (d.documentGroup !== "case" && d.guardianDisclosure === undefined) {
    const minor = d.clients.find((id) => {
      const kind = classifyClientId(id);
      const birthDate = kind.kind === "official" ? kind.birthDate : input.clientIds.statedBirthDates?.[id];
      return birthDate !== undefined && isUnder18(birthDate, date);
    });
    if (minor) findings.push(report("MIN-GUARDIAN-DISCLOSURE-MISSING", metadataPath("guardianDisclosure"), `client ${minor} is under 18 on ${date}`));
  }

  const text = d.restrictionText?.trim() ?? "";
  const reasons = d.restrictionReasons ?? [];
  if ((d.guardianDisclosure === "2" || d.guardianDisclosure === "3") && text === "") {
    findings.push(report("MIN-CHILD-REASON-TEXT-MISSING", metadataPath("restrictionText"), `guardian disclosure ${d.guardianDisclosure}`));
  }
  if (d.guardianDisclosure === "3" && (d.disclosureDespiteBanReasons ?? []).length === 0) {
    findings.push(report("MIN-DISCLOSURE-DESPITE-BAN-REASON-MISSING", metadataPath("disclosureDespiteBanReasons")));
  }

  const automatic = d.socialServices.some((s) => s.codeSystem === CODE_SYSTEMS.socialService && AUTOMATIC_SPECIAL_CONTENT_SOCIAL_SERVICES.has(s.code));
  const needsReason: string[] = [];
  if (d.delayedUntil !== undefined) needsReason.push("delayed display");
  if (d.specialContent === true && !automatic) needsReason.push("special content");
  if (d.guardianDisclosure === "4") needsReason.push("guardian disclosure 4");
  if (needsReason.length && reasons.length === 0) findings.push(report("RESTRICTION-REASON-MISSING", metadataPath("restrictionReasons"), needsReason.join(", ")));

  reasons.forEach((r, i) => {
    if (r.codeSystem === CODE_SYSTEMS.restrictionReason && r.code === RESTRICTION_REASON_DELAY_ONLY && d.delayedUntil === undefined) {
      findings.push(report("RESTRICTION-REASON-DELAY-ONLY", metadataItemPath("restrictionReasons", i)));
    }
  });
  if ([...text].length > RESTRICTION_TEXT_MAX) findings.push(report("RESTRICTION-TEXT-TOO-LONG", metadataPath("restrictionText"), `${[...text].length} characters`));
  return findings;
}
