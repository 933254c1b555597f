import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import * as soap from "soap";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import type { ArchiveDatabase } from "../../src/db/database.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame, type ArchiveRequestFrameInput } from "../../src/hl7/frame.js";
import type { ArchiveRequestContext, ArchiveRequestFrame, HandleArchiveRequest } from "../../src/hl7/types.js";
import { inspectorPlugin } from "../../src/inspector/plugin.js";
import { parseSoapFault, type SoapVersion } from "../../src/soap/envelope.js";
import { sendDocument, type SendOptions } from "../../src/soap/cli.js";
import { soapPlugin, type SoapPluginOptions } from "../../src/soap/plugin.js";
import { NS } from "../../src/soap/xml.js";
import { parseXmlSafely } from "../../src/xml/safe-parse.js";
import { useTestDatabase } from "../support/database.js";
import { runCli } from "../support/server-process.js";

const CDA = `<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><id root="1.2.246.10.99990001.50.1"/></ClinicalDocument>`;
const ORG_A = "1.2.246.10.99990001.10.0";
const ORG_B = "1.2.246.10.99990003.10.0";
const ENV = { "1.1": NS.soap11, "1.2": NS.soap12 } as const;
const CT = { "1.1": "text/xml; charset=utf-8", "1.2": "application/soap+xml; charset=utf-8" } as const;

function frameInput(overrides: Partial<ArchiveRequestFrameInput> = {}): ArchiveRequestFrameInput {
  return {
    messageId: { root: "1.2.246.10.99990001.60", extension: `msg-${Math.random().toString(36).slice(2)}` },
    creationTime: new Date("2026-11-28T10:00:00Z"),
    senderDeviceId: { root: "1.2.246.10.99990001.70.1" },
    senderOrganisationOid: ORG_A,
    serviceRequest: { code: "SP1", codeSystem: "1.2.246.10.99990000.1.1" },
    usageSituation: "1",
    serviceUnitOid: "1.2.246.10.99990001.10.101",
    document: CDA,
    ...overrides,
  };
}

function envelope(version: SoapVersion, body: string, header = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${ENV[version]}">${header}<s:Body>${body}</s:Body></s:Envelope>`;
}

/**
 * A small real handler in place of src/archive: it parses the document with the shared safe parser
 * and refuses it (AE) with that parser's findings, else accepts (AA). `mode = "throw"` makes it fail.
 */
const calls: { frame: ArchiveRequestFrame; context: ArchiveRequestContext }[] = [];
let mode: "normal" | "throw" = "normal";
const testHandler: HandleArchiveRequest = async (frame, context) => {
  calls.push({ frame, context });
  if (mode === "throw") throw new Error("pipeline exploded");
  const parsed = parseXmlSafely(frame.document);
  if (!parsed.ok) return { typeCode: "AE", findings: parsed.findings, summary: { stage: "document" } };
  return { typeCode: "AA", findings: [], summary: { root: parsed.document.documentElement!.localName } };
};

async function buildTestApp(database: ArchiveDatabase, options: Partial<SoapPluginOptions>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.decorate("archiveDb", database);
  await app.register(soapPlugin, { clock: fixedClock("2026-11-28T10:00:05Z"), ...options } as SoapPluginOptions);
  await app.register(inspectorPlugin);
  return app;
}

