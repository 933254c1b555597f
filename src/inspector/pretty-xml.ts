import { parseXml, type Element } from "../soap/xml.js";

/** Text longer than this (base64 documents) is shortened in the display, with its length said. */
const LONG_TEXT = 240;

function attributes(element: Element): string {
  const out: string[] = [];
  for (let i = 0; i < element.attributes.length; i++) {
    const a = element.attributes.item(i)!;
    out.push(` ${a.name}="${a.value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`);
  }
  return out.join("");
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function shorten(text: string): string {
  return text.length > LONG_TEXT ? `${text.slice(0, LONG_TEXT)}… (${text.length} characters)` : text;
}

/**
 * XML indented for reading (plain text; the caller HTML-escapes it). Display only: long text nodes
 * are shortened, so this is never a substitute for the stored bytes. Unreadable XML comes back as is.
 */
export function prettyXml(xml: string): string {
  const parsed = parseXml(xml);
  if (!parsed.ok) return xml;
  const lines: string[] = [];
  const walk = (element: Element, depth: number) => {
    const indent = "  ".repeat(depth);
    const children: Element[] = [];
    let text = "";
    for (let c = element.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) children.push(c as Element);
      else if (c.nodeType === 3 || c.nodeType === 4) text += c.nodeValue ?? "";
    }
    text = text.trim();
    const open = `${indent}<${element.tagName}${attributes(element)}`;
    if (children.length === 0 && text === "") lines.push(`${open}/>`);
    else if (children.length === 0) lines.push(`${open}>${escapeText(shorten(text))}</${element.tagName}>`);
    else {
      lines.push(`${open}>`);
      if (text) lines.push(`${indent}  ${escapeText(shorten(text))}`);
      for (const child of children) walk(child, depth + 1);
      lines.push(`${indent}</${element.tagName}>`);
    }
  };
  walk(parsed.document.documentElement!, 0);
  return lines.join("\n");
}
