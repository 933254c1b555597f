/**
 * Verification of the one enveloped XMLDSig signature of a standalone CDA document (the exact bytes
 * the archive stores), per the wire profile in docs/profile/signature.md:
 *
 * 1. the document is well-formed XML with no DTD, rooted at ClinicalDocument;
 * 2. wrapping defences: exactly one ds:Signature in the whole document, at
 *    /ClinicalDocument/hl7fi:signatures/ds:Signature with hl7fi:signatures the root's last child;
 *    exactly one Reference with URI="" (the document element, i.e. what gets stored); only the
 *    allowed algorithms and transforms;
 * 3. cryptography (xml-crypto): the digest over the document, then the signature value with the
 *    public key of the signer certificate in KeyInfo — and nothing else (KeyInfo never picks the key on
 *    its own); afterwards the content whose digest matched is compared with our own canonical form of
 *    the stored root;
 * 4. the certificate: chains to a trusted CA (node-forge), valid at `at` (the request time), not
 *    revoked, and either a professional or a system signing certificate (pki.ts).
 *
 * Every failure is a Finding with a code from ./errors.ts and an XPath location. Pure: no I/O, the
 * time comes in as `at`.
 */
import { DOMParser } from "@xmldom/xmldom";
import forge from "node-forge";
import { ExclusiveCanonicalization, SignedXml } from "xml-crypto";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import type { SignerInfo } from "../model/document.js";
import { classifyCertificate, distinguishedName } from "./pki.js";
import {
  ALGORITHM_ENVELOPED,
  ALGORITHM_EXC_C14N,
  ALGORITHM_RSA_SHA256,
  ALGORITHM_SHA256,
  NS_CDA,
  NS_DSIG,
  NS_HL7FI,
} from "./sign.js";
import { revocationOf, type TrustStore } from "./trust.js";

export interface VerifyOptions {
  trust: TrustStore;
  /** The request time: certificates must be valid and unrevoked at this moment. */
  at: Date;
  /**
   * Performance: the document as src/xml/safe-parse.ts already parsed these very bytes (the same
   * xmldom parser; the safe parser refuses DTDs and every parser error or warning), so it is not
   * parsed a second time. It is read, and left as it was.
   */
  parsed?: XmlDocument;
}

export type VerifyResult = { ok: true; signer: SignerInfo } | { ok: false; findings: Finding[] };

/** Where the profile puts the signature; also the location reported when it is missing. */
export const SIGNATURE_LOCATION = "/ClinicalDocument/hl7fi:signatures/ds:Signature";

type XmlDocument = ReturnType<DOMParser["parseFromString"]>;
type XmlElement = NonNullable<XmlDocument["documentElement"]>;
type XmlNode = XmlElement["parentNode"];

function elementChildren(node: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) out.push(child as XmlElement);
  }
  return out;
}

function dsChildren(node: XmlElement, localName: string): XmlElement[] {
  return elementChildren(node).filter((c) => c.localName === localName && c.namespaceURI === NS_DSIG);
}

/** A readable XPath of an element: qualified names as written, `[n]` where same-named siblings exist. */
export function pathOf(element: XmlElement): string {
  const steps: string[] = [];
  let node: XmlNode = element;
  while (node && node.nodeType === node.ELEMENT_NODE) {
    const current: XmlElement = node as XmlElement;
    const parent = current.parentNode;
    let step = current.nodeName;
    if (parent && parent.nodeType === parent.ELEMENT_NODE) {
      const same = elementChildren(parent as XmlElement).filter((s) => s.nodeName === current.nodeName);
      if (same.length > 1) step += `[${same.indexOf(current) + 1}]`;
    }
    steps.unshift(step);
    node = parent;
  }
  return "/" + steps.join("/");
}

function fail(...findings: Finding[]): VerifyResult {
  return { ok: false, findings };
}

