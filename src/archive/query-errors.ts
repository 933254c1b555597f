import type { ErrorEntry, ErrorFragment } from "../errors/types.js";

/**
 * Error codes of the archive's searches and fetches (query interactions RCMR_IN100016FI01).
 * Merged into the one catalogue by src/errors/catalogue.ts. All are the archive's own decisions (AE:
 * fix the query and send it again). A search that finds nothing is not an error: the answer is AA
 * with queryResponseCode NF (D07-R49 L29179-29191, D07-R39 L29294-29300 "som om den aldrig funnits").
 */
const query = (fi: string, sv: string, en: string, rule: string, http = 400): ErrorEntry => ({ enforcement: "archive", ack: "AE", http, fi, sv, en, rule });

export const QUERY_ERRORS = {
  "QUERY-PARAMETERS-MISSING": query(
    "Hakusanomasta puuttuu hakuehtojen osa (controlActProcess/queryByParameter/parameterList).",
    "Sökmeddelandet saknar sökvillkorsdelen (controlActProcess/queryByParameter/parameterList).",
    "The query has no parameter part (controlActProcess/queryByParameter/parameterList).",
    "D07-R57 L29864-29870 (searches use the specified search parameters)",
  ),
  "QUERY-CLIENT-MISSING": query(
    "Haku koskee aina yhtä asiakasta: asiakkaan tunniste (clientId/value) puuttuu.",
    "En sökning gäller alltid en klient: klientens identifierare (clientId/value) saknas.",
    "A search always concerns one client: the client identifier (clientId/value) is missing.",
    "D07-R53 L29832-29836",
  ),
  "QUERY-CLIENT-REPEATED": query(
    "Haku koskee yhtä asiakasta kerrallaan: hakuehdoissa on useampi asiakas.",
    "En sökning gäller en klient åt gången: sökvillkoren innehåller flera klienter.",
    "A search concerns one client at a time: the parameters name more than one client.",
    "D07-R53 L29832-29836",
  ),
  "QUERY-PARAMETER-REPEATED": query(
    "Hakuehto on annettu useammin kuin kerran, vaikka se saa esiintyä vain kerran.",
    "Sökvillkoret har angetts mer än en gång fast det får förekomma bara en gång.",
    "The search parameter is given more than once; it may occur only once.",
    "D07-R57 L29864-29870",
  ),
  "QUERY-PARAMETER-INVALID": query(
    "Hakuehdon arvo ei ole sallitussa muodossa (OID, positiivinen kokonaisluku, päivämäärä tai päivämääräväli).",
    "Sökvillkorets värde har inte tillåten form (OID, positivt heltal, datum eller datumintervall).",
    "The search parameter's value is not in the allowed form (OID, positive integer, date or date range).",
    "D07-R57 L29864-29870",
  ),
  "QUERY-PARAMETER-NOT-APPLICABLE": query(
    "Hakuehto ei kuulu tähän hakutapaan.",
    "Sökvillkoret hör inte till detta söksätt.",
    "The search parameter does not belong to this search kind.",
    "D07-R51 L29793-29803, D07-R57 L29864-29870",
  ),
  "QUERY-DOCUMENT-ID-MISSING": query(
    "Asiakirjan haussa on annettava asiakirjaversion tunniste (documentId) tai asiakirjan setId.",
    "Vid sökning av handling ska handlingsversionens identifierare (documentId) eller handlingens setId anges.",
    "A document fetch needs the document version id (documentId) or the document's setId.",
    "D07-R52 L29807-29812",
  ),
  "QUERY-DOCUMENT-ID-CONFLICT": query(
    "Asiakirjan haussa annetaan joko asiakirjaversion tunniste (documentId) tai setId (ja versionumero), ei molempia.",
    "Vid sökning av handling anges antingen handlingsversionens identifierare (documentId) eller setId (och versionsnummer), inte båda.",
    "A document fetch names either the version id (documentId) or the setId (and version number), not both.",
    "D07-R52 L29807-29812",
  ),
  "QUERY-CRITERION-UNKNOWN": query(
    "Metatietohakuehdon nimi ei ole metatietomallin hakuehto.",
    "Namnet på metadatasökvillkoret är inget sökvillkor i metadatamodellen.",
    "The metadata criterion name is not a search criterion of the metadata model.",
    "D07-R58 L27845-27856 (criteria are the metadata of table 11.2.2)",
  ),
  "QUERY-CRITERION-NOT-SEARCHABLE": query(
    "Tätä metatietoa ei voi käyttää hakuehtona (saapumistapa, lähettäjä tai asiamies, sähköisen allekirjoituksen tiedot, palveluyksikön nimi).",
    "Denna metadata kan inte användas som sökvillkor (ankomstsätt, avsändare eller ombud, uppgifter om elektronisk signatur, serviceenhetens namn).",
    "This metadata cannot be used as a search criterion (arrival method, sender or agent, e-signature data, service unit name).",
    "D07-R58 L27845-27856, L28890-29151",
  ),
  "QUERY-VERSION-SUPERSEDED": query(
    "Pyydetty asiakirjaversio ei ole asiakirjan uusin versio; aiemmat versiot ovat saatavilla vain arkistonhoitajan käyttöliittymässä. Hae uusin versio.",
    "Den begärda handlingsversionen är inte handlingens senaste version; tidigare versioner finns bara i arkivariens användargränssnitt. Hämta den senaste versionen.",
    "The version asked for is not the document's latest version; earlier versions are available only in the archivist user interface. Fetch the latest version.",
    "D07-R32 L29266-29270, L29290-29293",
    409,
  ),
} as const satisfies ErrorFragment;
