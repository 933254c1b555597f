import type { ErrorEntry, ErrorFragment } from "../../errors/types.js";

/**
 * Error codes of src/rules/storage. Merged into the one catalogue by src/errors/catalogue.ts.
 * `archive`: the handbook says the archive checks it (always a refusal). `client-system`: the handbook
 * puts the duty on the client system (a warning in AA, a refusal in strict mode). DESIGN §7 decision 0.
 */
function archive(rule: string, fi: string, sv: string, en: string): ErrorEntry {
  return { enforcement: "archive", ack: "AE", http: 422, fi, sv, en, rule };
}
function clientSystem(rule: string, fi: string, sv: string, en: string): ErrorEntry {
  return { enforcement: "client-system", ack: "AE", http: 422, fi, sv, en, rule };
}

export const RULES_STORAGE_ERRORS = {
  // ── metadata matrix (07 §3.4, D07-R21/R24/R25/R28/R29) ──
  "MET-MANDATORY-MISSING": archive(
    "D07-R25 L27591-27603 L27620-27629 (table 11.2.2 L27644-29151); D06-R26 L25996-25998",
    "Asiakirjaryhmälle pakollinen metatieto puuttuu.",
    "Metadata som är obligatorisk för handlingsgruppen saknas.",
    "A metadata element mandatory for the document group is missing.",
  ),
  "MET-SERVICE-TASK-MISSING": archive(
    "D07-R21a L26471-26473 L28271-28337; D04-R01 L11212-11216",
    "Palvelutehtävä puuttuu (pakollinen kaikissa asiakirjoissa asiakkuusasiakirjaa lukuun ottamatta).",
    "Serviceuppgift saknas (obligatorisk i alla handlingar utom klientrelationshandlingen).",
    "Service task is missing (mandatory on every document except the client relationship document).",
  ),
  "MET-SERVICE-PROCESS-MISSING": archive(
    "D07-R21b L26471-26473 L28251-28269; D04-R45 L16239-16243",
    "Palveluprosessi puuttuu toiminnassa syntyneestä asiakasasiakirjasta.",
    "Serviceprocess saknas i en klienthandling som uppkommit i verksamheten.",
    "Service process is missing on a client document arising in operations.",
  ),
  "MET-SOCIAL-SERVICE-MISSING": archive(
    "D07-R21c L26473-26475 L28412-28428; D04-R07 L15219-15221",
    "Sosiaalipalvelu puuttuu, vaikka palveluprosessi on palvelun toteuttaminen.",
    "Socialservice saknas fast serviceprocessen är genomförande av tjänster.",
    "Social service is missing although the service process is service implementation.",
  ),
  "MET-SERVICE-UNIT-MISSING": archive(
    "D07-R29 L27587-27591 L27823-27866; D04-R11 L15845-15847",
    "Palveluyksikkö puuttuu asiakirjasta, jossa se on pakollinen.",
    "Serviceenhet saknas i en handling där den är obligatorisk.",
    "Service unit is missing on a document that must carry it.",
  ),
  "MET-CASE-CLOSED-DATE-MISSING": archive(
    "07 §3.4 #14 L28046-28058",
    "Suljetusta asiasta puuttuu asian päättymispäivä.",
    "Ärendets slutdatum saknas fast ärendet är stängt.",
    "The case is closed but its closing date is missing.",
  ),
  "MET-INCOMING-MISSING": archive(
    "07 §3.4 #24-#26 L28861-28952",
    "Saapuneen asiakirjan vastaanottoaika, saapumistapa tai lähettäjä puuttuu.",
    "Tidpunkt för mottagande, ankomstsätt eller avsändare saknas för en inkommen handling.",
    "Receipt time, arrival method or sender is missing on an incoming document.",
  ),
  "MET-SIGNER-MISSING": archive(
    "D07-R28 L28954-29151; D06-R40 L24622-24632 L25449-25459",
    "Sähköisen allekirjoituksen metatiedoista puuttuu pakollinen tieto (nimi, rekisteröintinumero tai henkilötunnus, tunnistustapa tai allekirjoitusaika).",
    "Metadata om den elektroniska underskriften saknar obligatorisk uppgift (namn, registreringsnummer eller personbeteckning, identifieringssätt eller tidpunkt).",
    "The electronic-signature metadata lacks a mandatory item (name, registration number or identity code, identification method or signing time).",
  ),
  "MET-CARDINALITY": archive(
    "D06-R26 L25996-25998; 07 §3.4 #10 L27943-27962",
    "Metatieto toistuu useammin kuin metatietomalli sallii.",
    "Metadata upprepas fler gånger än metadatamodellen tillåter.",
    "A metadata element repeats more often than the metadata model allows.",
  ),
  "MET-CASE-ONE-SERVICE-TASK": clientSystem(
    "D04-R41 L15996 L16193-16197 (simulator proposal)",
    "Asia kuuluu täsmälleen yhteen palvelutehtävään.",
    "Ett ärende hör till exakt en serviceuppgift.",
    "A case belongs to exactly one service task.",
  ),

  // ── codes (D06-R24, D06-R25) ──
  "MET-CODE-SYSTEM-WRONG": archive(
    "D06-R24 L25988-25990; table 11.2.2 L27644-29151",
    "Koodi on väärästä luokituksesta tälle metatiedolle.",
    "Koden kommer från fel klassificering för detta metadataelement.",
    "The code comes from the wrong classification for this metadata element.",
  ),
  "MET-CODE-UNKNOWN": archive(
    "D06-R24 L25988-25990",
    "Koodia ei ole kansallisessa koodistopalvelussa.",
    "Koden finns inte i den nationella kodtjänsten.",
    "The code does not exist in the national code service.",
  ),
  "MET-CODE-NOT-IN-FORCE": archive(
    "D06-R24 L25988-25990 (simplified for makulering: D06-R25 L25990-25994)",
    "Koodi ei ole voimassa arkistointihetkellä.",
    "Koden är inte i kraft vid arkiveringstidpunkten.",
    "The code is not in force at the time of archiving.",
  ),

  // ── storage form and document type (D07-R26, D06-R08, D06-R62..R69) ──
  "FORM-JSON-REQUIRED": archive(
    "D07-R26 L27561-27567 L28605-28716 L29231-29237; D01-R11 L2279-2283",
    "Asiakirjaryhmä tallennetaan aina rakenteisena (JSON).",
    "Handlingsgruppen lagras alltid strukturerad (JSON).",
    "This document group is always stored structured (JSON).",
  ),
  "FORM-XHTML-REQUIRED": archive(
    "D06-R08 L25927; D07-R26 L27565-27567",
    "Rakenteiselta asiakirjalta puuttuu XHTML-näyttömuoto.",
    "Den strukturerade handlingen saknar visningsformat i XHTML.",
    "The structured document has no XHTML display format.",
  ),
  "FORM-STRUCTURED-NOT-ALLOWED": archive(
    "D07-R26 L27561-27565 L28605-28660",
    "Vanha asiakirja ja ensimmäisen vaiheen asiakirja tallennetaan rakenteistamattomana (PDF/A tai XHTML).",
    "Gammal klienthandling och klienthandling i första fasen lagras ostrukturerat (PDF/A eller XHTML).",
    "Old and phase-1 client documents are stored unstructured (PDF/A or XHTML).",
  ),
  "FORM-BODY-MISSING": archive(
    "D07-R26 L27561-27567",
    "Asiakirjalta puuttuu tallennusmuoto (PDF/A, XHTML tai JSON).",
    "Handlingen saknar lagringsformat (PDF/A, XHTML eller JSON).",
    "The document has no stored form (PDF/A, XHTML or JSON).",
  ),
  "FORM-GROUP-NOT-IN-PHASE": archive(
    "D01-R11 L2279-2283; 07 §3.5 L28668-28716",
    "Asiakirjaryhmää ei voi tallentaa rekisteriin, joka on vasta ensimmäisessä vaiheessa.",
    "Handlingsgruppen kan inte lagras i ett register som ännu är i första fasen.",
    "This document group cannot be stored in a register that is still in phase 1.",
  ),
  "FORM-ATTACHMENT-FORMAT": archive(
    "D06-R67 L24509-24517",
    "Liite tallennetaan aina XHTML- tai PDF/A-muodossa.",
    "En bilaga lagras alltid i formatet XHTML eller PDF/A.",
    "An attachment is always stored as XHTML or PDF/A.",
  ),
  "TYPE-UNSTRUCTURED-CLASS": archive(
    "D06-R62 L24414-24424 L24456-24464",
    "Rakenteistamaton asiakirja voi olla vain tyyppiä muu sosiaalihuollossa laadittu asiakirja, muu sosiaalihuoltoon saapunut asiakirja tai liite.",
    "En ostrukturerad handling kan endast ha typen annan handling som utarbetats inom socialvården, annan handling som inkommit till socialvården eller bilaga.",
    "An unstructured document may only be typed as other document created in social welfare, other document received by social welfare, or attachment.",
  ),
  "TYPE-DESCRIPTION-MISSING": clientSystem(
    "D06-R63 L24424-24432",
    "Rakenteistamattoman asiakirjan kuvaus (asiakirjan nimi vapaana tekstinä) puuttuu.",
    "Beskrivning (handlingens namn i fritext) saknas för en ostrukturerad handling.",
    "Description (the document's name as free text) is missing on an unstructured document.",
  ),
  "TYPE-2016-IN-PHASE-2": clientSystem(
    "D06-R69 L23423-23445; D05-R03 L20106-20120; D05-R04 L19852-19858",
    "Asiakirjatyyppiluokituksen versio 2016 on tarkoitettu vain vanhoille ja ensimmäisen vaiheen asiakirjoille.",
    "Version 2016 av klassificeringen av klienthandlingstyper är avsedd endast för gamla handlingar och handlingar i första fasen.",
    "The 2016 version of the document-type classification is only for old and phase-1 documents.",
  ),

  // ── client identity (D06-R18..R21, R28, R52..R60) ──
  "CLI-PIC-INVALID": archive(
    "D06-R18 L25968-25970",
    "Henkilötunnus ei ole Kanta-palvelujen hyväksymässä muodossa.",
    "Personbeteckningen har inte en form som Kanta-tjänsterna godkänner.",
    "The personal identity code is not in a form the Kanta services accept.",
  ),
  "CLI-ID-INVALID": archive(
    "D06-R52 L25719-25733; D06-R18 L25968-25970",
    "Asiakkaan tunniste ei ole henkilötunnus eikä OID-muotoinen tilapäinen tunniste.",
    "Klientens identifikation är varken en personbeteckning eller en tillfällig identifikationskod i OID-form.",
    "The client identifier is neither a personal identity code nor a temporary identifier in OID form.",
  ),
  "CLI-BIRTH-DATE-MISMATCH": archive(
    "D06-R19 L25972",
    "Henkilötunnus ja syntymäaika eivät vastaa toisiaan.",
    "Personbeteckningen och födelsedatumet motsvarar inte varandra.",
    "The personal identity code and the date of birth do not match.",
  ),
  "CLI-ID-MISMATCH": archive(
    "D06-R21 L25976",
    "Asiakkaan tunniste ei ole sama sanomassa, metatiedoissa ja asiakirjan sisällössä.",
    "Klientens identifikation är inte densamma i meddelandet, metadata och handlingen.",
    "The client identifier differs between the message, the metadata and the document content.",
  ),
  "CLI-CONTENT-ID-MISSING": archive(
    "D06-R28 L26004",
    "Rakenteisesta asiakirjasta puuttuu henkilötunnus ja tilapäinen tunniste.",
    "Den strukturerade handlingen saknar både personbeteckning och tillfällig identifikationskod.",
    "The structured document contains neither a personal identity code nor a temporary identifier.",
  ),
  "CLI-TEMP-ID-AFTER-SWITCH": archive(
    "D06-R57 L25826-25837; D06-R78 L25834-25842",
    "Tilapäistä tunnistetta ei voi enää käyttää, koska asiakkaan henkilötunnus on päivitetty arkistoon.",
    "Den tillfälliga identifikationskoden kan inte längre användas eftersom klientens personbeteckning har uppdaterats i arkivet.",
    "The temporary identifier can no longer be used: the client's official identity code has been set in the archive.",
  ),
  "CLI-SWITCH-NOT-FIRST-IN-KR": archive(
    "D06-R55 L25816-25820",
    "Tilapäinen tunniste vaihdetaan henkilötunnukseen ensin asiakkuusasiakirjassa.",
    "Bytet från tillfällig identifikationskod till personbeteckning görs först i klientrelationshandlingen.",
    "The switch from temporary identifier to identity code must happen first in the client relationship document.",
  ),
  "CLI-SWITCH-TWICE": archive(
    "D06-R55 L25816; D06-R56 L25820-25826",
    "Tilapäisen tunnisteen vaihto henkilötunnukseen voidaan tehdä vain kerran.",
    "Bytet från tillfällig identifikationskod till personbeteckning kan göras endast en gång.",
    "The switch from temporary identifier to identity code can be made only once.",
  ),
  "CLI-OFFICIAL-CODE-CHANGED": archive(
    "D06-R60 L25844-25848",
    "Henkilötunnusta ei voi muuttaa toiseksi henkilötunnukseksi.",
    "En personbeteckning kan inte ändras till en annan personbeteckning.",
    "An official identity code can never be changed to another one.",
  ),
  "CLI-CLOSED-CASE-ID-CHANGE": clientSystem(
    "D06-R59 L25757-25759",
    "Suljetun asian asia-asiakirjan tunnistetta ei vaihdeta henkilötunnukseen.",
    "Personbeteckningen byts inte i en stängd ärendehandling.",
    "The identifier of a closed case document is not switched to the identity code.",
  ),

  // ── minors and restriction reasons (D06-R22, 03 §2.4-2.5) ──
  "MIN-GUARDIAN-DISCLOSURE-MISSING": archive(
    "D06-R22 L25978-25980; D03-R52 L8887-8899",
    "Alaikäisen asiakkaan asiakirjasta puuttuu tieto luovutuskiellosta huoltajille.",
    "Utlämningsförbud för vårdnadshavare saknas i en handling om en minderårig klient.",
    "The guardian-disclosure element is missing on a document of a client under 18.",
  ),
  "MIN-CHILD-REASON-TEXT-MISSING": archive(
    "D03-R56 L8952-8964; D03-R57 L8966-8998",
    "Lapsen perustelut kiellolle puuttuvat (perustelu tekstinä).",
    "Barnets motivering till förbudet saknas (motivering i textform).",
    "The child's reasons for the ban are missing (reason as text).",
  ),
  "MIN-DISCLOSURE-DESPITE-BAN-REASON-MISSING": archive(
    "D03-R57 L8966-8998",
    "Peruste tietojen luovuttamiselle lapsen kiellosta huolimatta puuttuu.",
    "Motivering för utlämnande av uppgifter trots barnets förbud saknas.",
    "The reason for disclosure despite the child's ban is missing.",
  ),
  "RESTRICTION-REASON-MISSING": archive(
    "D03-R41 L8316-8322; D03-R42 L8409-8413; D03-R59 L10007-10029",
    "Näyttämisen viivästämisen tai näyttämättä jättämisen peruste puuttuu.",
    "Motivering för att fördröja eller låta bli att visa handlingen saknas.",
    "The reason for delaying or not showing the document is missing.",
  ),
  "RESTRICTION-REASON-DELAY-ONLY": archive(
    "table 5.3.1 code 6 L8620-8628; D06-R30 L26010-26012",
    "Perustetta 6 käytetään vain, kun asiakirjan näyttämistä viivästetään.",
    "Motivering 6 används bara när visandet av handlingen fördröjs.",
    "Reason 6 is used only when display of the document is delayed.",
  ),
  "RESTRICTION-TEXT-TOO-LONG": clientSystem(
    "D03-R43 L8960-8962",
    "Perustelu tekstinä on yli 500 merkkiä.",
    "Motivering i textform är längre än 500 tecken.",
    "The reason as text is longer than 500 characters.",
  ),

  // ── signature requirements (table 9.10.1, DESIGN §7.6) ──
  "SIG-PROF-REQUIRED": clientSystem(
    "D06-R38 L24572-24578 L24586-24596 (table 9.10.1 L24656-25255)",
    "Asiakirjatyyppi vaatii ammattihenkilön sähköisen allekirjoituksen; järjestelmäallekirjoitus ei riitä.",
    "Handlingstypen kräver en yrkesutbildad persons elektroniska underskrift; systemunderskrift räcker inte.",
    "This document type needs a professional's electronic signature; a system signature is not enough.",
  ),

  // ── versioning (D06-R11, R13..R16) ──
  "VER-DOCUMENT-ID-EXISTS": archive(
    "D06-R11 L25939",
    "Asiakirjan OID-tunniste on jo käytössä.",
    "Handlingens oid-identifikationskod används redan.",
    "The document OID is already in use.",
  ),
  "VER-SET-EXISTS": archive(
    "D06-R11 L25939; D06-R13 L25950",
    "Asiakirja on jo arkistossa; uusi versio on tallennettava versiona.",
    "Handlingen finns redan i arkivet; en ny version ska lagras som version.",
    "The document is already archived; store a new version instead.",
  ),
  "VER-FIRST-NOT-ONE": archive(
    "D06-R13 L25950",
    "Asiakirjan ensimmäisen arkistoitavan version numeron on oltava 1.",
    "Versionsnumret för handlingens första arkiverade version ska vara 1.",
    "The first archived version of a document must be number 1.",
  ),
  "VER-PREVIOUS-MISSING": archive(
    "D06-R15 L25956-25958",
    "Asiakirjan edellistä versiota ei ole arkistossa.",
    "Handlingens föregående version finns inte i arkivet.",
    "The previous version of the document is not in the archive.",
  ),
  "VER-PREVIOUS-CANCELLED": archive(
    "D06-R15 L25956-25958",
    "Asiakirjan edellinen versio on mitätöity.",
    "Handlingens föregående version är makulerad.",
    "The previous version of the document is cancelled.",
  ),
  "VER-ORIGINAL-CONTROLLER-CHANGED": archive(
    "D08-R49 L33606-33822",
    "Alkuperäisen rekisterinpitäjän tieto ei saa muuttua asiakirjan versioiden välillä.",
    "Uppgiften om den ursprungliga personuppgiftsansvarige får inte ändras mellan handlingens versioner.",
    "The original controller of the document must not change between its versions.",
  ),
  "VER-KR-OLD-RELATIONSHIP-FROZEN": archive(
    "D08-R44 L32920-32926, L33242-33244",
    "Gammal klientrelation -merkinnällä tallennetusta asiakkuusasiakirjasta ei voi tallentaa uutta versiota.",
    "En klientrelationshandling som lagrats med Gammal klientrelation kan aldrig få en ny version.",
    "A client relationship document stored as a gammal klientrelation never gets a new version.",
  ),
  "VER-NUMBER-NOT-NEXT": archive(
    "D06-R14 L25952-25954",
    "Uuden version numeron on oltava edellinen versionumero + 1.",
    "Den nya versionens nummer ska vara föregående versionsnummer + 1.",
    "The new version number must be the previous version number + 1.",
  ),
  "VER-NOT-LATEST": archive(
    "D06-R15 L25956-25958; DESIGN §6",
    "Uusi versio ei viittaa asiakirjan viimeisimpään versioon.",
    "Den nya versionen hänvisar inte till handlingens senaste version.",
    "The new version does not reference the latest version of the document.",
  ),
  "VER-STATUS-WRONG": archive(
    "D06-R16 L25960",
    "Asiakirjan tilan on oltava Arkistointivalmis, ja mitätöinnin tilan Poistettu.",
    "Handlingens status ska vara Arkiveringsklar, och en makulerings status Raderad.",
    "A document must have status ready for archiving, a cancellation status removed.",
  ),

  // ── order and structure (D06-R12, R17, R23, R27, R64, R66; D04; D07-R40; DESIGN §7.10-7.12) ──
  "STR-KR-MISSING": archive(
    "D06-R12 L25940-25948",
    "Asiakkaan asiakkuusasiakirjaa ei ole arkistossa; se tallennetaan ennen asia-asiakirjaa.",
    "Klientens klientrelationshandling finns inte i arkivet; den lagras före ärendehandlingen.",
    "The client's client relationship document is not archived; it is stored before the case document.",
  ),
  "STR-CASE-MISSING": archive(
    "D06-R12 L25940-25948; D04-R33 L16051-16053",
    "Asiakirjan asiaa ei ole arkistossa samassa rekisterissä; asia-asiakirja tallennetaan ensin.",
    "Handlingens ärende finns inte i arkivet i samma register; ärendehandlingen lagras först.",
    "The document's case is not archived in the same register; the case document is stored first.",
  ),
  "STR-CASE-CLOSED": archive(
    "D04-R35 L16075-16077; D08-R45 L33174-33178",
    "Suljettuun asiaan ei voi liittää uusia asiakirjoja eikä tallentaa sen asiakirjoista uusia versioita.",
    "Nya klienthandlingar kan inte fogas till ett stängt ärende och nya versioner av dess handlingar kan inte lagras.",
    "No new documents can be added to a closed case and no new versions of its documents stored.",
  ),
  "STR-CASE-ID-TAKEN": archive(
    "D04-R33 L16045",
    "Asiatunnuksella on jo toinen asia-asiakirja.",
    "Ärendekoden har redan en annan ärendehandling.",
    "Another case document already has this case identifier.",
  ),
  "STR-KR-DUPLICATE": archive(
    "D06-R27 L26002; D05-R26 L20323-20349; D05-R27 L20423-20443; DESIGN §7.10",
    "Asiakkaalla on jo voimassa oleva asiakkuusasiakirja tämän järjestäjän rekisterissä.",
    "Klienten har redan en gällande klientrelationshandling i denna anordnares register.",
    "The client already has a current client relationship document in this organiser's register.",
  ),
  "STR-OPEN-CASE-ON-OLD-KR": archive(
    "D05-R24 L20433-20435; D05-R27 L20423-20443; 07 E27 L31849-31851",
    "Vanhaan asiakkuuteen liittyvä asia tallennetaan suljettuna.",
    "Ett ärende som hör till en gammal klientrelation lagras som stängt.",
    "A case of an old client relationship is stored as closed.",
  ),
  "STR-JOINT-CASE-PHASE-1": archive(
    "D04-R49 L16636-16640; D05-R22 L20266-20278",
    "Usean asiakkaan yhteinen asia on mahdollinen vasta toisesta vaiheesta alkaen.",
    "Ett gemensamt ärende för flera klienter är möjligt först från andra fasen.",
    "A joint case for several clients is possible only from phase 2.",
  ),
  "STR-JOINT-CLIENTS-MISMATCH": clientSystem(
    "D06-R23 L25982-25984; D04-R40 L15516-15518; D04-R50 L16962-16968; D05-R41; DESIGN §7.11",
    "Asiakirjan asiakkaat eivät vastaa asian asiakkaita asiakirjan laatimishetkellä.",
    "Handlingens klienter motsvarar inte ärendets klienter vid tidpunkten då handlingen upprättades.",
    "The document's clients differ from the case's clients at the time the document was created.",
  ),
  "STR-CASE-LINK-OTHER-REGISTER": archive(
    "D07-R106 L28127-28199 (E28 L28155-28159 L28195-28197)",
    "Asiayhteys on mahdollinen vain saman rekisterinpitäjän saman rekisterin asioiden välillä.",
    "Ärendekoppling är möjlig endast mellan ärenden inom samma personuppgiftsansvarig och samma register.",
    "A case link is possible only between cases of the same controller and the same register.",
  ),
  "CASE-NAME-CLASSIFICATION": archive(
    "D04-R36 L16081-16086",
    "Asian nimi on annettava luokituksella Sosiaalihuolto – Sosiaalihuollon asia (2017 tai 2023).",
    "Ärendets namn ska anges med klassificeringen Socialvård – Socialvårdsärende (2017 eller 2023).",
    "The case name must be coded with Socialvård – Socialvårdsärende (2017 or 2023).",
  ),
  "CASE-NAME-TEXT-MISSING": archive(
    "D04-R38 L17118-17126 L17144-17148 L19380-19386",
    "Koodi 99 vaatii asian nimen tekstinä.",
    "Kod 99 kräver ärendets namn i textform.",
    "Code 99 requires the case name as text.",
  ),
  "CASE-NAME-2017-EXPIRED": archive(
    "D04-R37 L16092 L17154-17156 L16108-16110",
    "Avoimen asian nimi on annettava vuoden 2023 luokituksella 31.8.2024 jälkeen.",
    "Ett öppet ärende ska efter 31.8.2024 namnges med 2023 års klassificering.",
    "After 31.8.2024 an open case must be named with the 2023 classification.",
  ),
  "CASE-NAME-2023-NOT-YET": archive(
    "D04-R37 L16094 L17128",
    "Vuoden 2023 asialuokitusta voi käyttää 1.1.2023 alkaen.",
    "2023 års klassificering av ärenden kan användas från 1.1.2023.",
    "The 2023 case classification can be used from 1.1.2023.",
  ),
  "ATT-MAIN-MISSING": archive(
    "D06-R64 L24505-24507; D05-R06 L20078-20080",
    "Liitteellä ei ole pääasiakirjaa; ilman pääasiakirjaa liitettä ei voi tallentaa.",
    "Bilagan har ingen huvudhandling; utan huvudhandling kan bilagan inte lagras.",
    "The attachment has no main document; without one it cannot be stored.",
  ),
  "ATT-MAIN-NOT-FOUND": archive(
    "D06-R64 L24505-24507",
    "Liitteen pääasiakirjaa ei ole arkistossa tai se on mitätöity.",
    "Bilagans huvudhandling finns inte i arkivet eller är makulerad.",
    "The attachment's main document is not in the archive or is cancelled.",
  ),
  "ATT-NOT-ATTACHMENT-TYPE": archive(
    "D06-R66 L24499-24505",
    "Vain liite-tyyppisen asiakirjan voi liittää toiseen asiakirjaan.",
    "Endast en handling av typen bilaga kan fogas till en annan handling.",
    "Only a document of type attachment can be attached to another document.",
  ),
  "STR-CANCEL-HAS-DEPENDANTS": archive(
    "D06-R17 L25962-25964; D07-R40 L29300-29314",
    "Asiakirjaa ei voi mitätöidä, koska siihen viittaavia asiakirjoja ei ole mitätöity (järjestys: liitteet, asiakasasiakirjat, asia-asiakirjat, asiakkuusasiakirja).",
    "Handlingen kan inte makuleras eftersom handlingar som hänvisar till den inte är makulerade (ordning: bilagor, klienthandlingar, ärendehandlingar, klientrelationshandling).",
    "The document cannot be cancelled while documents referencing it are not cancelled (order: attachments, client documents, case documents, client relationship document).",
  ),
  "STR-CASE-MARK-MISSING": archive(
    "DESIGN §7.12; D03-R45 L8332-8340; D03-R46 L8422-8432; D03-R62 L8804-8829",
    "Asiakirjasta puuttuu asia-asiakirjaan merkitty rajoitus (viivästys, erityissisältö tai huoltajarajoitus); arkisto ei periytä merkintää.",
    "Handlingen saknar den begränsning som antecknats i ärendehandlingen (fördröjning, specialinnehåll eller begränsning för vårdnadshavare); arkivet ärver inte anteckningen.",
    "The document lacks the restriction marked on its case document (delay, special content or guardian restriction); the archive does not propagate marks.",
  ),
  "STR-CASE-MARK-REMOVED": archive(
    "DESIGN §7.12; D03-R48 L8341-8349 L8448-8466",
    "Rajoitusta ei voi poistaa asiakirjasta, kun koko asia on yhä merkitty.",
    "Begränsningen kan inte tas bort från handlingen när hela ärendet fortfarande är markerat.",
    "The restriction cannot be removed from the document while the whole case is still marked.",
  ),
} as const satisfies ErrorFragment;

export type StorageErrorCode = keyof typeof RULES_STORAGE_ERRORS;