function parse(documentXml: string): XmlDocument | Finding {
  // A DTD is refused before parsing: no entity of any kind is ever expanded (XXE, billion laughs).
  // Only the prolog (before the first start tag) can hold one; "<!DOCTYPE" in a comment or CDATA later is text.
  const rootStart = documentXml.search(/<[A-Za-z_]/);
  if (/<!DOCTYPE/i.test(rootStart < 0 ? documentXml : documentXml.slice(0, rootStart))) return finding("SIG-DTD-FORBIDDEN", "/");
  let problem: string | undefined;
  let document: XmlDocument;
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") problem ??= message;
      },
    }).parseFromString(documentXml, "text/xml");
  } catch (e) {
    // xmldom still throws on fatal errors after reporting them.
    problem ??= (e as Error).message;
    return finding("SIG-DOCUMENT-UNREADABLE", "/", problem.split("\n")[0]);
  }
  if (problem !== undefined) return finding("SIG-DOCUMENT-UNREADABLE", "/", problem.split("\n")[0]);
  return checkedRoot(document);
}

/** A parsed document without a DTD, rooted at ClinicalDocument; otherwise the finding. */
function checkedRoot(document: XmlDocument): XmlDocument | Finding {
  if (document.doctype) return finding("SIG-DTD-FORBIDDEN", "/");
  const root = document.documentElement;
  if (!root || root.localName !== "ClinicalDocument" || root.namespaceURI !== NS_CDA) {
    return finding("SIG-DOCUMENT-UNREADABLE", root ? pathOf(root) : "/", "root element must be ClinicalDocument in urn:hl7-org:v3");
  }
  return document;
}

/** Placement and profile checks of the SignedInfo; returns the findings (empty when all is as the profile says). */
function checkSignedInfo(signature: XmlElement): Finding[] {
  const signedInfos = dsChildren(signature, "SignedInfo");
  const signatureValues = dsChildren(signature, "SignatureValue");
  if (signedInfos.length !== 1 || signatureValues.length !== 1) {
    return [finding("SIG-MALFORMED", pathOf(signature), `SignedInfo ×${signedInfos.length}, SignatureValue ×${signatureValues.length}`)];
  }
  const signedInfo = signedInfos[0]!;
  const findings: Finding[] = [];
  const algorithmOf = (element: XmlElement | undefined) => element?.getAttribute("Algorithm") ?? "(none)";

  const c14n = dsChildren(signedInfo, "CanonicalizationMethod");
  if (c14n.length !== 1 || algorithmOf(c14n[0]) !== ALGORITHM_EXC_C14N) {
    findings.push(finding("SIG-ALGORITHM", pathOf(c14n[0] ?? signedInfo), `CanonicalizationMethod ${algorithmOf(c14n[0])}; expected ${ALGORITHM_EXC_C14N}`));
  }
  const method = dsChildren(signedInfo, "SignatureMethod");
  if (method.length !== 1 || algorithmOf(method[0]) !== ALGORITHM_RSA_SHA256) {
    findings.push(finding("SIG-ALGORITHM", pathOf(method[0] ?? signedInfo), `SignatureMethod ${algorithmOf(method[0])}; expected ${ALGORITHM_RSA_SHA256}`));
  }
  // Any element named Reference counts, whatever its namespace: xml-crypto looks them up by local name.
  const references = elementChildren(signedInfo).filter((c) => c.localName === "Reference");
  if (references.length !== 1) {
    findings.push(finding("SIG-REFERENCE", pathOf(signedInfo), `${references.length} Reference elements; exactly one is allowed`));
    return findings;
  }
  const reference = references[0]!;
  if (reference.namespaceURI !== NS_DSIG || !reference.hasAttribute("URI") || reference.getAttribute("URI") !== "") {
    const uri = reference.hasAttribute("URI") ? `URI="${reference.getAttribute("URI")}"` : "no URI attribute";
    findings.push(finding("SIG-REFERENCE", pathOf(reference), `${uri}; the one Reference must have URI="" (the whole document)`));
  }
  const transformsElements = dsChildren(reference, "Transforms");
  const transforms = transformsElements.length === 1 ? dsChildren(transformsElements[0]!, "Transform") : [];
  const algorithms = transforms.map((t) => algorithmOf(t));
  if (transformsElements.length !== 1 || algorithms.length !== 2 || algorithms[0] !== ALGORITHM_ENVELOPED || algorithms[1] !== ALGORITHM_EXC_C14N) {
    findings.push(
      finding("SIG-TRANSFORM", pathOf(transformsElements[0] ?? reference), `transforms [${algorithms.join(", ")}]; expected [${ALGORITHM_ENVELOPED}, ${ALGORITHM_EXC_C14N}]`),
    );
  } else if (elementChildren(transforms[0]!).length > 0) {
    findings.push(finding("SIG-TRANSFORM", pathOf(transforms[0]!), "the enveloped-signature transform takes no parameters"));
  }
  const digest = dsChildren(reference, "DigestMethod");
  if (digest.length !== 1 || algorithmOf(digest[0]) !== ALGORITHM_SHA256) {
    findings.push(finding("SIG-ALGORITHM", pathOf(digest[0] ?? reference), `DigestMethod ${algorithmOf(digest[0])}; expected ${ALGORITHM_SHA256}`));
  }
  if (dsChildren(reference, "DigestValue").length !== 1) {
    findings.push(finding("SIG-MALFORMED", pathOf(reference), "Reference needs exactly one DigestValue"));
  }
  return findings;
}

