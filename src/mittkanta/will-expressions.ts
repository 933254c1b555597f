/**
 * MittKanta will expressions (issue 11): the citizen — for themself, for a child as guardian, or by
 * electronic mandate — receives Kanta-information, gives or revokes the disclosure permission, and gives or
 * removes prohibitions (all data, one controller, one service task, one document), and sees their will
 * expressions with their history (D07-R86…R93, R104, R105; domain/07 §5.9–5.10).
 *
 * Every action BUILDS a will-expression CDA document (src/cda/build.ts), SIGNS it with Kela's VYT system
 * signer of the test PKI and stores it through THE SAME archive handler as POST /soap/archive
 * (createArchiveHandler of src/archive/pipeline.ts), in a frame sent by Kela with channel "mittkanta" in the
 * content. So every rule and refusal (WILL-* codes, src/rules/access/will-expression.ts) is the archive's own;
 * this module decides nothing about who may do what beyond who the issuer is.
 *
 * Behind MITTKANTA_LOGS: the citizen's view of the disclosure log and usage log of their data (time, acting or
 * receiving organisation, what document) — never the professional or the service unit (domain/07 §5.13, L31131-31137).
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql, type Kysely } from "kysely";
import { finnishDay } from "../admin/world-facts.js";
import { loadWillExpressionVersions } from "../archive/will-expressions.js";
import { WILL_EXPRESSION_CONTROLLER_OID } from "../archive/store.js";
import { buildCdaDocument } from "../cda/build.js";
import type { Database } from "../db/schema.js";
import { errorEntry } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { ARCHIVE_INTERACTION, type ArchiveRequestFrame, type HandleArchiveRequest } from "../hl7/types.js";
import type { DocumentBody, DocumentMetadata } from "../model/document.js";
import type { ProhibitionTarget } from "../rules/access/types.js";
import type { StoredWillExpressionVersion, WillExpression, WillIssuerRole } from "../rules/access/will-expression.js";
import { ageOn } from "../rules/visibility/dates.js";
import { signCdaDocument, type DocumentSigner } from "../signature/sign.js";
import type { MittKantaService, OpenView } from "./service.js";

/** Kela as the joint controller of Viljeyttringstjänsten (fixtures/world/organisations.json). */
export const KELA_VYT = { oid: WILL_EXPRESSION_CONTROLLER_OID, name: "Kela – Viljeyttringstjänsten (VYT)" } as const;
/** Simulator-assigned arcs under Kela's test OID: setIds of documents made in MittKanta, message ids, the MittKanta "service unit". */
const SET_ID_ARC = "1.2.246.10.99990009.82";
const MESSAGE_ID_ROOT = "1.2.246.10.99990009.60";
const DEVICE_ID = "1.2.246.10.99990009.70.1";
const MITTKANTA_UNIT = "1.2.246.10.99990009.10.1";
const SERVICE_REQUEST_SYSTEM = "1.2.246.10.99990000.1.1";
const SCHEMA_OID = "1.2.246.10.99990000.6.9";
export const SERVICE_TASK_SYSTEM = "1.2.246.537.6.1299";

const fromRoot = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Kela's VYT system signer of the committed test PKI. */
export function kelaSigner(): DocumentSigner {
  const prefix = `certs/test/signers/system-${KELA_VYT.oid}`;
  return { keyPem: readFileSync(fromRoot(`${prefix}.test-key.pem`), "utf8"), certPem: readFileSync(fromRoot(`${prefix}.pem`), "utf8") };
}

/** The service tasks of the code list (fixtures/code-lists/service-task.json), for the prohibition form. */
export function serviceTaskCodes(): { code: string; fi: string; sv: string }[] {
  return (JSON.parse(readFileSync(fromRoot("fixtures/code-lists/service-task.json"), "utf8")) as { codes: { code: string; fi: string; sv: string }[] }).codes;
}

export type TargetInput = { kind: "all" } | { kind: "controller"; oid: string } | { kind: "service-task"; code: string; codeSystem?: string } | { kind: "document"; setId: string };
export type WillAction =
  | { action: "kanta-information" }
  | { action: "give-permission" }
  | { action: "revoke-permission" }
  | { action: "add-prohibition"; target: TargetInput }
  | { action: "remove-prohibition"; setId: string };
