/**
 * Operational hardening (issue #9, src/hardening): body limit, request timeout, rate limit per sender,
 * admin and test-only endpoints off unless enabled, TLS and mutual TLS (the client certificate's
 * organisation is the sending organisation, checked against the frame's sender and the system
 * signature's organisation). Real sockets and the committed test PKI (certs/test); TLS server
 * certificates are issued from the test root CA with node-forge (src/signature/pki.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { hardeningPlugin } from "../../src/hardening/plugin.js";
import { listenTls, tlsFilesOf } from "../../src/hardening/tls.js";
import { signedScenario } from "../../src/samples/generate.js";
import { issueOtherCertificate, keyedCertificateFromPem } from "../../src/signature/pki.js";
import { parseSoapFault } from "../../src/soap/envelope.js";
import { startServerProcess } from "../../scripts/reliability/lib/server.js";
import { classifyAnswer, freshIds, ROOT, storeRequest } from "../../scripts/reliability/lib/wire.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

const PKI = join(ROOT, "certs", "test");
const ORG1 = "1.2.246.10.99990001.10.0";
const ORG3 = "1.2.246.10.99990003.10.0";
const pem = (name: string) => readFileSync(join(PKI, name), "utf8");
const faultCodes = (body: string) => parseSoapFault(body)?.codes ?? [];

describe("body limit and request timeout", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: URL;
  beforeAll(async () => {
    app = await buildApp(testConfig({ maxBodyBytes: 64 * 1024, requestTimeoutMs: 800 }), { database: t.database });
    url = new URL(await app.listen({ port: 0, host: "127.0.0.1" }));
  });
  afterAll(async () => app?.close());

  it("a body over MAX_BODY_BYTES gets the SOAP Fault SOAP-BODY-TOO-LARGE (413)", async () => {
    const response = await fetch(`${url.origin}/soap/archive`, { method: "POST", headers: { "content-type": "text/xml" }, body: `<x>${"a".repeat(100 * 1024)}</x>` });
    expect(response.status).toBe(413);
    expect(faultCodes(await response.text())).toEqual(["SOAP-BODY-TOO-LARGE"]);
  });

  it("a client that does not finish its request within REQUEST_TIMEOUT_MS gets 408 and the connection is closed", async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), "127.0.0.1", () => {
        // Headers promise 1000 bytes; only 10 ever come (slowloris).
        socket.write("POST /soap/archive HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<Envelope>");
      });
      let data = "";
      socket.on("data", (d) => (data += d.toString()));
      socket.on("close", () => resolve(data));
      socket.on("error", reject);
      setTimeout(() => {
        socket.destroy();
        reject(new Error(`no timeout after 20 s; got ${data}`));
      }, 20_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 30_000);
});

describe("rate limit per sender (RATE_LIMIT_PER_MINUTE, off by default)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig({ rateLimitPerMinute: 3 }), { database: t.database });
  });
  afterAll(async () => app?.close());

  it("the 4th request of a sender within a minute gets the SOAP Fault HARDEN-RATE-LIMITED (429, Retry-After); another sender and /health are not limited", async () => {
    const post = (remoteAddress: string) => app.inject({ method: "POST", url: "/soap/archive", remoteAddress, headers: { "content-type": "text/xml" }, payload: "<broken" });
    for (let i = 0; i < 3; i++) expect(faultCodes((await post("10.0.0.1")).body)).not.toContain("HARDEN-RATE-LIMITED");
    const limited = await post("10.0.0.1");
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(faultCodes(limited.body)).toEqual(["HARDEN-RATE-LIMITED"]);
    expect(faultCodes((await post("10.0.0.2")).body)).not.toContain("HARDEN-RATE-LIMITED");
    expect((await app.inject({ method: "GET", url: "/health", remoteAddress: "10.0.0.1" })).statusCode).toBe(200);
    const json = await app.inject({ method: "GET", url: "/mittkanta/api/openapi.json", remoteAddress: "10.0.0.1" });
    expect([json.statusCode, json.json().error]).toEqual([429, "HARDEN-RATE-LIMITED"]);
  });

  it("the window is one minute: the sender may send again after it (injected time)", async () => {
    let now = 0;
    const bare = Fastify();
    await bare.register(hardeningPlugin, { requestTimeoutMs: 0, rateLimitPerMinute: 1, now: () => now });
    bare.get("/x", async () => "ok");
    expect((await bare.inject({ url: "/x" })).statusCode).toBe(200);
    expect((await bare.inject({ url: "/x" })).statusCode).toBe(429);
    now += 60_000;
    expect((await bare.inject({ url: "/x" })).statusCode).toBe(200);
    await bare.close();
  });

  it("off by default: 0 means no limit", async () => {
    const unlimited = await buildApp(testConfig(), { database: t.database });
    for (let i = 0; i < 20; i++) expect((await unlimited.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": "text/xml" }, payload: "<broken" })).statusCode).not.toBe(429);
    await unlimited.close();
  });
});

describe("admin and test-only endpoints are off unless enabled", () => {
  const t = useTestDatabase();
  it("ENABLE_ADMIN, ENABLE_TEST_CLOCK and MITTKANTA_EXPLAIN off (the defaults): 404 / header ignored / MK-EXPLAIN-OFF; on: served", async () => {
    const off = await buildApp(testConfig({ enableAdmin: false, enableTestClock: false, mittkantaExplain: false }), { database: t.database });
    const on = await buildApp(testConfig({ enableAdmin: true, enableTestClock: true, mittkantaExplain: true }), { database: t.database });
    try {
      for (const url of ["/admin/api/clock", "/admin/api/export/sosdata", "/admin/api/usage-log"]) {
        expect((await off.inject({ url })).statusCode, url).toBe(404);
      }
      expect((await on.inject({ url: "/admin/api/clock" })).statusCode).toBe(200);
      // An invalid test-clock header is refused only where the header is honoured.
      const header = { "x-kanta-sim-now": "not-a-date" };
      expect((await off.inject({ url: "/health", headers: header })).statusCode).toBe(200);
      expect((await on.inject({ url: "/health", headers: header })).statusCode).toBe(400);
      const explain = async (app: FastifyInstance) => {
        const token = (await app.inject({ method: "POST", url: "/mittkanta/api/session", payload: { personId: "140375-921H" } })).json<{ token: string }>().token;
        return app.inject({ url: "/mittkanta/api/people/140375-921H/explain", headers: { authorization: `Bearer ${token}` } });
      };
      const offExplain = await explain(off);
      expect(offExplain.statusCode).toBeGreaterThanOrEqual(400);
      expect(offExplain.json()).toMatchObject({ error: "MK-EXPLAIN-OFF" });
      expect((await explain(on)).statusCode).toBe(200);
    } finally {
      await off.close();
      await on.close();
    }
  });
});

describe("TLS and mutual TLS (TLS_CERT, TLS_KEY, TLS_CLIENT_CA)", () => {
  const t = useTestDatabase();
  let dir: string;
  let files: { cert: string; key: string; clientCa: string };
  const root = () => pem("root-ca.pem");

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kanta-sim-tls-"));
    const ca = keyedCertificateFromPem(root(), pem("root-ca.test-key.pem"));
    const server = issueOtherCertificate(ca, "127.0.0.1");
    files = { cert: join(dir, "server.pem"), key: join(dir, "server.key"), clientCa: join(dir, "client-ca.pem") };
    writeFileSync(files.cert, server.certPem);
    writeFileSync(files.key, server.keyPem);
    writeFileSync(files.clientCa, root());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  type Answer = { status: number; body: string };
  const call = (base: string, path: string, options: { method?: string; body?: string; client?: string; contentType?: string } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const u = new URL(path, base);
      const req = httpsRequest(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: options.method ?? "GET",
          ca: root(),
          checkServerIdentity: () => undefined,
          ...(options.client ? { cert: pem(`signers/${options.client}.pem`), key: pem(`signers/${options.client}.test-key.pem`) } : {}),
          headers: options.body ? { "content-type": options.contentType ?? "text/xml; charset=utf-8" } : {},
        },
        (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end(options.body);
    });

  it("TLS_CERT without TLS_KEY (or TLS_CLIENT_CA alone) is a configuration error", () => {
    expect(() => tlsFilesOf({ tlsCert: "a", tlsKey: undefined, tlsClientCa: undefined })).toThrow(/TLS_CERT and TLS_KEY/);
    expect(() => tlsFilesOf({ tlsCert: undefined, tlsKey: undefined, tlsClientCa: "c" })).toThrow(/TLS_CLIENT_CA/);
    expect(tlsFilesOf({ tlsCert: undefined, tlsKey: undefined, tlsClientCa: undefined })).toBeUndefined();
  });

  it("TLS: HTTPS answers; plain HTTP to the same port does not get the app", async () => {
    const app = await buildApp(testConfig(), { database: t.database });
    try {
      const { url } = await listenTls(app, { cert: files.cert, key: files.key }, { port: 0, host: "127.0.0.1", requestTimeoutMs: 5000 });
      expect((await call(url, "/health")).status).toBe(200);
      const plain = await fetch(url.replace("https:", "http:") + "/health").then((r) => r.status).catch(() => "refused");
      expect(plain).not.toBe(200);
    } finally {
      await app.close();
    }
  });

  describe("mutual TLS", () => {
    let app: FastifyInstance;
    let url: string;
    beforeAll(async () => {
      app = await buildApp(testConfig(), { database: t.database });
      url = (await listenTls(app, files, { port: 0, host: "127.0.0.1", requestTimeoutMs: 5000 })).url;
    });
    afterAll(async () => app?.close());

    it("a client without a certificate does not get through the handshake", async () => {
      await expect(call(url, "/health")).rejects.toThrow();
    });

    it("the client certificate's organisation sends: AA when frame and signature are that organisation's", async () => {
      const kr = signedScenario(freshIds("31"))[0]!;
      const answer = await call(url, "/soap/archive", { method: "POST", body: storeRequest(kr.document).body, client: `system-${ORG1}` });
      expect(classifyAnswer(answer.status, answer.body)).toMatchObject({ kind: "ack", typeCode: "AA" });
    });

    it("a frame whose sender is another organisation than the certificate's: HARDEN-TLS-SENDER-MISMATCH (403)", async () => {
      const kr = signedScenario(freshIds("32"))[0]!;
      const answer = await call(url, "/soap/archive", { method: "POST", body: storeRequest(kr.document, { senderOrganisationOid: ORG3 }).body, client: `system-${ORG1}` });
      expect(answer.status).toBe(403);
      expect(faultCodes(answer.body)).toEqual(["HARDEN-TLS-SENDER-MISMATCH"]);
    });

    it("a document system-signed by another organisation than the certificate's: HARDEN-TLS-SIGNATURE-ORGANISATION-MISMATCH (403)", async () => {
      const kr = signedScenario(freshIds("33"))[0]!; // signed with ORG1's system certificate
      const answer = await call(url, "/soap/archive", { method: "POST", body: storeRequest(kr.document, { senderOrganisationOid: ORG3 }).body, client: `system-${ORG3}` });
      expect(answer.status).toBe(403);
      expect(faultCodes(answer.body)).toEqual(["HARDEN-TLS-SIGNATURE-ORGANISATION-MISMATCH"]);
    });

    it("a client certificate that names no organisation (a professional's): HARDEN-TLS-CLIENT-ORGANISATION-UNKNOWN (403)", async () => {
      const answer = await call(url, "/soap/archive", { method: "POST", body: "<x/>", client: "professional-sara-socionom" });
      expect(answer.status).toBe(403);
      expect(faultCodes(answer.body)).toEqual(["HARDEN-TLS-CLIENT-ORGANISATION-UNKNOWN"]);
    });
  });

  // A real process start (seconds): in `npm test`, not in the < 60 s `npm run reliability -- --quick`.
  it.skipIf(Boolean(process.env.RELIABILITY_QUICK))("`kanta-sim serve` with TLS_CERT/TLS_KEY serves HTTPS", async () => {
    // The listener is what is tested here, so an in-memory database whatever the suite's backend.
    const server = await startServerProcess({ DATA_DIR: "memory://", DATABASE_URL: "", TLS_CERT: files.cert, TLS_KEY: files.key });
    try {
      expect(server.url).toMatch(/^https:/);
      expect(JSON.parse((await call(server.url, "/health")).body)).toMatchObject({ status: "ok" });
    } finally {
      await server.kill("SIGTERM");
    }
  }, 150_000);
});
