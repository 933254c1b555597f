/**
 * Generated malformed and hostile messages for the fuzzing family (issue #9): mutations of the valid
 * samples in hl7/samples/valid and fast-check-generated input, in named families. Deterministic for
 * a seed, so a failing case can be replayed (`fuzzCases({ seed, count })[i]`).
 *
 * Every case must be answered with a SOAP Fault or an AE/AR acknowledgement (`expect: "soap"`), or,
 * on the JSON validation endpoint, a 4xx JSON answer or a refusing result (`expect: "json-4xx"`); none may store anything.
 * The archive the cases are sent to must already hold the valid samples (sendValidSamples), so that a
 * mutation that leaves a store request intact is refused as a duplicate instead of stored.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { readSampleManifest, SAMPLES_DIR, type SampleEntry } from "../../../src/samples/generate.js";
import { signCdaDocument } from "../../../src/signature/sign.js";
import { contentTypeOf } from "../../../src/soap/envelope.js";
import { storeRequest, testSigner } from "./wire.js";

export const FAMILIES = [
  "mutation",
  "broken-xml",
  "deep-nesting",
  "huge-attribute",
  "wrong-namespace",
  "truncated-base64",
  "invalid-json",
  "invalid-utf8",
  "oversize",
  "xxe",
  "billion-laughs",
  "soap-confusion",
  "random-bytes",
  "random-xml",
  "invalid-sample",
] as const;
export type Family = (typeof FAMILIES)[number];

export interface FuzzCase {
  family: Family;
  name: string;
  path: "/soap/archive" | "/soap/validate" | "/validate";
  contentType: string | undefined;
  body: Buffer;
  expect: "soap" | "json-4xx";
}

/** A small seeded PRNG (mulberry32): the same seed gives the same cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

interface Base {
  file: string;
  envelope: string;
  contentType: string;
  soapVersion: "1.1" | "1.2";
  /** The signed CDA document inside, and the same without its signature. */
  document: string;
  unsigned: string;
}

let cachedBases: Base[] | undefined;
/** The valid samples, in manifest order. */
export function validSamples(): (SampleEntry & { content: string })[] {
  return readSampleManifest()
    .filter((e) => e.file.startsWith("valid/"))
    .map((e) => ({ ...e, content: readFileSync(join(SAMPLES_DIR, e.file), "utf8") }));
}

function bases(): Base[] {
  cachedBases ??= validSamples().map((e) => {
    const base64 = /<text[^>]*representation="B64"[^>]*>([^<]+)<\/text>/.exec(e.content)![1]!;
    const document = Buffer.from(base64.replace(/\s+/g, ""), "base64").toString("utf8");
    const unsigned = document.replace(/<hl7fi:signatures[\s\S]*<\/hl7fi:signatures>/, "");
    return { file: e.file, envelope: e.content, contentType: e.contentType, soapVersion: e.soapVersion, document, unsigned };
  });
  return cachedBases;
}

const HOSTILE_BYTES = [0x3c, 0x26, 0x00, 0xff, 0xfe, 0xc3, 0x80, 0x1b, 0x3e, 0x22, 0x27, 0x5d];

function mutate(rnd: ReturnType<typeof prng>, input: Buffer): { bytes: Buffer; what: string } {
  const bytes = Buffer.from(input);
  const at = rnd.int(bytes.length);
  switch (rnd.int(5)) {
    case 0: {
      const b = rnd.pick(HOSTILE_BYTES);
      return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from([b]), bytes.subarray(at)]), what: `insert 0x${b.toString(16)} at ${at}` };
    }
    case 1: {
      const n = 1 + rnd.int(64);
      return { bytes: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + n)]), what: `delete ${n} at ${at}` };
    }
    case 2: {
      const n = 1 + rnd.int(256);
      return { bytes: Buffer.concat([bytes.subarray(0, at + n), bytes.subarray(at, at + n), bytes.subarray(at + n)]), what: `duplicate ${n} at ${at}` };
    }
    case 3: {
      // A structural character replaced by another structural one.
      const structural = [...bytes.keys()].filter((i) => [0x3c, 0x3e, 0x22, 0x2f, 0x3d].includes(bytes[i]!));
      const i = structural[rnd.int(structural.length)]!;
      const b = rnd.pick([0x3c, 0x3e, 0x22, 0x2f, 0x3d, 0x20].filter((x) => x !== bytes[i]));
      bytes[i] = b;
      return { bytes, what: `structural byte at ${i} → 0x${b.toString(16)}` };
    }
    default: {
      const n = 1 + rnd.int(16);
      for (let k = 0; k < n; k++) bytes[rnd.int(bytes.length)] = rnd.int(256);
      return { bytes, what: `${n} random bytes` };
    }
  }
}