/** The one signature, if it is where the profile puts it; otherwise the finding. */
function locateSignature(document: XmlDocument, root: XmlElement): XmlElement | Finding {
  const signatures = Array.from(document.getElementsByTagNameNS(NS_DSIG, "Signature")) as XmlElement[];
  if (signatures.length === 0) return finding("SIG-MISSING", SIGNATURE_LOCATION);
  if (signatures.length > 1) {
    return finding("SIG-MULTIPLE", pathOf(signatures[1]!), `${signatures.length} ds:Signature elements: ${signatures.map(pathOf).join(", ")}`);
  }
  const signature = signatures[0]!;
  const container = signature.parentNode as XmlElement | null;
  const containers = document.getElementsByTagNameNS(NS_HL7FI, "signatures");
  const rootChildren = elementChildren(root);
  const placed =
    container !== null &&
    container.namespaceURI === NS_HL7FI &&
    container.localName === "signatures" &&
    container.parentNode === root &&
    rootChildren[rootChildren.length - 1] === container &&
    containers.length === 1 &&
    elementChildren(container).length === 1;
  if (!placed) {
    return finding("SIG-MISPLACED", pathOf(signature), `expected ${SIGNATURE_LOCATION} with hl7fi:signatures the last child of the root, holding only the signature`);
  }
  return signature;
}

interface CarriedCertificate {
  cert: forge.pki.Certificate;
  pem: string;
  location: string;
  /** The base64 text of the certificate as carried (whitespace removed). */
  body: string;
}

/** The certificates of KeyInfo/X509Data, signer first (profile: the first X509Certificate is the signer's). */
function carriedCertificates(signature: XmlElement): CarriedCertificate[] | Finding {
  const elements = dsChildren(signature, "KeyInfo").flatMap((k) => dsChildren(k, "X509Data")).flatMap((d) => dsChildren(d, "X509Certificate"));
  if (elements.length === 0) return finding("SIG-CERT-MISSING", pathOf(signature) + "/ds:KeyInfo/ds:X509Data/ds:X509Certificate");
  const out: CarriedCertificate[] = [];
  for (const element of elements) {
    const body = (element.textContent ?? "").replace(/\s+/g, "");
    try {
      const { cert, pem } = parsedCertificate(body);
      out.push({ cert, pem, location: pathOf(element), body });
    } catch (e) {
      return finding("SIG-CERT-UNREADABLE", pathOf(element), (e as Error).message);
    }
  }
  return out;
}