export const WILL_ACTIONS = ["kanta-information", "give-permission", "revoke-permission", "add-prohibition", "remove-prohibition"] as const;

/** A refusal: an MK-* code of this API or the archive's WILL-* code, with the catalogue's texts. */
export interface WillRefusal {
  error: string;
  http: number;
  fi: string;
  sv: string;
  en: string;
  rule?: string;
  detail?: string;
}
export const isWillRefusal = (v: unknown): v is WillRefusal => typeof v === "object" && v !== null && "error" in v && "http" in v;
function refusal(code: string, detail?: string): WillRefusal {
  const e = errorEntry(code);
  return { error: code, http: e.http, fi: e.fi, sv: e.sv, en: e.en, ...(e.rule && { rule: e.rule }), ...(detail !== undefined && { detail }) };
}

export interface WillActionResult {
  action: WillAction["action"];
  /** false when the state asked for was already in force (nothing stored; the archive's checks still ran). */
  stored: boolean;
  unchanged?: boolean;
  setId?: string;
  versionNumber?: number;
  documentId?: string;
  warnings: string[];
}

export interface WillVersionView {
  setId: string;
  versionNumber: number;
  storedAt: string;
  kind: WillExpression["kind"];
  sector: WillExpression["sector"];
  positive?: boolean;
  inForce: boolean;
  target?: ProhibitionTarget;
  issuer: { role: WillIssuerRole; personIds: string[] };
  channel: WillExpression["channel"];
  cancelled: boolean;
}
export interface ProhibitionView {
  setId: string;
  target: ProhibitionTarget;
  targetLabel: string;
  inForce: boolean;
  since: string;
}
export interface WillOverview {
  personId: string;
  viewerRole: OpenView["context"]["viewer"]["role"];
  /** Who would be recorded as the issuer of an action taken now (null: this viewer cannot act). */
  issuer: { role: WillIssuerRole; personIds: string[] } | null;
  minor: boolean;
  kantaInformation: { givenAt: string; sector: WillExpression["sector"]; issuerRole: WillIssuerRole } | null;
  permission: { setId: string; positive: boolean; since: string } | null;
  /** Social-welfare prohibitions; absent when a guardian looks (D07-R88: a guardian sees them only at the provider). */
  prohibitions: ProhibitionView[];
  prohibitionsHidden: boolean;
  history: WillVersionView[];
}

export interface CitizenLogEntry {
  at: string;
  log: "usage" | "disclosure";
  action: string;
  outcome: "allowed" | "refused";
  /** The acting organisation (for a disclosure: the receiving organisation). */
  organisation: { oid: string; name: string | null };
  /** Whose register the data is in. */
  register: { oid: string; name: string | null };
  document: { setId: string; title: string | null } | null;
}

export interface WillServiceDeps {
  db: Kysely<Database>;
  mittkanta: MittKantaService;
  /** The archive handler of POST /soap/archive; without it the service can only read. */
  handleArchiveRequest?: HandleArchiveRequest;
  signer?: DocumentSigner;
}

