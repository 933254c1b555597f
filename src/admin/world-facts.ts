/**
 * Readers that turn the test world's tables into the plain facts the pure rules take: the population
 * register / Fullmakter facts of the MittKanta proxy check (ProxyRelationFacts, domain/03 §5.3,
 * L8722-8776) and the register access of producers (RegisterAccessFacts, D08-R14a, R27).
 * A fact counts on a day when valid_from ≤ day ≤ valid_to (valid_to absent = open-ended).
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { worldRead } from "../db/world-cache.js";
import type { RegisterAccessFacts } from "../rules/access/types.js";
import type { CustodyArrangement, ProxyRelationFacts } from "../rules/visibility/types.js";

/** The calendar day in Finland (Europe/Helsinki) of an instant: registers keep dates, not instants. */
/** One formatter for the process: creating one costs ~0.6 ms, more than the rest of a fact lookup. */
const HELSINKI_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit" });
export function finnishDay(at: Date): string {
  return HELSINKI_DAY.format(at);
}

const inForce = (day: string) => sql<boolean>`valid_from <= ${day}::date AND (valid_to IS NULL OR valid_to >= ${day}::date)`;

/** What the population register and Fullmakter say about `viewerId` acting for `childId` on the day of `at`. */
export async function loadProxyRelation(db: Kysely<Database>, viewerId: string, childId: string, at: Date): Promise<ProxyRelationFacts> {
  const day = finnishDay(at);
  const guardians = await db.selectFrom("guardianships as g").innerJoin("persons as p", "p.person_id", "g.guardian_id").select(["g.guardian_id", "g.custody_arrangement", "p.non_disclosure"]).where("g.child_id", "=", childId).where(inForce(day)).execute();
  const own = guardians.find((g) => g.guardian_id === viewerId);
  const informationRight = await db.selectFrom("information_rights").select("id").where("holder_id", "=", viewerId).where("child_id", "=", childId).where(inForce(day)).executeTakeFirst();
  const viewer = await db.selectFrom("persons").select("non_disclosure").where("person_id", "=", viewerId).executeTakeFirst();
  const interest = await db.selectFrom("interest_guardianships").select(["principal_id", "declared_incapacitated", "interest_guardian_id"]).where("principal_id", "in", [viewerId, childId]).where(inForce(day)).execute();
  const mandate = await db.selectFrom("mandates").select("id").where("agent_id", "=", viewerId).where("principal_id", "=", childId).where(inForce(day)).executeTakeFirst();
  const viewerInterest = interest.filter((i) => i.principal_id === viewerId);
  return {
    registeredGuardian: own !== undefined,
    informationRight: informationRight !== undefined,
    viewerNonDisclosure: viewer?.non_disclosure ?? false,
    otherGuardianNonDisclosure: guardians.some((g) => g.guardian_id !== viewerId && g.non_disclosure),
    viewerDeclaredIncapacitated: viewerInterest.some((i) => i.declared_incapacitated),
    viewerHasInterestGuardian: viewerInterest.some((i) => i.interest_guardian_id !== null),
    custodyArrangement: (own?.custody_arrangement ?? "none") as CustodyArrangement,
    childHasInterestGuardian: interest.some((i) => i.principal_id === childId && i.interest_guardian_id !== null),
    electronicMandate: mandate !== undefined,
  };
}

/** The production agreements and extended-access grants in force on the day of `at`. */
export async function loadRegisterAccess(db: Kysely<Database>, at: Date): Promise<RegisterAccessFacts> {
  const day = finnishDay(at);
  return worldRead(db, `register-access:${day}`, () => readRegisterAccess(db, day));
}

async function readRegisterAccess(db: Kysely<Database>, day: string): Promise<RegisterAccessFacts> {
  const rows = await db
    .selectFrom("producer_agreements")
    .select((eb) => ["organiser_oid", "producer_oid", "access", "service_unit_oids", "old_data_agreement", eb.cast<string>("valid_from", "text").as("valid_from"), eb.cast<string | null>("valid_to", "text").as("valid_to")])
    .where(inForce(day))
    .orderBy("id")
    .execute();
  return {
    agreements: rows.map((r) => ({ organiserOid: r.organiser_oid, producerOid: r.producer_oid })),
    extendedGrants: rows
      .filter((r) => r.access === "extended")
      .map((r) => ({ organiserOid: r.organiser_oid, producerOid: r.producer_oid, serviceUnitOids: r.service_unit_oids, validFrom: r.valid_from, ...(r.valid_to && { validTo: r.valid_to }), oldDataAgreement: r.old_data_agreement })),
  };
}