/**
 * Performance: the same few certificates arrive with every document of a client system, and parsing
 * them and verifying their chain is RSA in JavaScript (node-forge). The results depend only on the
 * certificate bytes (and, for the chain, on the trust store), so they are remembered; dates and
 * revocation are still checked per request at the request's time.
 */
const CACHE_LIMIT = 1024;
const certificateCache = new Map<string, { cert: forge.pki.Certificate; pem: string }>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}

function parsedCertificate(body: string): { cert: forge.pki.Certificate; pem: string } {
  const cached = certificateCache.get(body);
  if (cached) return cached;
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.decode64(body)));
  return remember(certificateCache, body, { cert, pem: forge.pki.certificateToPem(cert) });
}

interface ChainVerdict {
  /** forge's reason when the chain does not verify. */
  untrusted?: string;
  /** The trusted CA that issued the last carried certificate (when that one is not self-issued). */
  anchor?: forge.pki.Certificate;
}

const chainCache = new WeakMap<TrustStore, Map<string, ChainVerdict>>();

function chainVerdict(trust: TrustStore, carried: CarriedCertificate[]): ChainVerdict {
  let cache = chainCache.get(trust);
  if (!cache) chainCache.set(trust, (cache = new Map()));
  const key = carried.map((c) => c.body).join(" ");
  const cached = cache.get(key);
  if (cached) return cached;
  const chain = carried.map((c) => c.cert);
  const verdict: ChainVerdict = {};
  try {
    // Dates are checked per request, per certificate, so that expiry gets its own code.
    forge.pki.verifyCertificateChain(trust.caStore, [...chain], { validityCheckDate: null });
  } catch (e) {
    verdict.untrusted = (e as { message?: string }).message ?? String(e);
  }
  const last = chain[chain.length - 1]!;
  if (!last.isIssuer(last)) {
    const anchor = issuerAmongAnchors(trust, last);
    if (anchor) verdict.anchor = anchor;
  }
  return remember(cache, key, verdict);
}

/** Digest and signature value, with exactly the signer certificate's key. */
function checkCryptography(documentXml: string, document: XmlDocument, signature: XmlElement, signer: CarriedCertificate): Finding[] {
  const verifier = new SignedXml({ publicCert: signer.pem, getCertFromKeyInfo: () => null });
  let valid: boolean;
  try {
    verifier.loadSignature(signature as unknown as Parameters<SignedXml["loadSignature"]>[0]);
    valid = verifier.checkSignature(documentXml);
  } catch (e) {
    const message = (e as Error).message;
    if (message.includes("signature value")) return [finding("SIG-SIGNATURE-INVALID", pathOf(signature) + "/ds:SignatureValue", `verified with the key of ${signer.location}`)];
    return [finding("SIG-MALFORMED", pathOf(signature), message)];
  }
  if (!valid) {
    // checkSignature answers false (rather than throwing) exactly when a reference's digest differs.
    return [finding("SIG-DIGEST-MISMATCH", pathOf(signature) + "/ds:SignedInfo/ds:Reference/ds:DigestValue", "the document's SHA-256 digest differs from the signed digest")];
  }
  // Defence in depth against wrapping: the content whose digest matched must be the canonical form
  // of the root we parsed and will store (with the signature taken out, as the enveloped transform does).
  const signedContent = verifier.getSignedReferences();
  // The signature is taken out of our parsed tree for the canonicalisation and put back in its place
  // (cheaper than canonicalising a deep copy; the tree is the same afterwards).
  type CanonNode = Parameters<ExclusiveCanonicalization["process"]>[0];
  const container = signature.parentNode;
  const following = signature.nextSibling;
  container?.removeChild(signature);
  let ours: string;
  try {
    ours = new ExclusiveCanonicalization().process(document.documentElement as unknown as CanonNode, {});
  } finally {
    container?.insertBefore(signature, following);
  }
  if (signedContent.length !== 1 || signedContent[0] !== ours) {
    return [finding("SIG-REFERENCE", pathOf(signature) + "/ds:SignedInfo/ds:Reference", "the signed content is not the stored document element")];
  }
  return [];
}