const TITLES = { "kanta-information": "Kanta-informointi", "disclosure-permission": "Luovutuslupa", "disclosure-prohibition": "Luovutuskielto" } as const;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "" && v.length <= 200;
const sameTarget = (a: ProhibitionTarget | undefined, b: ProhibitionTarget | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Reads a POST body (JSON or form fields) into an action, or undefined when it is not one. */
export function parseWillAction(body: unknown): WillAction | undefined {
  if (!isRecord(body)) return undefined;
  switch (body.action) {
    case "kanta-information":
    case "give-permission":
    case "revoke-permission":
      return { action: body.action };
    case "remove-prohibition":
      return nonEmpty(body.setId) ? { action: "remove-prohibition", setId: body.setId.trim() } : undefined;
    case "add-prohibition": {
      // JSON: { target: { kind, … } }; a web form: targetKind + oid | code | setId.
      const t = isRecord(body.target) ? body.target : { kind: body.targetKind, oid: body.oid, code: body.code, codeSystem: body.codeSystem, setId: body.setId };
      if (t.kind === "all") return { action: "add-prohibition", target: { kind: "all" } };
      if (t.kind === "controller" && nonEmpty(t.oid) && /^[0-2](\.(0|[1-9][0-9]*))+$/.test(t.oid)) return { action: "add-prohibition", target: { kind: "controller", oid: t.oid } };
      if (t.kind === "service-task" && nonEmpty(t.code)) return { action: "add-prohibition", target: { kind: "service-task", code: t.code.trim(), ...(nonEmpty(t.codeSystem) && { codeSystem: t.codeSystem.trim() }) } };
      if (t.kind === "document" && nonEmpty(t.setId)) return { action: "add-prohibition", target: { kind: "document", setId: t.setId.trim() } };
      return undefined;
    }
    default:
      return undefined;
  }
}

function targetOf(input: TargetInput): ProhibitionTarget {
  return input.kind === "service-task" ? { kind: "service-task", code: input.code, codeSystem: input.codeSystem ?? SERVICE_TASK_SYSTEM } : input;
}
function kohdeOf(target: ProhibitionTarget): Record<string, string> {
  switch (target.kind) {
    case "all":
      return { laji: "all" };
    case "controller":
      return { laji: "controller", oid: target.oid };
    case "service-task":
      return { laji: "service-task", koodi: target.code, koodisto: target.codeSystem };
    case "document":
      return { laji: "document", setId: target.setId };
  }
}

export type WillExpressionService = ReturnType<typeof createWillExpressionService>;

export function createWillExpressionService(deps: WillServiceDeps) {
  const { db, mittkanta } = deps;
  let signer: DocumentSigner | undefined = deps.signer;
  const signerOf = () => (signer ??= kelaSigner());
  const organisationNames = async (): Promise<Map<string, string>> => new Map((await db.selectFrom("organisations").select(["oid", "name"]).execute()).map((o) => [o.oid, o.name]));

  /** The issuer of an action taken now by the viewer: the client, the guardians in force together (D07-R92), or the mandate holder. */
  async function issuerOf(view: OpenView, now: Date): Promise<{ role: WillIssuerRole; personIds: string[] } | undefined> {
    const role = view.context.viewer.role;
    if (role === "client") return { role: "client", personIds: [view.personId] };
    const day = finnishDay(now);
    const inForce = sql<boolean>`valid_from <= ${day}::date AND (valid_to IS NULL OR valid_to >= ${day}::date)`;
    if (role === "guardian") {
      const guardians = await db.selectFrom("guardianships").select("guardian_id").where("child_id", "=", view.personId).where(inForce).orderBy("guardian_id").execute();
      const ids = [...new Set(guardians.map((g) => g.guardian_id))];
      return ids.includes(view.session.personId) ? { role: "guardians", personIds: ids } : undefined;
    }
    if (role === "proxy") return { role: "mandate", personIds: [view.session.personId] };
    return undefined; // a §7 information right is no right to express the client's will
  }

  /** Live (not makulerade) versions grouped by set, oldest first. */
  function liveSets(versions: StoredWillExpressionVersion[]): StoredWillExpressionVersion[][] {
    const cancelled = new Set(versions.filter((v) => v.cancelled).map((v) => v.setId));
    const sets = new Map<string, StoredWillExpressionVersion[]>();
    for (const v of versions) if (!cancelled.has(v.setId)) sets.set(v.setId, [...(sets.get(v.setId) ?? []), v]);
    return [...sets.values()].map((s) => s.sort((a, b) => a.versionNumber - b.versionNumber));
  }
  const latestOf = (set: StoredWillExpressionVersion[]) => set[set.length - 1]!;

  async function labelOf(target: ProhibitionTarget, names: Map<string, string>, titles: Map<string, string>): Promise<string> {
    switch (target.kind) {
      case "all":
        return "all";
      case "controller":
        return names.get(target.oid) ?? target.oid;
      case "service-task":
        return serviceTaskCodes().find((c) => c.code === target.code)?.sv ?? target.code;
      case "document":
        return titles.get(target.setId) ?? target.setId;
    }
  }

  async function titlesOf(setIds: string[]): Promise<Map<string, string>> {
    if (setIds.length === 0) return new Map();
    const rows = await db.selectFrom("document_versions").select(["set_id", sql<string | null>`metadata ->> 'title'`.as("title")]).where("set_id", "in", setIds).orderBy("version_number").execute();
    return new Map(rows.filter((r) => r.title !== null).map((r) => [r.set_id, r.title!]));
  }

  /** The latest stored version of a set (the archive's own record), for the next version's RPLC link. */
  async function latestVersionRow(setId: string) {
    return db.selectFrom("document_versions").select(["version_id", "version_number"]).where("set_id", "=", setId).orderBy("version_number", "desc").limit(1).executeTakeFirst();
  }

  /** Builds, signs and sends one will-expression document through the archive handler. */
  async function send(clientId: string, json: Record<string, unknown>, kind: WillExpression["kind"], now: Date, previous: { setId: string; versionId: string; versionNumber: number } | undefined, validateOnly: boolean) {
    const setId = previous?.setId ?? `${SET_ID_ARC}.${BigInt(`0x${randomUUID().replace(/-/g, "").slice(0, 15)}`).toString()}`;
    const versionNumber = (previous?.versionNumber ?? 0) + 1;
    const metadata: DocumentMetadata = {
      documentId: `${setId}.${versionNumber}`,
      setId,
      versionNumber,
      ...(previous && { replacesDocumentId: previous.versionId }),
      status: "ready",
      createdAt: now.toISOString(),
      title: TITLES[kind],
      organiser: { ...KELA_VYT },
      serviceUnit: { oid: MITTKANTA_UNIT },
      storer: { givenName: "OmaKanta", familyName: "Kela" },
      registerCode: { code: "1", codeSystem: "1.2.246.537.6.1264" },
      clients: [clientId],
      serviceTasks: [],
      socialServices: [],
      documentGroup: "will-expression",
    };
    const body: DocumentBody = { xhtml: `<paragraph>${TITLES[kind]} (OmaKanta).</paragraph>`, json, jsonSchemaOid: SCHEMA_OID };
    const document = new TextEncoder().encode(signCdaDocument(buildCdaDocument(metadata, body), signerOf()));
    const frame: ArchiveRequestFrame = {
      interaction: ARCHIVE_INTERACTION,
      interactionId: ARCHIVE_INTERACTION,
      messageId: { root: MESSAGE_ID_ROOT, extension: randomUUID() },
      creationTime: now,
      creationTimeText: now.toISOString(),
      processingCode: "P",
      acceptAckCode: "AL",
      sender: { deviceId: { root: DEVICE_ID }, organisationOid: KELA_VYT.oid },
      serviceRequest: { code: "SP1", codeSystem: SERVICE_REQUEST_SYSTEM, operation: "store" },
      usageSituation: { code: "1", codeSystem: "1.2.246.537.6.1289.201901" },
      actor: { serviceUnitOid: MITTKANTA_UNIT },
      document,
    };
    if (!deps.handleArchiveRequest) throw new Error("will expressions: no archive handler (MittKantaOptions.handleArchiveRequest)");
    const outcome = await deps.handleArchiveRequest(frame, { rawRequest: document, receivedAt: now, validateOnly, soapVersion: "1.1" });
    return { outcome, metadata };
  }

  const refusalOf = (findings: Finding[]): WillRefusal => {
    const first = findings.find((f) => f.severity === "error");
    return first ? refusal(first.code, first.detail) : refusal("MK-WILL-ACTION-INVALID");
  };

  return {
    /** The client's will expressions in force and their history, as the viewer may see them (D07-R88, R89). */
    async overview(view: OpenView): Promise<WillOverview> {
      const now = view.context.now;
      const versions = await loadWillExpressionVersions(db, view.personId);
      const sets = liveSets(versions);
      const guardianLooks = view.context.viewer.role === "guardian";
      const kanta = sets.filter((s) => s[0]!.expression.kind === "kanta-information").map((s) => s[0]!).sort((a, b) => a.storedAt.localeCompare(b.storedAt))[0];
      const permissionSet = sets
        .filter((s) => s[0]!.expression.kind === "disclosure-permission" && s[0]!.expression.sector === "social")
        .sort((a, b) => latestOf(a).storedAt.localeCompare(latestOf(b).storedAt))
        .at(-1);
      const names = await organisationNames();
      const prohibitionSets = sets.filter((s) => s[0]!.expression.kind === "disclosure-prohibition" && s[0]!.expression.sector === "social" && s[0]!.expression.target);
      const titles = await titlesOf(prohibitionSets.flatMap((s) => (s[0]!.expression.target?.kind === "document" ? [s[0]!.expression.target.setId] : [])));
      const prohibitions: ProhibitionView[] = [];
      if (!guardianLooks) {
        for (const s of prohibitionSets) {
          const latest = latestOf(s);
          const target = s[0]!.expression.target!;
          prohibitions.push({ setId: latest.setId, target, targetLabel: await labelOf(target, names, titles), inForce: latest.expression.inForce, since: latest.storedAt });
        }
      }
      const history = versions
        .filter((v) => !(guardianLooks && v.expression.kind === "disclosure-prohibition"))
        .map((v): WillVersionView => ({
          setId: v.setId,
          versionNumber: v.versionNumber,
          storedAt: v.storedAt,
          kind: v.expression.kind,
          sector: v.expression.sector,
          ...(v.expression.positive !== undefined && { positive: v.expression.positive }),
          inForce: v.expression.inForce,
          ...(v.expression.target && { target: v.expression.target }),
          issuer: { role: v.expression.issuer.role, personIds: [...v.expression.issuer.personIds] },
          channel: v.expression.channel,
          cancelled: v.cancelled,
        }))
        .sort((a, b) => b.storedAt.localeCompare(a.storedAt) || b.versionNumber - a.versionNumber);
      const issuer = await issuerOf(view, now);
      const latestPermission = permissionSet && latestOf(permissionSet);
      return {
        personId: view.personId,
        viewerRole: view.context.viewer.role,
        issuer: issuer ?? null,
        minor: (ageOn(view.personId, now) ?? 18) < 18,
        kantaInformation: kanta ? { givenAt: kanta.storedAt, sector: kanta.expression.sector, issuerRole: kanta.expression.issuer.role } : null,
        permission: latestPermission ? { setId: latestPermission.setId, positive: latestPermission.expression.positive === true, since: latestPermission.storedAt } : null,
        prohibitions,
        prohibitionsHidden: guardianLooks,
        history,
      };
    },

    /**
     * One action, stored through the archive handler as a will-expression document (a new set, or a new
     * version of the set it changes: D07-R43). When the state asked for is already in force, the archive
     * checks the same document without storing it (validate only) and nothing is stored.
     */
    async act(view: OpenView, action: WillAction): Promise<WillActionResult | WillRefusal> {
      const now = view.context.now;
      const issuer = await issuerOf(view, now);
      if (!issuer) return refusal("MK-WILL-NOT-REPRESENTATIVE", `${view.context.viewer.role} of ${view.personId}`);
      const clientId = view.personId;
      const sets = liveSets(await loadWillExpressionVersions(db, clientId));
      const base = { asiakkaat: [clientId], sektori: "social", antaja: { rooli: issuer.role, henkilot: issuer.personIds }, kanava: "mittkanta" };
      let kind: WillExpression["kind"];
      let json: Record<string, unknown>;
      let previousSet: StoredWillExpressionVersion[] | undefined;
      let unchanged = false;
      switch (action.action) {
        case "kanta-information": {
          kind = "kanta-information";
          json = { ...base, tahdonilmaisu: kind };
          // One given in health care, at any provider or earlier in MittKanta counts (D07-R104).
          unchanged = sets.some((s) => s[0]!.expression.kind === "kanta-information");
          break;
        }
        case "give-permission":
        case "revoke-permission": {
          kind = "disclosure-permission";
          const positive = action.action === "give-permission";
          json = { ...base, tahdonilmaisu: kind, myonteinen: positive };
          previousSet = sets
            .filter((s) => s[0]!.expression.kind === kind && s[0]!.expression.sector === "social")
            .sort((a, b) => latestOf(a).storedAt.localeCompare(latestOf(b).storedAt))
            .at(-1);
          unchanged = previousSet !== undefined && (latestOf(previousSet).expression.positive === true) === positive;
          break;
        }
        case "add-prohibition": {
          kind = "disclosure-prohibition";
          const target = targetOf(action.target);
          json = { ...base, tahdonilmaisu: kind, voimassa: true, kohde: kohdeOf(target) };
          previousSet = sets.find((s) => s[0]!.expression.kind === kind && s[0]!.expression.sector === "social" && sameTarget(s[0]!.expression.target, target));
          unchanged = previousSet !== undefined && latestOf(previousSet).expression.inForce;
          break;
        }
        case "remove-prohibition": {
          kind = "disclosure-prohibition";
          previousSet = sets.find((s) => s[0]!.setId === action.setId && s[0]!.expression.kind === kind);
          if (!previousSet || !previousSet[0]!.expression.target) return refusal("MK-WILL-PROHIBITION-NOT-FOUND", action.setId);
          json = { ...base, tahdonilmaisu: kind, voimassa: false, kohde: kohdeOf(previousSet[0]!.expression.target) };
          unchanged = !latestOf(previousSet).expression.inForce;
          break;
        }
      }
      const row = previousSet ? await latestVersionRow(previousSet[0]!.setId) : undefined;
      const previous = row ? { setId: previousSet![0]!.setId, versionId: row.version_id, versionNumber: Number(row.version_number) } : undefined;
      const { outcome, metadata } = await send(clientId, json, kind, now, previous, unchanged);
      if (outcome.typeCode !== "AA") return refusalOf(outcome.findings);
      const warnings = outcome.findings.map((f) => f.code);
      if (unchanged) return { action: action.action, stored: false, unchanged: true, ...(previousSet && { setId: previousSet[0]!.setId }), warnings };
      return { action: action.action, stored: true, setId: metadata.setId, versionNumber: metadata.versionNumber, documentId: metadata.documentId, warnings };
    },

    /**
     * The citizen's view of the disclosure log and usage log of their own data (MITTKANTA_LOGS): when,
     * which organisation acted or received, whose register, which document — never the professional or the
     * service unit (L31131-31137). Own view only; a document the citizen is not shown in MittKanta is named
     * without its title.
     */
    async logs(view: OpenView): Promise<{ personId: string; entries: CitizenLogEntry[] } | WillRefusal> {
      if (view.context.viewer.role !== "client") return refusal("MK-LOGS-OWN-ONLY");
      const [rows, names, shown] = await Promise.all([
        db
          .selectFrom("usage_log as u")
          .leftJoin("document_versions as v", "v.version_id", "u.document_id")
          .select(["u.logged_at", "u.log_kind", "u.action", "u.outcome", "u.organisation_oid", "u.register_oid", "v.set_id"])
          .where("u.client_id", "=", view.personId)
          .orderBy("u.logged_at", "desc")
          .orderBy("u.id", "desc")
          .execute(),
        organisationNames(),
        mittkanta.documents(view, {}),
      ]);
      const titles = new Map(shown.documents.map((d) => [d.setId, d.title]));
      const entries = rows.map(
        (r): CitizenLogEntry => ({
          at: new Date(r.logged_at).toISOString(),
          log: r.log_kind,
          action: r.action,
          outcome: r.outcome,
          organisation: { oid: r.organisation_oid, name: names.get(r.organisation_oid) ?? null },
          register: { oid: r.register_oid, name: names.get(r.register_oid) ?? null },
          document: r.set_id ? { setId: r.set_id, title: titles.get(r.set_id) ?? null } : null,
        }),
      );
      return { personId: view.personId, entries };
    },

    /** Choices of the prohibition form: organisations (any may be prohibited, D07-R105), service tasks, the documents shown to the viewer. */
    async formChoices(view: OpenView) {
      const organisations = (await db.selectFrom("organisations").select(["oid", "name"]).where("kind", "!=", "state").orderBy("name").execute()).map((o) => ({ oid: o.oid, name: o.name }));
      const documents = (await mittkanta.documents(view, {})).documents.map((d) => ({ setId: d.setId, title: d.title, createdAt: d.createdAt }));
      return { organisations, serviceTasks: serviceTaskCodes(), documents };
    },
  };
}
