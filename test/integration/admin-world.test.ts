import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { migrate } from "../../src/db/migrate.js";
import { loadFixtures, readFixtures } from "../../src/fixtures/load.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

const WELFARE_REGION = "1.2.246.10.99990001.10.0";

describe("admin API: the test world (/admin/api/world/…)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
  });
  afterAll(async () => app.close());

  const get = (url: string) => app.inject({ method: "GET", url });
  const send = (method: "POST" | "PUT", url: string, payload: unknown) => app.inject({ method, url, payload: payload as object });

  it.each([
    ["persons", 13],
    ["organisations", 6],
    ["service-units", 11],
    ["guardianships", 7],
    ["information-rights", 1],
    ["interest-guardianships", 1],
    ["mandates", 1],
    ["professionals", 4],
    ["agreements", 3],
  ])("lists the seeded %s", async (kind, count) => {
    const res = await get(`/admin/api/world/${kind}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(count);
  });

  it("returns one record in its fixture shape: dates as YYYY-MM-DD, absent values left out", async () => {
    const res = await get("/admin/api/world/guardianships/g-jonas-ida");
    expect(res.json()).toEqual({ id: "g-jonas-ida", guardian_id: "040479Y915P", child_id: "011208B904J", kind: "parent", valid_from: "2008-12-01", valid_to: "2026-11-30", custody_arrangement: "unstructured-before-structured-recording" });
    expect((await get("/admin/api/world/persons/080248-9936")).json()).toMatchObject({ death_date: "2025-10-01" });
  });

  it("the professionals reference the test PKI's professional certificates", async () => {
    const sara = (await get("/admin/api/world/professionals/150585-951A")).json();
    expect(sara).toMatchObject({ registration_number: "9999991", organisation_oid: WELFARE_REGION, certificate_file: "signers/professional-sara-socionom.pem" });
  });

  it("creates a person, reads it back, updates it", async () => {
    const person = { person_id: "120555-918K", given_name: "Maja", family_name: "Ny", birth_date: "1955-05-12" };
    const created = await send("POST", "/admin/api/world/persons", person);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ ...person, non_disclosure: false, is_temporary_id: false });
    const updated = await send("PUT", "/admin/api/world/persons/120555-918K", { ...person, non_disclosure: true, municipality: "091" });
    expect(updated.statusCode).toBe(200);
    expect((await get("/admin/api/world/persons/120555-918K")).json()).toMatchObject({ non_disclosure: true, municipality: "091" });
  });

  it("creates and updates a guardianship, an agreement and a professional; adds an organisation and a service unit", async () => {
    expect((await send("POST", "/admin/api/world/guardianships", { id: "g-maja-ella", guardian_id: "120555-918K", child_id: "300116A962A", kind: "appointed", valid_from: "2026-06-01" })).statusCode).toBe(201);
    const ended = await send("PUT", "/admin/api/world/guardianships/g-maja-ella", { id: "g-maja-ella", guardian_id: "120555-918K", child_id: "300116A962A", kind: "appointed", valid_from: "2026-06-01", valid_to: "2026-09-30" });
    expect(ended.json()).toMatchObject({ valid_to: "2026-09-30", custody_arrangement: "none" });

    expect((await send("POST", "/admin/api/world/organisations", { oid: "1.2.246.10.99990006.10.0", name: "Ny Producent Ab", kind: "private", is_public: false })).statusCode).toBe(201);
    expect((await send("POST", "/admin/api/world/service-units", { oid: "1.2.246.10.99990006.10.601", organisation_oid: "1.2.246.10.99990006.10.0", name: "Ny hemvård", service_tasks: ["23"] })).statusCode).toBe(201);
    const agreement = { id: "a-testby-ny", organiser_oid: WELFARE_REGION, producer_oid: "1.2.246.10.99990006.10.0", access: "extended", service_unit_oids: ["1.2.246.10.99990006.10.601"], valid_from: "2026-01-01" };
    expect((await send("POST", "/admin/api/world/agreements", agreement)).json()).toEqual({ ...agreement, old_data_agreement: false });
    expect((await send("PUT", "/admin/api/world/agreements/a-testby-ny", { ...agreement, access: "normal" })).json()).toMatchObject({ access: "normal" });

    const professional = { id: "9999995", registration_number: "9999995", given_name: "Nina", family_name: "Ny", organisation_oid: "1.2.246.10.99990006.10.0", service_unit_oid: "1.2.246.10.99990006.10.601" };
    expect((await send("POST", "/admin/api/world/professionals", professional)).statusCode).toBe(201);
  });

  describe("refusals (nothing changes)", () => {
    it.each([
      ["an unknown property", "persons", { person_id: "120555-918K", given_name: "A", family_name: "B", birth_date: "1955-05-12", shoe_size: 38 }, "ADMIN-BODY-INVALID", 400],
      ["a missing required field", "guardianships", { id: "g-x", guardian_id: "140375-921H", valid_from: "2020-01-01" }, "ADMIN-BODY-INVALID", 400],
      ["a malformed date", "mandates", { id: "m-x", principal_id: "140375-921H", agent_id: "021182-934E", scope: "all", valid_from: "1.1.2026" }, "ADMIN-BODY-INVALID", 400],
      ["an impossible day", "mandates", { id: "m-x", principal_id: "140375-921H", agent_id: "021182-934E", scope: "all", valid_from: "2026-02-30" }, "ADMIN-BODY-INVALID", 400],
      ["an end before the start", "guardianships", { id: "g-x", guardian_id: "140375-921H", child_id: "300116A962A", valid_from: "2020-01-01", valid_to: "2019-01-01" }, "ADMIN-BODY-INVALID", 400],
      ["a guardian of himself", "guardianships", { id: "g-x", guardian_id: "140375-921H", child_id: "140375-921H", valid_from: "2020-01-01" }, "ADMIN-BODY-INVALID", 400],
      ["a wrong check character", "persons", { person_id: "120555-918L", given_name: "A", family_name: "B", birth_date: "1955-05-12" }, "ADMIN-PERSON-ID-INVALID", 400],
      ["a code that does not match the birth date", "persons", { person_id: "120555-918K", given_name: "A", family_name: "B", birth_date: "1955-05-13" }, "ADMIN-PERSON-ID-INVALID", 400],
      ["an existing id", "persons", { person_id: "140375-921H", given_name: "A", family_name: "B", birth_date: "1975-03-14" }, "ADMIN-ALREADY-EXISTS", 409],
      ["an unknown person", "guardianships", { id: "g-x", guardian_id: "140375-921H", child_id: "010101-999X", valid_from: "2020-01-01" }, "ADMIN-REFERENCE-UNKNOWN", 422],
      ["an unknown organisation", "agreements", { id: "a-x", organiser_oid: WELFARE_REGION, producer_oid: "1.2.246.10.99990099.10.0", access: "normal", valid_from: "2026-01-01" }, "ADMIN-REFERENCE-UNKNOWN", 422],
      ["a certificate not in the test PKI", "professionals", { id: "9999996", given_name: "A", family_name: "B", organisation_oid: WELFARE_REGION, certificate_file: "signers/nobody.pem" }, "ADMIN-CERTIFICATE-UNKNOWN", 422],
      ["a certificate path leaving the test PKI", "professionals", { id: "9999996", given_name: "A", family_name: "B", organisation_oid: WELFARE_REGION, certificate_file: "../../package.pem" }, "ADMIN-CERTIFICATE-UNKNOWN", 422],
    ])("POST with %s → %s", async (_, kind, body, code, status) => {
      const before = await get(`/admin/api/world/${kind}`);
      const res = await send("POST", `/admin/api/world/${kind}`, body);
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ error: code, text: { fi: expect.any(String), sv: expect.any(String), en: expect.any(String) } });
      expect((await get(`/admin/api/world/${kind}`)).json()).toEqual(before.json());
    });

    it("GET and PUT of an unknown id → ADMIN-NOT-FOUND; a PUT cannot change the id → ADMIN-ID-MISMATCH", async () => {
      expect((await get("/admin/api/world/persons/010101-999X")).json()).toMatchObject({ error: "ADMIN-NOT-FOUND" });
      const ghost = { id: "m-ghost", principal_id: "140375-921H", agent_id: "021182-934E", scope: "all", valid_from: "2026-01-01" };
      const put = await send("PUT", "/admin/api/world/mandates/m-ghost", ghost);
      expect([put.statusCode, put.json().error]).toEqual([404, "ADMIN-NOT-FOUND"]);
      const moved = await send("PUT", "/admin/api/world/mandates/m-jonas-lisa", { ...ghost, id: "m-other" });
      expect([moved.statusCode, moved.json().error]).toEqual([400, "ADMIN-ID-MISMATCH"]);
    });

    it("invalid JSON → ADMIN-BODY-INVALID; organisations and service units cannot be replaced (no PUT)", async () => {
      const bad = await app.inject({ method: "POST", url: "/admin/api/world/persons", headers: { "content-type": "application/json" }, payload: "{not json" });
      expect([bad.statusCode, bad.json().error]).toEqual([400, "ADMIN-BODY-INVALID"]);
      expect((await send("PUT", `/admin/api/world/organisations/${WELFARE_REGION}`, { oid: WELFARE_REGION, name: "X", kind: "private", is_public: false })).statusCode).toBe(404);
    });
  });

  it("is not there when ENABLE_ADMIN is off", async () => {
    const closed = await buildApp(testConfig({ enableAdmin: false }), { database: t.database });
    try {
      expect((await closed.inject({ method: "GET", url: "/admin/api/world/persons" })).statusCode).toBe(404);
      expect((await closed.inject({ method: "GET", url: "/admin/api/clock" })).statusCode).toBe(404);
    } finally {
      await closed.close();
    }
  });
});

describe("fixtures: the test world's relationship files", () => {
  it("name only persons, organisations, units and certificates that exist (the test world for the §7 scenarios)", () => {
    const { world } = readFixtures();
    const persons = new Map(world.persons.map((p) => [p.person_id, p]));
    // A minor with two guardians, one with one, a minor with spärrmarkering, an incapacitated adult, a mandate.
    const guardiansOf = (child: string) => world.guardianships.filter((g) => g.child_id === child).length;
    expect(guardiansOf("050912A958F")).toBe(2);
    expect(guardiansOf("300116A962A")).toBe(1);
    expect(persons.get("121209A9701")?.non_disclosure).toBe(true);
    expect(guardiansOf("121209A9701")).toBe(1);
    expect(world.interest_guardianships.some((i) => i.declared_incapacitated === true && i.interest_guardian_id)).toBe(true);
    expect(world.mandates.length).toBeGreaterThan(0);
    expect(persons.get("080248-9936")?.death_date).toBeDefined();
    expect(new Set(world.agreements.map((a) => a.producer_oid)).size).toBeGreaterThanOrEqual(2);
  });
});

describe("migration 0002 and fixture loading on the suite's backend", () => {
  const t = useTestDatabase("empty");

  it("creates the world and client-relationship tables; loading twice changes nothing", async () => {
    await migrate(t.database);
    const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(t.database.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(["guardianships", "interest_guardianships", "information_rights", "mandates", "professionals", "producer_agreements", "client_relationship_versions", "client_relationship_units"]),
    );
    const first = await loadFixtures(t.database);
    const snapshot = async () => ({
      guardianships: await t.database.db.selectFrom("guardianships").selectAll().orderBy("id").execute(),
      agreements: await t.database.db.selectFrom("producer_agreements").selectAll().orderBy("id").execute(),
      professionals: await t.database.db.selectFrom("professionals").selectAll().orderBy("id").execute(),
    });
    const before = await snapshot();
    expect(await loadFixtures(t.database)).toEqual(first);
    expect(await snapshot()).toEqual(before);
    expect(first.relations).toBe(17);
    expect(before.guardianships.find((g) => g.id === "g-jonas-ida")?.old_custody_agreement).toBe(true);
  });

  it("a fixture edit is applied on the next load (upsert), not duplicated", async () => {
    const fixtures = readFixtures();
    const edited = { ...fixtures, world: { ...fixtures.world, mandates: fixtures.world.mandates.map((m) => ({ ...m, scope: "edited" })) } };
    await loadFixtures(t.database, edited);
    const rows = await t.database.db.selectFrom("mandates").select(["id", "scope"]).execute();
    expect(rows).toEqual([{ id: "m-jonas-lisa", scope: "edited" }]);
  });
});