function issuerAmongAnchors(trust: TrustStore, cert: forge.pki.Certificate): forge.pki.Certificate | undefined {
  return trust.anchors.find((anchor) => {
    try {
      return cert.isIssuer(anchor) && anchor.verify(cert);
    } catch {
      return false;
    }
  });
}

/** Chain, validity at `at`, revocation and purpose. */
function checkCertificates(carried: CarriedCertificate[], trust: TrustStore, at: Date): Finding[] {
  const findings: Finding[] = [];
  const signer = carried[0]!;
  const verdict = chainVerdict(trust, carried);
  if (verdict.untrusted !== undefined) {
    findings.push(finding("SIG-CERT-UNTRUSTED", signer.location, `${distinguishedName(signer.cert.subject.attributes)}: ${verdict.untrusted}`));
  }
  const path: { cert: forge.pki.Certificate; location: string }[] = carried.map((c) => ({ cert: c.cert, location: c.location }));
  if (verdict.anchor) path.push({ cert: verdict.anchor, location: signer.location });
  for (const { cert, location } of path) {
    const name = distinguishedName(cert.subject.attributes);
    if (at < cert.validity.notBefore) {
      findings.push(finding("SIG-CERT-NOT-YET-VALID", location, `${name}: valid from ${cert.validity.notBefore.toISOString()}, request at ${at.toISOString()}`));
    } else if (at > cert.validity.notAfter) {
      findings.push(finding("SIG-CERT-EXPIRED", location, `${name}: valid until ${cert.validity.notAfter.toISOString()}, request at ${at.toISOString()}`));
    }
    const revocation = revocationOf(trust, cert, at);
    if (revocation) {
      findings.push(finding("SIG-CERT-REVOKED", location, `${name} serial ${cert.serialNumber}: revoked ${revocation.revokedAt} (${revocation.reason})`));
    }
  }
  if (!classifyCertificate(signer.cert)) {
    findings.push(finding("SIG-CERT-PURPOSE", signer.location, `${distinguishedName(signer.cert.subject.attributes)} carries neither the professional nor the system signing policy`));
  }
  return findings;
}

function signerInfo(cert: forge.pki.Certificate): SignerInfo {
  const classification = classifyCertificate(cert)!;
  return {
    kind: classification.kind,
    subject: distinguishedName(cert.subject.attributes),
    ...(classification.identifier ? { identifier: classification.identifier } : {}),
    ...(classification.organisationOid ? { organisationOid: classification.organisationOid } : {}),
    certificateSerial: cert.serialNumber,
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
  };
}

/**
 * Verifies the signature of a standalone CDA document; see the top of this file for what is checked.
 * Pass the exact bytes that will be stored (or their UTF-8 text): what is verified is what is stored.
 */
export function verifyCdaSignature(documentBytes: string | Uint8Array, options: VerifyOptions): VerifyResult {
  let documentXml: string;
  try {
    documentXml = typeof documentBytes === "string" ? documentBytes : new TextDecoder("utf-8", { fatal: true }).decode(documentBytes);
  } catch {
    return fail(finding("SIG-DOCUMENT-UNREADABLE", "/", "the document bytes are not valid UTF-8"));
  }
  const document = options.parsed ? checkedRoot(options.parsed) : parse(documentXml);
  if (!("documentElement" in document)) return fail(document);
  const root = document.documentElement!;

  const signature = locateSignature(document, root);
  if ("code" in signature) return fail(signature);

  const structure = checkSignedInfo(signature);
  if (structure.length > 0) return fail(...structure);

  const carried = carriedCertificates(signature);
  if ("code" in carried) return fail(carried);

  const findings = [...checkCryptography(documentXml, document, signature, carried[0]!), ...checkCertificates(carried, options.trust, options.at)];
  if (findings.length > 0) return fail(...findings);
  return { ok: true, signer: signerInfo(carried[0]!.cert) };
}