/** A store request around a document that is re-signed after the change (so the check after the signature is reached). */
function resigned(document: string, soapVersion: "1.1" | "1.2" = "1.1"): Buffer {
  let signed: string;
  try {
    signed = signCdaDocument(document, testSigner());
  } catch {
    signed = document; // not signable (not XML): sent unsigned
  }
  return Buffer.from(storeRequest(signed, { soapVersion }).body);
}

/** Replaces the base64 document of an envelope with other bytes. */
function withDocumentBytes(envelope: string, bytes: Buffer | string): string {
  const b64 = Buffer.isBuffer(bytes) ? bytes.toString("base64") : bytes;
  return envelope.replace(/(<text[^>]*representation="B64"[^>]*>)[^<]+(<\/text>)/, `$1${b64}$2`);
}

function nested(depth: number, name = "x"): string {
  return `<${name}>`.repeat(depth) + `</${name}>`.repeat(depth);
}

/**
 * `count` cases, spread over the families (round robin, so every family is in every prefix).
 * `bodyLimit` is the server's MAX_BODY_BYTES (oversize cases exceed it; other cases stay below).
 */
export function fuzzCases(options: { seed: number; count: number; bodyLimit: number }): FuzzCase[] {
  return [...fuzzCaseStream(options)];
}

/** The same cases one at a time (the full run's large bodies are not all held in memory at once). */
export function* fuzzCaseStream(options: { seed: number; count: number; bodyLimit: number }): Generator<FuzzCase> {
  const rnd = prng(options.seed);
  const all = bases();
  const invalidSamples = readSampleManifest().filter((e) => e.file.startsWith("invalid/") && !e.padToBytes);
  const randomBytes = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 4096 }), { seed: options.seed, numRuns: Math.ceil(options.count / FAMILIES.length) + 1 });
  const randomXml = fc.sample(
    fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.string({ maxLength: 20 }).map((s) => s.replace(/[<&]/g, "")),
        fc.tuple(fc.constantFrom("a", "Envelope", "Body", "Header", "RCMR_IN200002FI01", "id", "text", "ClinicalDocument", "ds:Signature", "soap:Body"), fc.array(tie("node"), { maxLength: 4 }), fc.dictionary(fc.constantFrom("root", "extension", "xmlns", "xmlns:soap", "code", "representation", "mediaType"), fc.string({ maxLength: 40 }).map((s) => s.replace(/["<&]/g, "")), { maxKeys: 3 }))
          .map(([name, children, attributes]) => `<${name}${Object.entries(attributes).map(([k, v]) => ` ${k}="${v}"`).join("")}>${children.join("")}</${name}>`),
      ),
    })).node,
    { seed: options.seed + 1, numRuns: Math.ceil(options.count / FAMILIES.length) + 1 },
  );
  const cases: FuzzCase[] = [];
  let produced = 0;
  const soap = (family: Family, name: string, body: Buffer | string, contentType: string | undefined = contentTypeOf("1.1"), path: FuzzCase["path"] = "/soap/archive"): FuzzCase => ({
    family,
    name,
    path,
    contentType,
    body: Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8"),
    expect: "soap",
  });

  for (let i = 0; produced < options.count; i++) {
    const family = FAMILIES[i % FAMILIES.length]!;
    const round = Math.floor(i / FAMILIES.length);
    const base = rnd.pick(all);
    const path: FuzzCase["path"] = rnd.int(5) === 0 ? "/soap/validate" : "/soap/archive";
    switch (family) {
      case "mutation": {
        const { bytes, what } = mutate(rnd, Buffer.from(base.envelope));
        cases.push(soap(family, `${base.file}: ${what}`, bytes, base.contentType, path));
        break;
      }
      case "broken-xml": {
        const variants = [
          () => base.envelope.slice(0, rnd.int(base.envelope.length)),
          () => base.envelope.replace(/<\/[A-Za-z:]+>/, ""),
          () => base.envelope.replace(/<\/([A-Za-z:]+)>/, "</$1x>"),
          () => base.envelope.replace(/ xmlns(:\w+)?="[^"]*"/, ""),
          () => base.envelope.replace(/="/, "="),
          () => base.envelope.replace(/<soap:Body>|<env:Body>|<(\w+):Body>/, "$&<![CDATA["),
          () => base.envelope.replace(/>/, ">\u0001"),
          () => base.envelope + "<trailing/>",
          () => `<?xml version="1.0"?>${base.envelope}`,
          () => withDocumentBytes(base.envelope, Buffer.from(base.document.slice(0, rnd.int(base.document.length)))),
        ];
        const k = rnd.int(variants.length);
        cases.push(soap(family, `${base.file}: variant ${k}`, variants[k]!(), base.contentType, path));
        break;
      }
      case "deep-nesting": {
        const depth = rnd.pick([100, 300, 1000, 5000, 20000]);
        const k = rnd.int(3);
        if (k === 0) cases.push(soap(family, `envelope body nested ${depth}`, base.envelope.replace(/(<\w+:Body[^>]*>)/, `$1${nested(depth).slice(0, depth * 3)}`).replace(/(<\/\w+:Body>)/, `${"</x>".repeat(depth)}$1`), base.contentType, path));
        else if (k === 1) cases.push(soap(family, `document nested ${depth} (re-signed)`, resigned(base.unsigned.replace(/<\/ClinicalDocument>\s*$/, `${nested(depth, "hl7fi:x")}</ClinicalDocument>`)), contentTypeOf("1.1"), path));
        else cases.push(soap(family, `document base64 nested ${depth} (unsigned)`, withDocumentBytes(base.envelope, Buffer.from(nested(depth, "ClinicalDocument"))), base.contentType, path));
        break;
      }
      case "huge-attribute": {
        const size = Math.min(rnd.pick([10_000, 100_000, 500_000, 1_000_000]), options.bodyLimit - base.envelope.length * 2 - 1024);
        const value = "A".repeat(Math.max(1000, size));
        const k = rnd.int(3);
        if (k === 0) cases.push(soap(family, `envelope attribute ${value.length}`, base.envelope.replace(/<(\w+):Envelope /, `<$1:Envelope huge="${value}" `), base.contentType, path));
        else if (k === 1) cases.push(soap(family, `frame id extension ${value.length}`, base.envelope.replace(/extension="[^"]*"/, `extension="${value}"`), base.contentType, path));
        else cases.push(soap(family, `document attribute ${value.length} (re-signed)`, resigned(base.unsigned.replace(/<ClinicalDocument /, `<ClinicalDocument huge="${value}" `)), contentTypeOf("1.1"), path));
        break;
      }
      case "wrong-namespace": {
        const ns = rnd.pick(["http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope", "urn:hl7-org:v3", "urn:hl7finland", "http://example.com/evil", "", "urn:hl7-org:v2"]);
        const targets = [/xmlns(:\w+)?="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"/, /xmlns(:\w+)?="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope"/, /xmlns(:\w+)?="urn:hl7-org:v3"/];
        const target = rnd.pick(targets);
        if (rnd.int(3) === 0) {
          cases.push(soap(family, `document namespace → ${ns || "(none)"} (re-signed)`, resigned(base.unsigned.replace(/xmlns="urn:hl7-org:v3"/, `xmlns="${ns}"`)), contentTypeOf("1.1"), path));
        } else {
          cases.push(soap(family, `${String(target)} → ${ns || "(none)"}`, base.envelope.replace(target, (m) => m.replace(/"[^"]*"$/, `"${ns}"`)), base.contentType, path));
        }
        break;
      }
      case "truncated-base64": {
        const b64 = Buffer.from(base.document).toString("base64");
        const cut = 1 + rnd.int(b64.length - 2);
        const variants = [b64.slice(0, cut), b64.slice(cut), b64.slice(0, cut) + "=" + b64.slice(cut), b64.replace(/=+$/, ""), b64.slice(0, cut - (cut % 4)), `${b64.slice(0, cut)}*${b64.slice(cut)}`];
        const k = rnd.int(variants.length);
        cases.push(soap(family, `${base.file}: base64 variant ${k} at ${cut}`, withDocumentBytes(base.envelope, variants[k]!), base.contentType, path));
        break;
      }
      case "invalid-json": {
        const broken = rnd.pick(['{"a":', "{'a':1}", '{"a":1,}', "[1,2", '{"a":"\\u00"}', "NaN", '{"a":1}}', "\u0000", '{"siirtokehysXml":', '{"siirtokehysXml": 5}', "null", '{"siirtokehysXml":"<a"}']);
        const k = rnd.int(3);
        if (k === 0) {
          cases.push({ family, name: `POST /validate ${JSON.stringify(broken)}`, path: "/validate", contentType: "application/json", body: Buffer.from(broken), expect: "json-4xx" });
        } else if (k === 1) {
          cases.push(soap(family, `JSON to the SOAP endpoint ${JSON.stringify(broken)}`, broken, rnd.pick(["application/json", contentTypeOf("1.1")]), path));
        } else {
          // A structured-content document whose JSON body is broken, re-signed.
          const withJson = all.find((b) => /<hl7fi:json [^>]*>/.test(b.unsigned)) ?? base;
          const json = Buffer.from(broken).toString("base64");
          cases.push(soap(family, `document JSON body ${JSON.stringify(broken)} (re-signed)`, resigned(withJson.unsigned.replace(/(<hl7fi:json [^>]*>)[^<]*/, `$1${json}`)), contentTypeOf("1.1"), path));
        }
        break;
      }
      case "invalid-utf8": {
        const bad = rnd.pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]);
        const bytes = Buffer.from(base.envelope);
        const at = base.envelope.indexOf(">", rnd.int(base.envelope.length - 10)) + 1 || 60;
        if (rnd.int(2) === 0) cases.push(soap(family, `envelope bytes ${bad.join(",")} at ${at}`, Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]), base.contentType, path));
        else {
          const doc = Buffer.from(base.document);
          const dat = base.document.indexOf(">", rnd.int(base.document.length - 10)) + 1 || 60;
          cases.push(soap(family, `document bytes ${bad.join(",")} at ${dat}`, withDocumentBytes(base.envelope, Buffer.concat([doc.subarray(0, dat), Buffer.from(bad), doc.subarray(dat)])), base.contentType, path));
        }
        break;
      }
      case "oversize": {
        const over = options.bodyLimit + 1 + rnd.int(64 * 1024);
        const closing = base.envelope.lastIndexOf("</");
        cases.push(soap(family, `${over} bytes (limit ${options.bodyLimit})`, base.envelope.slice(0, closing) + " ".repeat(over - base.envelope.length) + base.envelope.slice(closing), base.contentType, path));
        break;
      }
      case "xxe": {
        const target = rnd.pick(["file:///etc/passwd", "http://127.0.0.1:1/evil", "file:///dev/random", "expect://id"]);
        const doctype = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "${target}">]>`;
        const k = rnd.int(3);
        if (k === 0) cases.push(soap(family, `envelope DOCTYPE SYSTEM ${target}`, base.envelope.replace(/^<\?xml[^>]*>/, doctype).replace(/(<\w+:Body[^>]*>)/, "$1&xxe;"), base.contentType, path));
        else if (k === 1) cases.push(soap(family, `document DOCTYPE SYSTEM ${target} (re-signed)`, resigned(base.unsigned.replace(/^(<\?xml[^>]*>)?/, doctype).replace(/<title>/, "<title>&xxe;")), contentTypeOf("1.1"), path));
        else cases.push(soap(family, `parameter entity ${target}`, base.envelope.replace(/^<\?xml[^>]*>/, `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "${target}"> %p;]>`), base.contentType, path));
        break;
      }
      case "billion-laughs": {
        const levels = 3 + rnd.int(8);
        let dtd = '<!ENTITY l0 "lol">';
        for (let l = 1; l <= levels; l++) dtd += `<!ENTITY l${l} "${`&l${l - 1};`.repeat(10)}">`;
        const doctype = `<?xml version="1.0"?><!DOCTYPE lolz [${dtd}]>`;
        if (rnd.int(2) === 0) cases.push(soap(family, `envelope ${levels} levels`, base.envelope.replace(/^<\?xml[^>]*>/, doctype).replace(/(<\w+:Body[^>]*>)/, `$1&l${levels};`), base.contentType, path));
        else cases.push(soap(family, `document ${levels} levels (re-signed)`, resigned(base.unsigned.replace(/^(<\?xml[^>]*>)?/, doctype).replace(/<title>/, `<title>&l${levels};`)), contentTypeOf("1.1"), path));
        break;
      }
      case "soap-confusion": {
        const env11 = all.find((b) => b.soapVersion === "1.1")!.envelope;
        const env12 = all.find((b) => b.soapVersion === "1.2")!.envelope;
        const variants: [string, string, string | undefined][] = [
          ["1.2 envelope as text/xml", env12, "text/xml; charset=utf-8"],
          ["1.1 envelope as application/soap+xml", env11, "application/soap+xml; charset=utf-8"],
          ["1.1 Envelope with a 1.2 Body", env11.replace(/<(\w+):Body>/, '<b12:Body xmlns:b12="http://www.w3.org/2003/05/soap-envelope">').replace(/<\/(\w+):Body>/, "</b12:Body>"), contentTypeOf("1.1")],
          ["no Content-Type", env11, undefined],
          ["text/plain", env11, "text/plain"],
          ["multipart without parts", env11, "multipart/related; boundary=x"],
          ["two Bodies", env11.replace(/(<(\w+):Body>[\s\S]*<\/\2:Body>)/, "$1$1"), contentTypeOf("1.1")],
          ["Header after Body", env11.replace(/(<\/\w+:Body>)/, '$1<soap:Header xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>'), contentTypeOf("1.1")],
          ["empty Body", env11.replace(/(<(\w+):Body>)[\s\S]*(<\/\2:Body>)/, "$1$3"), contentTypeOf("1.1")],
          ["mustUnderstand header", env12.replace(/(<(\w+):Envelope[^>]*>)/, '$1<$2:Header><x:Security xmlns:x="urn:x" $2:mustUnderstand="true"/></$2:Header>'), contentTypeOf("1.2")],
          ["SOAP 1.2 action parameter mismatch", env12, 'application/soap+xml; charset=utf-8; action="urn:evil"'],
          ["charset mismatch (UTF-16 declared)", env11, "text/xml; charset=utf-16"],
          ["Envelope of an unknown version", env11.replace(/http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\//g, "http://schemas.xmlsoap.org/soap/envelope/v3"), contentTypeOf("1.1")],
          ["unknown payload", env11.replace(/RCMR_IN200002FI01/g, "RCMR_IN999999FI01"), contentTypeOf("1.1")],
          ["query payload to the store endpoint in 1.2 confusion", env12.replace(/RCMR_IN200002FI01/g, "RCMR_IN100016FI01"), contentTypeOf("1.1")],
        ];
        const [name, body, contentType] = variants[(round + rnd.int(variants.length)) % variants.length]!;
        cases.push(soap(family, name, body, contentType, path));
        break;
      }
      case "random-bytes": {
        const bytes = Buffer.from(randomBytes[round % randomBytes.length]!);
        cases.push(soap(family, `${bytes.length} random bytes`, bytes, rnd.pick([contentTypeOf("1.1"), contentTypeOf("1.2"), "application/octet-stream", undefined]), path));
        break;
      }
      case "random-xml": {
        const xml = randomXml[round % randomXml.length]!;
        const inBody = rnd.int(2) === 0;
        const body = inBody ? `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${xml}</soap:Body></soap:Envelope>` : xml;
        cases.push(soap(family, `${inBody ? "in a SOAP Body: " : ""}${xml.slice(0, 60)}`, body, contentTypeOf("1.1"), path));
        break;
      }
      case "invalid-sample": {
        const entry = invalidSamples[round % invalidSamples.length]!;
        cases.push(soap(family, entry.file, readFileSync(join(SAMPLES_DIR, entry.file)), entry.contentType, path));
        break;
      }
    }
    for (const c of cases.splice(0)) {
      if (produced >= options.count) return;
      produced++;
      yield c;
    }
  }
}

/** How a fuzz answer is judged: undefined when it is an acceptable refusal, else what is wrong. */
export function judge(fuzzCase: FuzzCase, status: number, text: string, classify: (status: number, text: string) => { kind: string; typeCode?: string }): string | undefined {
  if (fuzzCase.expect === "json-4xx") {
    let json: { result?: unknown };
    try {
      json = JSON.parse(text) as { result?: unknown };
    } catch {
      return `HTTP ${status} but not JSON: ${text.slice(0, 100)}`;
    }
    // The validation service answers a readable request with 200 and its findings (result fault/AE/AR).
    if (status >= 400 && status < 500) return undefined;
    if (status === 200 && ["fault", "AE", "AR"].includes(String(json.result))) return undefined;
    return `expected a 4xx answer or a refusing result, got HTTP ${status} result ${String(json.result)}`;
  }
  const answer = classify(status, text);
  if (answer.kind === "fault") return undefined;
  if (answer.kind === "ack" && (answer.typeCode === "AE" || answer.typeCode === "AR")) return undefined;
  // A mutation that leaves a stored sample's message intact (same message id, same document bytes) is a
  // replay: DESIGN §6 answers it with the same AA and stores nothing — the callers check the version count.
  if (answer.kind === "ack" && answer.typeCode === "AA" && fuzzCase.path === "/soap/archive") return undefined;
  return `expected a SOAP Fault or AE/AR, got ${answer.kind}${answer.typeCode ? ` ${answer.typeCode}` : ""} (HTTP ${status}): ${text.slice(0, 200)}`;
}