describe("SOAP endpoint, message log and inspector", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(t.database, { handleArchiveRequest: testHandler, bodyLimit: 64 * 1024 });
  });
  afterAll(async () => app.close());
  beforeEach(() => {
    calls.length = 0;
    mode = "normal";
  });

  const post = (version: SoapVersion, payload: string, url = "/soap/archive", contentType: string = CT[version]) =>
    app.inject({ method: "POST", url, headers: { "content-type": contentType }, payload });

  describe.each(["1.1", "1.2"] as const)("SOAP %s", (version) => {
    it("a valid frame reaches the handler with exact document bytes and is acknowledged AA", async () => {
      const input = frameInput();
      const res = await post(version, envelope(version, buildArchiveRequestFrame(input)));
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe(CT[version]);
      const ack = parseAcknowledgement(res.body);
      expect(ack.typeCode).toBe("AA");
      expect(ack.details).toEqual([]);
      expect(ack.inReplyTo).toEqual(input.messageId);
      expect(ack.receiver).toEqual(input.senderDeviceId);
      expect(calls).toHaveLength(1);
      expect(Buffer.from(calls[0]!.frame.document).toString("utf8")).toBe(CDA);
      expect(calls[0]!.context).toMatchObject({ validateOnly: false, soapVersion: version, receivedAt: new Date("2026-11-28T10:00:05Z") });
      expect(Buffer.from(calls[0]!.context.rawRequest).toString("utf8")).toContain("RCMR_IN200002FI01");
    });

    it("POST /soap/validate calls the handler with validateOnly", async () => {
      const res = await post(version, envelope(version, buildArchiveRequestFrame(frameInput())), "/soap/validate");
      expect(parseAcknowledgement(res.body).typeCode).toBe("AA");
      expect(calls[0]!.context.validateOnly).toBe(true);
    });

    it("the handler's refusal travels as AE with its findings", async () => {
      const res = await post(version, envelope(version, buildArchiveRequestFrame(frameInput({ document: "<ClinicalDocument>" }))));
      const ack = parseAcknowledgement(res.body);
      expect(ack.typeCode).toBe("AE");
      expect(ack.details.map((d) => d.code)).toEqual(["XML-MALFORMED"]);
    });

    it("a frame problem is acknowledged without calling the handler: AR for the wrapper, AE for an unknown code", async () => {
      const noId = buildArchiveRequestFrame(frameInput()).replace(/<id root="1.2.246.10.99990001.60"[^>]*\/>/, "");
      const ar = parseAcknowledgement((await post(version, envelope(version, noId))).body);
      expect(ar.typeCode).toBe("AR");
      expect(ar.details.map((d) => [d.code, d.location])).toEqual([["FRAME-MESSAGE-ID-MISSING", "/hl7:RCMR_IN200002FI01/hl7:id/@root"]]);
      const unknownUsage = buildArchiveRequestFrame(frameInput({ usageSituation: "7" }));
      const ae = parseAcknowledgement((await post(version, envelope(version, unknownUsage))).body);
      expect(ae.typeCode).toBe("AE");
      expect(ae.details[0]!.code).toBe("FRAME-USAGE-SITUATION-UNKNOWN");
      expect(calls).toHaveLength(0);
    });

    const mu = version === "1.1" ? `s:mustUnderstand="1"` : `s:mustUnderstand="true"`;
    const frame = () => buildArchiveRequestFrame(frameInput());
    it.each([
      ["not XML", "XML-MALFORMED", () => "<s:Envelope"],
      ["a DOCTYPE", "XML-DOCTYPE-FORBIDDEN", () => `<!DOCTYPE s [<!ENTITY x "y">]>${envelope(version, frame())}`],
      ["no envelope", "SOAP-ENVELOPE-MISSING", () => frame()],
      ["no body", "SOAP-BODY-MISSING", () => `<s:Envelope xmlns:s="${ENV[version]}"/>`],
      ["an empty body", "SOAP-BODY-EMPTY", () => envelope(version, "")],
      ["two body children", "SOAP-BODY-MULTIPLE-CHILDREN", () => envelope(version, frame() + frame())],
      ["an unknown interaction", "SOAP-UNKNOWN-INTERACTION", () => envelope(version, `<QUQI_IN000003UV01 xmlns="urn:hl7-org:v3"/>`)],
      ["a mustUnderstand header not understood", "SOAP-MUST-UNDERSTAND", () => envelope(version, frame(), `<s:Header><x:Sec xmlns:x="urn:example" ${mu}/></s:Header>`)],
      ["a body over the limit", "SOAP-BODY-TOO-LARGE", () => envelope(version, `<!--${"x".repeat(70 * 1024)}-->${frame()}`)],
    ])("%s → fault %s", async (_name, code, body) => {
      const res = await post(version, body());
      const fault = parseSoapFault(res.body);
      expect(fault?.version).toBe(version);
      expect(fault?.codes).toEqual([code]);
      expect(res.headers["content-type"]).toBe(CT[version]);
      expect(res.statusCode).toBe(code === "SOAP-BODY-TOO-LARGE" ? 413 : version === "1.1" ? 500 : code === "SOAP-MUST-UNDERSTAND" ? 500 : 400);
      expect(calls).toHaveLength(0);
    });

    it("the other version's Content-Type → SOAP-VERSION-MISMATCH", async () => {
      const other: SoapVersion = version === "1.1" ? "1.2" : "1.1";
      const res = await post(version, envelope(version, frame()), "/soap/archive", CT[other]);
      expect(parseSoapFault(res.body)).toMatchObject({ version: other, codes: ["SOAP-VERSION-MISMATCH"] });
    });

    it("a failing pipeline → Receiver fault SOAP-INTERNAL-ERROR, nothing of the error leaked", async () => {
      mode = "throw";
      const res = await post(version, envelope(version, frame()));
      expect(res.statusCode).toBe(500);
      expect(parseSoapFault(res.body)?.codes).toEqual(["SOAP-INTERNAL-ERROR"]);
      expect(res.body).not.toContain("exploded");
    });
  });

  it("an unsupported Content-Type → 415 SOAP 1.1 fault", async () => {
    const res = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": "application/json" }, payload: "{}" });
    expect(res.statusCode).toBe(415);
    expect(parseSoapFault(res.body)?.codes).toEqual(["SOAP-CONTENT-TYPE-UNSUPPORTED"]);
  });

  it.each([
    ["an empty body", "XML-MALFORMED", { "content-type": "text/xml" }, "", 500],
    ["no Content-Type", "SOAP-CONTENT-TYPE-UNSUPPORTED", {}, "<x/>", 415],
  ])("%s → fault %s", async (_name, code, headers, payload, status) => {
    const res = await app.inject({ method: "POST", url: "/soap/archive", headers, payload });
    expect(res.statusCode).toBe(status);
    expect(parseSoapFault(res.body)?.codes).toEqual([code]);
  });

  it("WS-Addressing MessageID is echoed as RelatesTo", async () => {
    const header = `<s:Header xmlns:wsa="${NS.wsa}"><wsa:MessageID s:mustUnderstand="true">urn:uuid:abc</wsa:MessageID><wsa:Action>urn:hl7-org:v3:RCMR_IN200002FI01</wsa:Action></s:Header>`;
    const res = await post("1.2", envelope("1.2", buildArchiveRequestFrame(frameInput()), header));
    expect(res.body).toContain("urn:uuid:abc</wsa:RelatesTo>");
  });

  it("serves the WSDL at ?wsdl and ?WSDL with the addresses of the host asked, and its schema", async () => {
    for (const url of ["/soap/archive?wsdl", "/soap/archive?WSDL"]) {
      const res = await app.inject({ method: "GET", url, headers: { host: "sim.example:9999" } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`location="http://sim.example:9999/soap/archive"`);
      expect(res.body).toContain(`location="http://sim.example:9999/soap/validate"`);
    }
    const xsd = await app.inject({ method: "GET", url: "/soap/xsd/hl7-wire.xsd" });
    expect(xsd.statusCode).toBe(200);
    expect(xsd.body).toContain(`name="RCMR_IN200002FI01"`);
    expect((await app.inject({ method: "GET", url: "/soap/xsd/..%2Fwsdl%2Farchive.wsdl" })).statusCode).toBe(404);
  });

  describe("message_log and the inspector", () => {
    let ids: { aa: number; fault: number; ae: number };
    beforeAll(async () => {
      await t.database.db.deleteFrom("message_log").execute();
      await post("1.1", envelope("1.1", buildArchiveRequestFrame(frameInput({ messageId: { root: "1.2.246.10.99990001.60", extension: "log-aa" } }))));
      await post("1.2", envelope("1.2", ""));
      await post("1.1", envelope("1.1", buildArchiveRequestFrame(frameInput({ senderOrganisationOid: ORG_B, usageSituation: "9" }))));
      const rows = await t.database.db.selectFrom("message_log").select(["id", "result"]).orderBy("id").execute();
      ids = { aa: Number(rows[0]!.id), fault: Number(rows[1]!.id), ae: Number(rows[2]!.id) };
    });

    it("writes one row per exchange, faults included, with bodies, hash, summary and findings", async () => {
      const rows = await t.database.db.selectFrom("message_log").selectAll().orderBy("id").execute();
      expect(rows.map((r) => [r.result, r.endpoint, r.sender_oid, r.service_request])).toEqual([
        ["AA", "/soap/archive", ORG_A, "SP1"],
        ["fault", "/soap/archive", null, null],
        ["AE", "/soap/archive", ORG_B, "SP1"],
      ]);
      expect(rows[0]!.message_id).toBe("1.2.246.10.99990001.60:log-aa");
      expect(rows[0]!.interaction).toBe("RCMR_IN200002FI01");
      expect(Buffer.from(rows[0]!.response_body!).toString()).toContain("MCCI_IN000002UV01");
      expect(Buffer.from(rows[0]!.request_sha256!).toString("hex")).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]!.summary).toMatchObject({ soapVersion: "1.1", operation: "store", usageSituation: "1", documentBytes: Buffer.byteLength(CDA), root: "ClinicalDocument" });
      expect(rows[1]!.findings).toEqual([{ code: "SOAP-BODY-EMPTY", location: "/env:Envelope/env:Body", severity: "error" }]);
      expect(rows[2]!.findings).toMatchObject([{ code: "FRAME-USAGE-SITUATION-UNKNOWN", detail: "9" }]);
    });

    it("GET /inspector/api/messages: newest first, filters by sender, result, time and limit", async () => {
      const list = async (q: string) => ((await app.inject({ method: "GET", url: `/inspector/api/messages${q}` })).json() as { messages: { id: number }[] }).messages.map((m) => m.id);
      expect(await list("")).toEqual([ids.ae, ids.fault, ids.aa]);
      expect(await list(`?sender=${ORG_B}`)).toEqual([ids.ae]);
      expect(await list("?result=fault")).toEqual([ids.fault]);
      expect(await list("?limit=2")).toEqual([ids.ae, ids.fault]);
      expect(await list("?from=2026-11-28T10:00:05Z&to=2026-11-28T10:00:05Z")).toHaveLength(3);
      expect(await list("?to=2026-11-28T10:00:04Z")).toEqual([]);
      expect((await app.inject({ method: "GET", url: "/inspector/api/messages?result=maybe" })).statusCode).toBe(400);
      expect((await app.inject({ method: "GET", url: "/inspector/api/messages?from=yesterday" })).statusCode).toBe(400);
      // The HTML form sends every field, empty ones included: empty means no filter.
      expect(await list("?sender=&from=&to=&result=&limit=")).toEqual([ids.ae, ids.fault, ids.aa]);
    });

    it("GET /inspector/api/messages/:id gives the bodies as text; 404 for no such id", async () => {
      const res = await app.inject({ method: "GET", url: `/inspector/api/messages/${ids.aa}` });
      const m = res.json() as { requestBody: string; responseBody: string; result: string };
      expect(m.result).toBe("AA");
      expect(m.requestBody).toContain("RCMR_IN200002FI01");
      expect(m.responseBody).toContain("MCCI_IN000002UV01");
      expect((await app.inject({ method: "GET", url: "/inspector/api/messages/999999" })).statusCode).toBe(404);
    });

    it("GET /inspector: an HTML table with a labelled filter form; values are escaped", async () => {
      const res = await app.inject({ method: "GET", url: `/inspector?sender=${encodeURIComponent(`<script>x</script>`)}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toContain("text/html");
      expect(res.body).toContain(`<label for="sender">`);
      expect(res.body).toContain("&lt;script&gt;x&lt;/script&gt;");
      expect(res.body).not.toContain("<script>x</script>");
      const all = await app.inject({ method: "GET", url: "/inspector" });
      expect(all.body).toContain(`href="/inspector/messages/${ids.ae}"`);
      expect(all.body).toContain("FRAME-USAGE-SITUATION-UNKNOWN");
    });

    it("GET /inspector/messages/:id shows the findings in fi, sv and en and the pretty-printed XML", async () => {
      const res = await app.inject({ method: "GET", url: `/inspector/messages/${ids.ae}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<dd lang="sv">Användningssituationens kod är inget värde`);
      expect(res.body).toContain(`<dd lang="fi">Käyttötilanteen koodi`);
      // Envelope > Body > RCMR_IN200002FI01 > id: indented three levels.
      expect(res.body).toMatch(/\n {6}&lt;id root=&quot;1\.2\.246\.10\.99990001\.60&quot;/);
      expect((await app.inject({ method: "GET", url: "/inspector/messages/999999" })).statusCode).toBe(404);
    });
  });
});

describe("the soap npm package reads the served WSDL and calls the service", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await buildTestApp(t.database, { handleArchiveRequest: testHandler });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => app.close());

  it("createClientAsync(url?wsdl) sees the operation and gets an AA back over SOAP 1.1", async () => {
    const client = await soap.createClientAsync(`${base}/soap/archive?wsdl`);
    const description = client.describe() as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(description)).toEqual(expect.arrayContaining(["ArchiveService", "ValidateService"]));
    expect(Object.keys(description["ArchiveService"]!["ArchiveSoap11Port"]!)).toEqual(["RCMR_IN200002FI01"]);
    const input = frameInput();
    // document/literal: the soap package writes the part element itself; $xml is its content.
    const content = buildArchiveRequestFrame(input).replace(/^<RCMR_IN200002FI01[^>]*>/, "").replace(/<\/RCMR_IN200002FI01>$/, "");
    const [, rawResponse] = (await client.RCMR_IN200002FI01Async({ $xml: content })) as [unknown, string];
    const ack = parseAcknowledgement(rawResponse);
    expect(ack.typeCode).toBe("AA");
    expect(ack.inReplyTo).toEqual(input.messageId);
  });
});

describe("kanta-sim send (sendDocument): exit 0 on AA, 1 on AE/AR, 2 on a fault", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let unconnected: FastifyInstance;
  let base: string;
  let unconnectedBase: string;
  beforeAll(async () => {
    app = await buildTestApp(t.database, { handleArchiveRequest: testHandler });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    // A pipeline that fails: the endpoint must answer with a SOAP Fault, never an acknowledgement.
    unconnected = await buildTestApp(t.database, {
      handleArchiveRequest: async () => {
        throw new Error("pipeline down");
      },
    });
    unconnectedBase = await unconnected.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app.close();
    await unconnected.close();
  });
  const options = (overrides: Partial<SendOptions> = {}): SendOptions => ({ url: "", serviceRequest: "SP1", usageSituation: "1", senderOrg: ORG_A, soap: "1.1", ...overrides });

  it.each(["1.1", "1.2"] as const)("AA over SOAP %s → 0, the document arrives byte for byte", async (version) => {
    calls.length = 0;
    const result = await sendDocument(Buffer.from(CDA), options({ url: base, soap: version, messageId: "cli-1", serviceUnit: "1.2.246.10.99990001.10.101" }));
    expect(result).toEqual({ exitCode: 0, output: `AA accepted — message ${ORG_A}:cli-1` });
    expect(Buffer.from(calls[0]!.frame.document).toString()).toBe(CDA);
    expect(calls[0]!.frame.actor.serviceUnitOid).toBe("1.2.246.10.99990001.10.101");
  });

  it("validate → /soap/validate", async () => {
    calls.length = 0;
    expect((await sendDocument(Buffer.from(CDA), options({ url: base, validateOnly: true }))).exitCode).toBe(0);
    expect(calls[0]!.context.validateOnly).toBe(true);
  });

  it("AE → 1 with the finding in three languages", async () => {
    const result = await sendDocument(Buffer.from(CDA), options({ url: base, serviceRequest: "SP77" }));
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain("error FRAME-SERVICE-REQUEST-UNKNOWN at /hl7:RCMR_IN200002FI01/hl7:controlActProcess/hl7:reasonCode[1]/@code");
    expect(result.output).toContain("sv: Tjänstebegärans kod är okänd. — SP77");
  });

  it("the real `kanta-sim send` process: exit 0 on AA, 1 on AE, readable summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kanta-sim-send-"));
    const file = join(dir, "signed-doc.xml");
    writeFileSync(file, CDA);
    try {
      const args = ["send", "--url", base, "--sender-org", ORG_A, "--soap", "1.2", "--message-id", "proc-1"];
      const ok = await runCli([...args, file]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`AA accepted — message ${ORG_A}:proc-1`);
      const refused = await runCli([...args, "--usage-situation", "5", file]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain("error FRAME-USAGE-SITUATION-UNKNOWN");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a SOAP fault → 2; no server → 2", async () => {
    const fault = await sendDocument(Buffer.from(CDA), options({ url: unconnectedBase }));
    expect(fault.exitCode).toBe(2);
    expect(fault.output).toContain("SOAP-INTERNAL-ERROR");
    const port = new URL(unconnectedBase).port;
    await unconnected.close();
    const none = await sendDocument(Buffer.from(CDA), options({ url: `http://127.0.0.1:${port}` }));
    expect(none.exitCode).toBe(2);
    expect(none.output).toMatch(/^no answer from/);
  });
});
