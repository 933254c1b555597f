import type { ErrorFragment } from "../errors/types.js";

/**
 * Error codes of operational hardening (src/hardening): rate limiting and mutual TLS. All are
 * transport-level refusals (SOAP Fault on the SOAP endpoints, JSON elsewhere): the message is not
 * read as a message at all. Merged into the one catalogue by src/errors/catalogue.ts.
 */
export const HARDENING_ERRORS = {
  "HARDEN-RATE-LIMITED": {
    enforcement: "transport",
    ack: "AR",
    http: 429,
    fi: "Lähettäjä on ylittänyt sallitun pyyntömäärän minuutissa. Yritä myöhemmin uudelleen.",
    sv: "Avsändaren har överskridit det tillåtna antalet begäranden per minut. Försök igen senare.",
    en: "The sender has exceeded the allowed number of requests per minute. Try again later.",
    rule: "issue #9 (operational hardening, RATE_LIMIT_PER_MINUTE)",
  },
  "HARDEN-TLS-CLIENT-ORGANISATION-UNKNOWN": {
    enforcement: "transport",
    ack: "AR",
    http: 403,
    fi: "TLS-asiakasvarmenteesta ei voi päätellä lähettävää organisaatiota (organizationIdentifier puuttuu).",
    sv: "Den sändande organisationen kan inte härledas ur TLS-klientcertifikatet (organizationIdentifier saknas).",
    en: "The sending organisation cannot be derived from the TLS client certificate (no organizationIdentifier).",
    rule: "issue #9 (mutual TLS: client certificate → sending organisation)",
  },
  "HARDEN-TLS-SENDER-MISMATCH": {
    enforcement: "transport",
    ack: "AR",
    http: 403,
    fi: "Sanomakehyksen lähettäjäorganisaatio ei ole TLS-asiakasvarmenteen organisaatio.",
    sv: "Meddelanderamens avsändarorganisation är inte TLS-klientcertifikatets organisation.",
    en: "The message frame's sender organisation is not the organisation of the TLS client certificate.",
    rule: "issue #9 (mutual TLS: client certificate → sending organisation)",
  },
  "HARDEN-TLS-SIGNATURE-ORGANISATION-MISMATCH": {
    enforcement: "transport",
    ack: "AR",
    http: 403,
    fi: "Asiakirjan järjestelmäallekirjoituksen organisaatio ei ole TLS-asiakasvarmenteen organisaatio.",
    sv: "Organisationen i dokumentets systemsignatur är inte TLS-klientcertifikatets organisation.",
    en: "The organisation of the document's system signature is not the organisation of the TLS client certificate.",
    rule: "issue #9 (mutual TLS checked against the signature's organisation)",
  },
} as const satisfies ErrorFragment;
