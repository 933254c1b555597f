/**
 * Safe XML parsing for untrusted input (vendor documents and frames).
 *
 * Two passes, both linear in the input and free of recursion:
 *  1. a cheap pre-scan over the text that refuses what xmldom would accept or spend resources on:
 *     any DOCTYPE (so every entity declaration: XXE, billion laughs), characters XML 1.0 forbids,
 *     element depth, attributes per element and attribute value length;
 *  2. @xmldom/xmldom (the DOM xml-crypto and xpath use) with every warning and error made fatal —
 *     xmldom is lenient by default and would otherwise "repair" malformed input.
 */
import { DOMParser, type Document } from "@xmldom/xmldom";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";

export interface XmlLimits {
  /** Total size of the document in bytes (UTF-8). */
  maxBytes: number;
  /** Deepest element nesting; the root element is depth 1. */
  maxDepth: number;
  maxAttributesPerElement: number;
  /** Longest attribute value, in characters as written (before entity expansion). */
  maxAttributeValueLength: number;
  /**
   * Most elements in one document. xmldom builds a DOM of ~1 KB per element and takes seconds for a
   * few hundred thousand; a real CDA document has a few thousand (a PDF is one text node).
   */
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxDepth: 64,
  maxAttributesPerElement: 64,
  maxAttributeValueLength: 64 * 1024,
  maxElements: 50_000,
});

