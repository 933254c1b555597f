import { DOMImplementation, XMLSerializer, type Document, type Element, type Node as XNode } from "@xmldom/xmldom";
import xpath from "xpath";
import { parseXmlSafely, type SafeParseResult } from "../xml/safe-parse.js";

/** Namespaces of the wire. */
export const NS = {
  soap11: "http://schemas.xmlsoap.org/soap/envelope/",
  soap12: "http://www.w3.org/2003/05/soap-envelope",
  hl7: "urn:hl7-org:v3",
  hl7fi: "urn:hl7finland",
  wsa: "http://www.w3.org/2005/08/addressing",
  wsa2004: "http://schemas.xmlsoap.org/ws/2004/08/addressing",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
  xml: "http://www.w3.org/XML/1998/namespace",
  /** The simulator's own elements (fault detail). */
  ks: "urn:kanta-sim:wire",
} as const;


export type XmlParseResult = SafeParseResult;

/**
 * Parses wire XML with the shared safe parser (DOCTYPE refused, depth and attribute limits). The
 * byte limit is the HTTP body limit's job (the plugin's `bodyLimit`), so it is lifted here: a
 * 20 MB document grows by a third in base64 inside the envelope.
 */
export function parseXml(input: Uint8Array | string): XmlParseResult {
  const bytes = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  return parseXmlSafely(input, { maxBytes: Math.max(bytes, 1) });
}

export function serializeXml(node: XNode): string {
  return new XMLSerializer().serializeToString(node);
}

/** A new document whose root is `{namespace}qualifiedName`. */
export function newDocument(namespace: string, qualifiedName: string): Document {
  return new DOMImplementation().createDocument(namespace, qualifiedName, null);
}

/** Appends a namespaced child with optional attributes and text; returns the child. */
export function addElement(parent: Element, namespace: string, qualifiedName: string, attributes: Record<string, string | undefined> = {}, text?: string): Element {
  const document = parent.ownerDocument;
  if (!document) throw new Error("addElement: parent is not in a document");
  const child = document.createElementNS(namespace, qualifiedName);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (name === "xml:lang") child.setAttributeNS(NS.xml, name, value);
    else if (name.startsWith("xsi:")) child.setAttributeNS(NS.xsi, name, value);
    else child.setAttribute(name, value);
  }
  if (text !== undefined) child.appendChild(document.createTextNode(text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))); // XML 1.0 has no NUL etc.: echoed input must not break the answer (issue #9 fuzzing)
  parent.appendChild(child);
  return child;
}

/** Element children of a node (xmldom has no `children`). */
export function childElements(node: XNode): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** Elements an XPath selects (prefixes as in NS). */
/**
 * Parsed XPath expressions, by text: the wire's readers use a fixed set of a few hundred, and parsing
 * one cost more than evaluating it (issue #8 profile of the store path).
 */
interface ParsedXPath {
  select(options: XPathOptions): Node[];
  evaluateString(options: XPathOptions): string;
}
interface XPathOptions {
  node: Node;
  namespaces: Record<string, string>;
}
// xpath's parse() (a reusable evaluator) is in its JavaScript API but not in its type declarations.
const parseXPath = (xpath as unknown as { parse(expression: string): ParsedXPath }).parse;
const parsedExpressions = new Map<string, ParsedXPath>();
function parsedExpression(expression: string): ParsedXPath {
  let parsed = parsedExpressions.get(expression);
  if (!parsed) {
    parsed = parseXPath(expression);
    // Expressions are program text, not input; the bound only guards against a caller building them from input.
    if (parsedExpressions.size < 10_000) parsedExpressions.set(expression, parsed);
  }
  return parsed;
}

export function selectElements(expression: string, context: XNode): Element[] {
  const result = parsedExpression(expression).select({ node: context as unknown as Node, namespaces: NS });
  return result.filter((n) => n.nodeType === 1) as unknown as Element[];
}

export function selectElement(expression: string, context: XNode): Element | null {
  return selectElements(expression, context)[0] ?? null;
}

/** String value of an XPath (attribute or text); undefined when empty or absent. */
export function selectText(expression: string, context: XNode): string | undefined {
  const text = parsedExpression(`string(${expression})`).evaluateString({ node: context as unknown as Node, namespaces: NS }).trim();
  return text === "" ? undefined : text;
}

export type { Document, Element };
