/**
 * The reference signer: appends `hl7fi:signatures` as the last child of `ClinicalDocument` and puts
 * one enveloped XMLDSig signature in it, exactly as the wire profile asks (docs/profile/signature.md).
 * Used by the reference client, the samples, the CLI (`kanta-sim sign`) and tests.
 */
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";

export const NS_HL7FI = "urn:hl7finland";
export const NS_CDA = "urn:hl7-org:v3";
export const NS_DSIG = "http://www.w3.org/2000/09/xmldsig#";
export const ALGORITHM_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
export const ALGORITHM_EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
export const ALGORITHM_ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
export const ALGORITHM_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

export interface DocumentSigner {
  keyPem: string;
  certPem: string;
  /** Intermediate CA certificates to carry in KeyInfo after the signer certificate. */
  chainPem?: string[];
}

export class SigningError extends Error {
  override name = "SigningError";
}

/** The base64 body of a PEM certificate, as X509Certificate content. */
function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

/** Signs a standalone CDA document; returns the signed document text. */
export function signCdaDocument(documentXml: string, signer: DocumentSigner): string {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new SigningError(`document is not well-formed XML: ${message}`);
    },
  }).parseFromString(documentXml, "text/xml");
  const root = document.documentElement;
  if (!root || root.localName !== "ClinicalDocument" || root.namespaceURI !== NS_CDA) {
    throw new SigningError("the document root must be ClinicalDocument in namespace urn:hl7-org:v3");
  }
  if (document.getElementsByTagNameNS(NS_HL7FI, "signatures").length > 0) {
    throw new SigningError("the document already has hl7fi:signatures; sign an unsigned document");
  }
  root.appendChild(document.createElementNS(NS_HL7FI, "hl7fi:signatures"));
  const unsigned = new XMLSerializer().serializeToString(document);

  const certificates = [signer.certPem, ...(signer.chainPem ?? [])].map(certificateBody);
  const signature = new SignedXml({
    privateKey: signer.keyPem,
    signatureAlgorithm: ALGORITHM_RSA_SHA256,
    canonicalizationAlgorithm: ALGORITHM_EXC_C14N,
    getKeyInfoContent: ({ prefix } = {}) => {
      const p = prefix ? `${prefix}:` : "";
      return `<${p}X509Data>${certificates.map((c) => `<${p}X509Certificate>${c}</${p}X509Certificate>`).join("")}</${p}X509Data>`;
    },
  });
  signature.addReference({
    xpath: "/*",
    isEmptyUri: true,
    transforms: [ALGORITHM_ENVELOPED, ALGORITHM_EXC_C14N],
    digestAlgorithm: ALGORITHM_SHA256,
  });
  signature.computeSignature(unsigned, {
    prefix: "ds",
    location: { reference: `/*/*[local-name()='signatures' and namespace-uri()='${NS_HL7FI}']`, action: "append" },
  });
  return signature.getSignedXml();
}