export type SafeParseResult = { ok: true; document: Document } | { ok: false; findings: Finding[] };

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Characters XML 1.0 forbids anywhere in a document (xmldom lets them through). */
/** A UTF-16 surrogate without its pair: not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const FORBIDDEN_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function parseXmlSafely(input: Uint8Array | string, limits: Partial<XmlLimits> = {}): SafeParseResult {
  const effective: XmlLimits = { ...DEFAULT_XML_LIMITS, ...limits };
  const byteLength = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (byteLength > effective.maxBytes) {
    return refuse(finding("XML-TOO-LARGE", "/", `${byteLength} bytes; the limit is ${effective.maxBytes}`));
  }

  let text: string;
  if (typeof input === "string") {
    if (LONE_SURROGATE.test(input)) return refuse(finding("XML-ENCODING", "/", "the text contains an unpaired UTF-16 surrogate"));
    text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  } else {
    try {
      text = utf8.decode(input); // strips a UTF-8 byte order mark
    } catch {
      return refuse(finding("XML-ENCODING", "/", `byte ${firstInvalidUtf8Offset(input)} is not valid UTF-8`));
    }
  }

  const declared = /^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/.exec(text)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    return refuse(finding("XML-ENCODING", "/", `the XML declaration names encoding "${declared}"; only UTF-8 is accepted`));
  }

  const scanned = prescan(text, effective);
  if (scanned) return refuse(scanned);

  try {
    const parser = new DOMParser({
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    });
    const document = parser.parseFromString(text, "text/xml");
    if (!document.documentElement) return refuse(finding("XML-MALFORMED", "/", "no root element"));
    return { ok: true, document };
  } catch (error) {
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    const where = locator?.lineNumber ? `line ${locator.lineNumber}, column ${locator.columnNumber ?? 0}: ` : "";
    if (!(error instanceof Error)) throw error;
    return refuse(finding("XML-MALFORMED", "/", `${where}${describeXmldomError(error)}`));
  }
}

function describeXmldomError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // xmldom wraps what onError throws: 'Reporting <level> "<message>" caused …'; the inner message is the readable one.
  const inner = /^Reporting \w+ "([\s\S]*?)" caused /.exec(message)?.[1];
  return (inner ?? message).trim();
}

function refuse(one: Finding): SafeParseResult {
  return { ok: false, findings: [one] };
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  // Binary search on the longest decodable prefix is overkill; a linear check of sequences is cheap.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}

/** 1-based line and column of a character offset (computed only when reporting). */
function position(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Sticky scanners: each matches at `lastIndex` only, so the pre-scan never re-reads the text. */
const NAME = /[^\s/>]*/y;
const WHITESPACE = /\s*/y;

function skip(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  pattern.exec(text);
  return pattern.lastIndex;
}

/**
 * A flat tokenizer that tracks only what the limits need: markup boundaries, element depth and
 * attributes. It does not judge well-formedness beyond what it must to stay in sync; xmldom does that.
 */
function prescan(text: string, limits: XmlLimits): Finding | undefined {
  const forbidden = FORBIDDEN_XML_CHARACTER.exec(text);
  if (forbidden) {
    return finding("XML-MALFORMED", "/", `${position(text, forbidden.index)}: character U+${forbidden[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()} is not allowed in XML`);
  }
  const path: string[] = [];
  let depth = 0;
  let elements = 0;
  let i = text.indexOf("<");
  while (i !== -1) {
    if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end === -1) return finding("XML-MALFORMED", "/", `${position(text, i)}: unterminated comment`);
      i = text.indexOf("<", end + 3);
      continue;
    }
    if (text.startsWith("<![CDATA[", i)) {
      const end = text.indexOf("]]>", i + 9);
      if (end === -1) return finding("XML-MALFORMED", "/", `${position(text, i)}: unterminated CDATA section`);
      i = text.indexOf("<", end + 3);
      continue;
    }
    if (text.startsWith("<!", i)) {
      // DOCTYPE, or an ENTITY/ELEMENT/ATTLIST declaration out of place: either way a DTD construct.
      const keyword = /^<!([A-Za-z]*)/.exec(text.slice(i, i + 16))?.[1] ?? "";
      return finding("XML-DOCTYPE-FORBIDDEN", "/", `${position(text, i)}: <!${keyword}`);
    }
    if (text.startsWith("<?", i)) {
      // Processing instructions (e.g. xml-stylesheet, common in CDA) are harmless to the archive: skipped.
      const end = text.indexOf("?>", i + 2);
      if (end === -1) return finding("XML-MALFORMED", "/", `${position(text, i)}: unterminated processing instruction`);
      i = text.indexOf("<", end + 2);
      continue;
    }
    if (text.startsWith("</", i)) {
      const end = text.indexOf(">", i + 2);
      if (end === -1) return finding("XML-MALFORMED", "/", `${position(text, i)}: unterminated end tag`);
      depth--;
      if (path.length > depth && depth >= 0) path.length = depth;
      i = text.indexOf("<", end + 1);
      continue;
    }
    // Start tag: name, attributes, then ">" or "/>".
    let j = skip(NAME, text, i + 1);
    const name = text.slice(i + 1, j);
    if (++elements > limits.maxElements) {
      return finding("XML-TOO-MANY-ELEMENTS", "/", `${position(text, i)}: more than ${limits.maxElements} elements`);
    }
    let attributes = 0;
    for (;;) {
      j = skip(WHITESPACE, text, j);
      if (j >= text.length) return finding("XML-MALFORMED", "/", `${position(text, i)}: unterminated start tag <${name}`);
      if (text[j] === ">") {
        depth++;
        if (depth <= limits.maxDepth) path.push(name);
        else return finding("XML-TOO-DEEP", `/${path.join("/")}/${name}`, `${position(text, i)}: depth ${depth}; the limit is ${limits.maxDepth}`);
        j++;
        break;
      }
      if (text.startsWith("/>", j)) {
        if (depth + 1 > limits.maxDepth) return finding("XML-TOO-DEEP", `/${path.join("/")}/${name}`, `${position(text, i)}: depth ${depth + 1}; the limit is ${limits.maxDepth}`);
        j += 2;
        break;
      }
      const equals = text.indexOf("=", j);
      if (equals === -1) return finding("XML-MALFORMED", "/", `${position(text, j)}: attribute without a value in <${name}`);
      const attributeName = text.slice(j, equals).trim();
      const q = skip(WHITESPACE, text, equals + 1);
      const quote = text[q];
      if (quote !== '"' && quote !== "'") return finding("XML-MALFORMED", "/", `${position(text, q)}: the value of attribute ${attributeName} in <${name}> is not quoted`);
      const close = text.indexOf(quote, q + 1);
      if (close === -1) return finding("XML-MALFORMED", "/", `${position(text, q)}: unterminated value of attribute ${attributeName}`);
      attributes++;
      if (attributes > limits.maxAttributesPerElement) {
        return finding("XML-TOO-MANY-ATTRIBUTES", `/${[...path, name].join("/")}`, `${position(text, i)}: more than ${limits.maxAttributesPerElement} attributes`);
      }
      if (close - q - 1 > limits.maxAttributeValueLength) {
        // The location is built only when reported (performance: not once per attribute).
        const location = `/${[...path, name].join("/")}/@${attributeName}`;
        return finding("XML-ATTRIBUTE-TOO-LONG", location, `${position(text, q)}: ${close - q - 1} characters; the limit is ${limits.maxAttributeValueLength}`);
      }
      j = close + 1;
    }
    i = text.indexOf("<", j);
  }
  return undefined;
}
