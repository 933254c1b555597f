import type { ErrorEntry, ErrorFragment } from "../errors/types.js";

/**
 * Error codes of src/signature. Merged into the one catalogue by src/errors/catalogue.ts.
 *
 * All are archive-enforced (DESIGN §7.6: a tampered or untrusted signature is always refused). The
 * handbook's technical checks say an electronic signature must show the document is unchanged
 * (D06-R09, seed L25929; "Om handlingens innehåll ändras efter att handlingen har undertecknats, är
 * underskriften inte längre giltig" L25428); from phase 2 every document is signed with a professional's
 * e-signature or a system signature (D06-R36, L24531-24537, L25314-25316) whose certificate is a trusted
 * one (D06-R46, L25261-25279). The placement and algorithm rules are the simulator's wire profile
 * (DESIGN §5 "signature", docs/profile/signature.md).
 */
const refused = (fi: string, sv: string, en: string, rule: string): ErrorEntry => ({
  enforcement: "archive",
  ack: "AE",
  http: 422,
  fi,
  sv,
  en,
  rule,
});

const PROFILE = "profile docs/profile/signature.md";

export const SIGNATURE_ERRORS = {
  "SIG-DOCUMENT-UNREADABLE": refused(
    "Allekirjoitettua asiakirjaa ei voitu lukea XML-muodossa tai sen juurielementti ei ole ClinicalDocument.",
    "Den undertecknade handlingen kunde inte läsas som XML eller dess rotelement är inte ClinicalDocument.",
    "The signed document could not be read as XML, or its root element is not ClinicalDocument.",
    `D06-R09 L25929; ${PROFILE}`,
  ),
  "SIG-DTD-FORBIDDEN": refused(
    "Allekirjoitettu asiakirja sisältää DTD-määrittelyn (DOCTYPE), jota ei sallita.",
    "Den undertecknade handlingen innehåller en DTD (DOCTYPE), vilket inte är tillåtet.",
    "The signed document contains a DTD (DOCTYPE), which is not allowed.",
    `DESIGN §9; ${PROFILE}`,
  ),
  "SIG-MISSING": refused(
    "Asiakirjassa ei ole sähköistä allekirjoitusta (ammattihenkilön tai järjestelmän allekirjoitus vaaditaan).",
    "Handlingen saknar elektronisk underskrift (en yrkesutbildad persons underskrift eller en systemunderskrift krävs).",
    "The document carries no electronic signature (a professional's or a system signature is required).",
    "D06-R36 L24531-24537 L25314-25316",
  ),
  "SIG-MULTIPLE": refused(
    "Asiakirjassa on useampi kuin yksi XML-allekirjoitus (ds:Signature); profiili sallii täsmälleen yhden.",
    "Handlingen innehåller fler än en XML-signatur (ds:Signature); profilen tillåter exakt en.",
    "The document contains more than one XML signature (ds:Signature); the profile allows exactly one.",
    // One professional signs (L25306-25312); a system signature only where no professional one is (L25314-25316);
    // client e-signatures are not certificate-based XML signatures (L25393-25405).
    `D06-R43 L25306-25312; D06-R36 L25314-25316; D06-R48 L25393-25405; ${PROFILE}`,
  ),
  "SIG-MISPLACED": refused(
    "Allekirjoitus ei ole sijainnissa /ClinicalDocument/hl7fi:signatures/ds:Signature, jossa hl7fi:signatures on juurielementin viimeinen lapsi.",
    "Signaturen finns inte på platsen /ClinicalDocument/hl7fi:signatures/ds:Signature, där hl7fi:signatures är rotelementets sista barn.",
    "The signature is not at /ClinicalDocument/hl7fi:signatures/ds:Signature with hl7fi:signatures as the root's last child.",
    PROFILE,
  ),
  "SIG-MALFORMED": refused(
    "Allekirjoituksen rakenne on virheellinen (SignedInfo tai SignatureValue puuttuu tai toistuu).",
    "Signaturens struktur är felaktig (SignedInfo eller SignatureValue saknas eller upprepas).",
    "The signature is malformed (SignedInfo or SignatureValue missing or repeated).",
    PROFILE,
  ),
  "SIG-REFERENCE": refused(
    "Allekirjoituksessa on oltava täsmälleen yksi viittaus (ds:Reference), jonka URI on tyhjä (koko asiakirja).",
    "Signaturen ska ha exakt en referens (ds:Reference) med tom URI (hela handlingen).",
    "The signature must have exactly one ds:Reference with URI=\"\" (the whole document).",
    PROFILE,
  ),
  "SIG-ALGORITHM": refused(
    "Allekirjoituksessa käytetty algoritmi ei ole sallittu (sallitut: RSA-SHA256, SHA-256, poissulkeva kanonisointi).",
    "Signaturen använder en algoritm som inte är tillåten (tillåtna: RSA-SHA256, SHA-256, exklusiv kanonisering).",
    "The signature uses an algorithm that is not allowed (allowed: RSA-SHA256, SHA-256, exclusive c14n).",
    PROFILE,
  ),
  "SIG-TRANSFORM": refused(
    "Viittauksen muunnosten on oltava täsmälleen enveloped-signature ja poissulkeva kanonisointi tässä järjestyksessä.",
    "Referensens transformationer ska vara exakt enveloped-signature och exklusiv kanonisering i denna ordning.",
    "The reference's transforms must be exactly enveloped-signature then exclusive c14n.",
    PROFILE,
  ),
  "SIG-DIGEST-MISMATCH": refused(
    "Asiakirjan sisältöä on muutettu allekirjoittamisen jälkeen (tiiviste ei täsmää); allekirjoitus ei ole voimassa.",
    "Handlingens innehåll har ändrats efter underskriften (kontrollsumman stämmer inte); underskriften är inte giltig.",
    "The document content changed after signing (digest mismatch); the signature is no longer valid.",
    "D06-R09 L25929 L25427-25429",
  ),
  "SIG-SIGNATURE-INVALID": refused(
    "Allekirjoitusarvo ei täsmää varmenteen julkiseen avaimeen; allekirjoitus ei ole voimassa.",
    "Signaturvärdet stämmer inte med certifikatets publika nyckel; underskriften är inte giltig.",
    "The signature value does not verify with the certificate's public key; the signature is not valid.",
    "D06-R09 L25929",
  ),
  "SIG-CERT-MISSING": refused(
    "Allekirjoituksen KeyInfo-osasta puuttuu allekirjoittajan X.509-varmenne.",
    "Signaturens KeyInfo saknar undertecknarens X.509-certifikat.",
    "The signature's KeyInfo carries no signer X.509 certificate.",
    `D06-R46 L25261-25279; ${PROFILE}`,
  ),
  "SIG-CERT-UNREADABLE": refused(
    "KeyInfo-osan X.509-varmennetta ei voitu lukea.",
    "X.509-certifikatet i KeyInfo kunde inte läsas.",
    "An X.509 certificate in KeyInfo could not be read.",
    `D06-R46 L25261-25279; ${PROFILE}`,
  ),
  "SIG-CERT-UNTRUSTED": refused(
    "Allekirjoittajan varmenne ei ketjudu luotettuun varmentajaan.",
    "Undertecknarens certifikat kedjar inte till en betrodd certifikatutfärdare.",
    "The signer certificate does not chain to a trusted certificate authority.",
    "D06-R46 L25261-25279",
  ),
  "SIG-CERT-EXPIRED": refused(
    "Allekirjoitusvarmenne tai sen varmentajan varmenne on vanhentunut pyynnön ajankohtana.",
    "Signaturcertifikatet eller utfärdarens certifikat hade gått ut vid tidpunkten för begäran.",
    "The signer certificate (or an issuer certificate) had expired at the time of the request.",
    "D06-R46 L25261-25279",
  ),
  "SIG-CERT-NOT-YET-VALID": refused(
    "Allekirjoitusvarmenne tai sen varmentajan varmenne ei ollut vielä voimassa pyynnön ajankohtana.",
    "Signaturcertifikatet eller utfärdarens certifikat var ännu inte giltigt vid tidpunkten för begäran.",
    "The signer certificate (or an issuer certificate) was not yet valid at the time of the request.",
    "D06-R46 L25261-25279",
  ),
  "SIG-CERT-REVOKED": refused(
    "Allekirjoitusvarmenne tai sen varmentajan varmenne on sulkulistalla.",
    "Signaturcertifikatet eller utfärdarens certifikat är spärrat.",
    "The signer certificate (or an issuer certificate) has been revoked.",
    "D06-R46 L25261-25279",
  ),
  "SIG-CERT-PURPOSE": refused(
    "Allekirjoitusvarmenne ei ole ammattihenkilön eikä järjestelmän allekirjoitusvarmenne.",
    "Signaturcertifikatet är varken en yrkesutbildad persons eller ett systems signeringscertifikat.",
    "The signer certificate is neither a professional nor a system signing certificate.",
    `D06-R36 L24531-24537; D06-R46 L25261-25279; D06-R47 L25314-25326; ${PROFILE}`,
  ),
} as const satisfies ErrorFragment;
