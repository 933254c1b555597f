import type { ErrorFragment } from "../errors/types.js";

/**
 * Error codes of the rehearsal API (/admin/api/rehearsals, `kanta-sim rehearse`). The rehearsal is the
 * simulator's own tool (samtestning itself is Kela's, D02 §7), so the codes rest on simulator rules.
 */
export const REHEARSAL_ERRORS = {
  "REHEARSAL-BODY-INVALID": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Harjoitusistunnon pyyntö on virheellinen: anna profile ja sender (organisaation OID).",
    sv: "Begäran om en övningssession är felaktig: ange profile och sender (organisationens OID).",
    en: "The rehearsal session request is invalid: give profile and sender (an organisation OID).",
    rule: "simulator: docs/rehearsal.md",
  },
  "REHEARSAL-PROFILE-UNKNOWN": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Tietojärjestelmäprofiilia ei ole harjoitusluettelossa.",
    sv: "Informationssystemprofilen finns inte i övningskatalogen.",
    en: "The information-system profile is not in the rehearsal catalogue.",
    rule: "simulator: fixtures/rehearsal/*.yaml; D02 §4.7-4.8 L6349-7243",
  },
  "REHEARSAL-SENDER-UNKNOWN": {
    enforcement: "archive",
    ack: "AE",
    http: 400,
    fi: "Lähettäjäorganisaatiota ei ole testimaailmassa.",
    sv: "Avsändarorganisationen finns inte i testvärlden.",
    en: "The sender organisation is not in the test world.",
    rule: "simulator: fixtures/world/organisations.json",
  },
  "REHEARSAL-SESSION-NOT-FOUND": {
    enforcement: "archive",
    ack: "AE",
    http: 404,
    fi: "Harjoitusistuntoa ei ole (istunnot ovat palvelimen muistissa ja katoavat uudelleenkäynnistyksessä).",
    sv: "Övningssessionen finns inte (sessionerna hålls i serverns minne och försvinner vid omstart).",
    en: "There is no such rehearsal session (sessions live in the server's memory and end with a restart).",
    rule: "simulator: docs/rehearsal.md",
  },
} as const satisfies ErrorFragment;
