import type { ErrorEntry, ErrorFragment } from "../../errors/types.js";

/**
 * Error codes of src/rules/visibility: why a person may not open someone else's MittKanta view
 * (domain/03 §5.3, seed L8722-8776). MittKanta (not the archive) checks these against the population
 * register and the Fullmakter service; the simulator's MittKanta API reports them as 403 with no document
 * data (domain/03 §6 "Read-side"). Document-level hiding is not an error: it is a VisibilityReason.
 * Merged into the one catalogue by src/errors/catalogue.ts (the lead adds this fragment there).
 */
const denied = (fi: string, sv: string, en: string, rule: string): ErrorEntry => ({
  enforcement: "archive",
  ack: "AR",
  http: 403,
  fi,
  sv,
  en,
  rule,
});

export const VISIBILITY_ERRORS = {
  "MK-VIEWER-NOT-SUBJECT": denied(
    "Omaa näkymää voi käyttää vain asiakas itse; huoltaja asioi alaikäisen puolesta eikä kirjaudu alaikäisenä.",
    "Den egna vyn kan bara användas av klienten själv; en vårdnadshavare uträttar ärenden för den minderåriga och loggar inte in som den minderåriga.",
    "The own view is for the client himself; a guardian acts on behalf of a minor and never logs in as the minor.",
    "D07-R86 L30605-30611",
  ),
  "MK-PROXY-FOR-SELF": denied(
    "Henkilö ei voi asioida omasta puolestaan toisen puolesta asioinnin roolissa.",
    "En person kan inte uträtta ärenden för någon annans räkning i sitt eget namn.",
    "A person cannot act on behalf of himself; use the own view.",
    "D07-R86 L30605-30611",
  ),
  "MK-PROXY-RELATION-UNKNOWN": denied(
    "Väestötietojärjestelmästä ja Valtuudet-palvelusta ei saatu tietoa asioijan suhteesta asiakkaaseen.",
    "Uppgifter om relationen till klienten kunde inte hämtas från befolkningsdatasystemet och tjänsten Fullmakter.",
    "No population-register or Fullmakter facts about the viewer's relation to the client were available.",
    "D03-R67 L8722-8736",
  ),
  "MK-PROXY-NO-MANDATE": denied(
    "Asioijalla ei ole vahvistettua sähköistä valtuutusta asiakkaan puolesta asiointiin.",
    "Personen har ingen verifierad elektronisk fullmakt att uträtta ärenden för klientens räkning.",
    "The viewer holds no verified electronic mandate to act for the client.",
    "D03-R09 L7592-7610",
  ),
  "MK-PROXY-NOT-GUARDIAN": denied(
    "Asioijaa ei ole merkitty väestötietojärjestelmään lapsen huoltajaksi.",
    "Personen är inte registrerad som barnets vårdnadshavare i befolkningsdatasystemet.",
    "The viewer is not registered as the child's guardian in the population register.",
    "D03-R67 L8722-8736",
  ),
  "MK-PROXY-NO-INFORMATION-RIGHT": denied(
    "Asioijalla ei ole lapsen huollosta ja tapaamisoikeudesta annetun lain 7 §:n mukaista tiedonsaantioikeutta.",
    "Personen har ingen rätt att få information enligt 7 § i lagen om vårdnad om barn och umgängesrätt.",
    "The viewer holds no information right under section 7 of the Child Custody and Right of Access Act.",
    "D03-R66 L8711-8719",
  ),
  "MK-PROXY-CHILD-AGE-UNKNOWN": denied(
    "Asiakkaan ikää ei voitu päätellä, joten huoltajan oikeutta ei voitu todeta.",
    "Klientens ålder kunde inte fastställas, så vårdnadshavarens rätt kunde inte konstateras.",
    "The client's age could not be determined, so no guardian right could be established.",
    "D03-R52 L8887-8899",
  ),
  "MK-PROXY-CHILD-ADULT": denied(
    "Asiakas on täysi-ikäinen; huoltajan oikeus asioida hänen puolestaan on päättynyt.",
    "Klienten är myndig; vårdnadshavarens rätt att uträtta ärenden för klientens räkning har upphört.",
    "The client is 18 or older; the guardian's right to act for the client has ended.",
    "D07-R91 L30599-30605",
  ),
  "MK-PROXY-CHILD-NON-DISCLOSURE": denied(
    "Lapsella on turvakielto, joten kumpikaan huoltaja ei voi asioida lapsen puolesta OmaKannassa.",
    "Barnet har spärrmarkering, så ingendera vårdnadshavaren kan uträtta ärenden för barnets räkning på MittKanta.",
    "The child has a non-disclosure marking, so no guardian can act for the child in MyKanta.",
    "D03-R68 L8740-8742",
  ),
  "MK-PROXY-OTHER-GUARDIAN-NON-DISCLOSURE": denied(
    "Lapsen toisella huoltajalla on turvakielto, joten lapsen puolesta ei voi asioida OmaKannassa.",
    "Barnets andra vårdnadshavare har spärrmarkering, så ärenden kan inte uträttas för barnets räkning på MittKanta.",
    "Another guardian of the child has a non-disclosure marking, so no one can act for the child in MyKanta.",
    "D03-R67 L8744-8750",
  ),
  "MK-PROXY-INCAPACITATED": denied(
    "Huoltaja on julistettu vajaavaltaiseksi.",
    "Vårdnadshavaren har förklarats omyndig.",
    "The guardian has been declared incapacitated.",
    "D03-R67 L8752",
  ),
  "MK-PROXY-INTEREST-GUARDIAN": denied(
    "Huoltajalle on määrätty edunvalvoja.",
    "En intressebevakare har förordnats för vårdnadshavaren.",
    "An interest guardian has been appointed for the guardian.",
    "D03-R67 L8754",
  ),
  "MK-PROXY-UNSTRUCTURED-CUSTODY-AGREEMENT": denied(
    "Lapsen huoltoa koskeva sopimus tai määräys on tehty ennen sopimustietojen rakenteista kirjaamista, joten lapsen puolesta ei voi asioida.",
    "Avtalet eller förordnandet om delad vårdnad har ingåtts före strukturerad anteckning av uppgifterna, så ärenden kan inte uträttas för barnets räkning.",
    "The shared-custody agreement or order predates structured recording, so acting for the child is not possible.",
    "D03-R67 L8756-8762",
  ),
} as const satisfies ErrorFragment;

export type VisibilityErrorCode = keyof typeof VISIBILITY_ERRORS;
