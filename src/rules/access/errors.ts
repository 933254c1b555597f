import type { ErrorEntry, ErrorFragment } from "../../errors/types.js";

/**
 * Error codes of src/rules/access: why the archive refuses a request on access-control grounds
 * (domain/08 ch. 12–13, domain/07 §2.F–2.H). Archive-enforced codes are refusals; codes classed
 * `client-system` are duties the handbook puts on the client system (DESIGN §7 decision 0): a warning
 * by default. The lead engineer merges this fragment into src/errors/catalogue.ts.
 */
const refused = (fi: string, sv: string, en: string, rule: string, ack: "AE" | "AR" = "AR"): ErrorEntry => ({
  enforcement: "archive",
  ack,
  http: 403,
  fi,
  sv,
  en,
  rule,
});
const clientDuty = (fi: string, sv: string, en: string, rule: string): ErrorEntry => ({
  enforcement: "client-system",
  ack: "AE",
  http: 422,
  fi,
  sv,
  en,
  rule,
});

export const ACCESS_ERRORS = {
  "ACCESS-USAGE-SITUATION-UNKNOWN": refused(
    "Käyttötilanne puuttuu tai sen arvo ei kuulu luokitukseen Sosiaalihuolto – Käyttötilanne asiakastiedon arkistossa.",
    "Användningssituationen saknas eller dess värde finns inte i klassificeringen Socialvård – Användningssituation i Klientdataarkivet.",
    "The usage situation is missing or not a code of Socialvård – Användningssituation i Klientdataarkivet.",
    "D07-R59 L29880-29886",
    "AE",
  ),
  "ACCESS-ACTION-NOT-IN-USAGE-SITUATION": refused(
    "Toiminto ei ole sallittu ilmoitetussa käyttötilanteessa.",
    "Funktionen är inte tillgänglig i den angivna användningssituationen.",
    "The action is not available in the declared usage situation (table 11.3.2).",
    "D07-R60 L29953-30031",
    "AE",
  ),
  "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH": refused(
    "Käyttötilanne ei vastaa kohderekisteriä: käyttötilanne 1 koskee vain omaa rekisteriä, käyttötilanteet 2–4 toisen rekisteriä.",
    "Användningssituationen motsvarar inte målregistret: situation 1 gäller bara det egna registret, situationerna 2–4 en annans register.",
    "The usage situation does not match the target register: 1 is for the own register only, 2-4 for another controller's register.",
    "D08-R72 L29888-29929, L34604-34610",
    "AE",
  ),
  "ACCESS-ACTING-UNIT-NOT-SINGLE": refused(
    "Pyynnössä on oltava täsmälleen yksi toimiva palveluyksikkö.",
    "Begäran ska ange exakt en verksam serviceenhet.",
    "The request must name exactly one acting service unit.",
    "D07-R54 L29836-29842",
    "AE",
  ),
  "ACCESS-NO-SAKLIG-ANKNYTNING": refused(
    "Hakijan palveluyksiköllä ei ole asiayhteyttä asiakkaaseen hakupäivänä, eikä pyynnössä ole erityistä syytä.",
    "Den sökandes serviceenhet har ingen saklig anknytning till klienten på sökdagen och begäran anger ingen särskild anledning.",
    "The requester's service unit has no active client relationship with the client on the request date, and no special reason code was given.",
    "D08-R53 L34252-34262, L34284-34286; D07-R54 L29836-29842",
  ),
  "ACCESS-SPECIAL-REASON-UNKNOWN": refused(
    "Erityisen syyn koodi ei kuulu luokitukseen THL – Erityinen syy asiakastietojen käyttöön.",
    "Koden för särskild anledning finns inte i klassificeringen THL – Särskild anledning till åtkomst till klientuppgifter.",
    "The special reason code is not a code of THL – Särskild anledning till åtkomst till klientuppgifter.",
    "D08-R53 L34252-34262; D07 §4.6 L31296-31340",
    "AE",
  ),
  "ACCESS-STORE-WITHOUT-SAKLIG-ANKNYTNING": clientDuty(
    "Tallentavan palveluyksikön asiakkuus ei ole voimassa eikä erityistä syytä ole annettu; asiakastietojärjestelmän on tarkistettava asiayhteys ennen tallennusta.",
    "Den lagrande serviceenhetens klientrelation är inte giltig och ingen särskild anledning har angetts; klientdatasystemet ska kontrollera saklig anknytning före lagring.",
    "The storing service unit has no active client relationship and no special reason was given; the client system must check saklig anknytning before storing.",
    "D08-R54 L34139-34147, L34226-34228",
  ),
  "ACCESS-ORGANISATION-NOT-JOINED": refused(
    "Palvelunjärjestäjä tai palveluntuottaja ei ole liittynyt asiakastiedon arkistoon; rekisterin käyttöoikeus ei ole mahdollinen.",
    "Tjänsteanordnaren eller tjänsteproducenten har inte anslutit sig till Klientdataarkivet; åtkomst till register är inte möjlig.",
    "The organiser or the producer has not joined the archive; register access is impossible.",
    "D08-R14 L32264-32278",
  ),
  "ACCESS-NO-PRODUCTION-AGREEMENT": refused(
    "Palvelunjärjestäjän ja palveluntuottajan välillä ei ole sopimusta; rekisterin käyttöoikeutta ei ole.",
    "Det finns inget avtal mellan tjänsteanordnaren och tjänsteproducenten; ingen åtkomst till register.",
    "There is no agreement between the organiser and the producer; no register access.",
    "D08-R14 L32264-32266",
  ),
  "ACCESS-PHASE-INCOMPATIBLE": refused(
    "Rekisterin käyttöoikeus on toisen vaiheen toiminto: ensimmäisen vaiheen palvelunjärjestäjän rekisteriin ei voi käyttää sitä.",
    "Åtkomst till register är en funktion i andra fasen: den kan inte användas i registret hos en tjänsteanordnare i första fasen.",
    "Register access is a phase-2 function: it cannot be used in the register of an organiser in phase 1.",
    "D08-R15 L32132, L32288-32306",
  ),
  "ACCESS-NO-REGISTER-ACCESS": refused(
    "Palvelunjärjestäjä ei ole kirjannut tuottajan palveluyksikköä asiakkaan asiakkuusasiakirjaan voimassa olevaksi hakupäivänä.",
    "Tjänsteanordnaren har inte registrerat producentens serviceenhet som gällande i klientens klientrelationshandling på begäransdagen.",
    "The organiser has not recorded the producer's service unit as valid in the client's client-relationship document on the request date.",
    "D08-R12 L32220-32250; D08-R10 L32186-32192",
  ),
  "ACCESS-SUBCONTRACTOR-PRODUCER-ENDED": refused(
    "Palvelunantajan nimenneen tuottajan palveluyksikön asiakkuus ei ole voimassa.",
    "Klientrelationen vid serviceenheten hos producenten som utsett servicegivaren är inte i kraft.",
    "The client relationship at the producer unit that designated this servicegivare is not in force.",
    "D08-R13 L32236 (Q3)",
  ),
  "ACCESS-SHARED-CONNECTION-NO-RIGHT": refused(
    "Yhteinen tai rinnakkainen liittymä ei anna oikeutta toisen rekisteriin ilman rekisterin käyttöoikeutta.",
    "Gemensam eller parallell anslutning ger ingen rätt till en annans register utan åtkomst till registret.",
    "A joint or parallel connection gives no right to another register without register access.",
    "D08-R26 L32388-32409; D08-R36 L33985-33991",
  ),
  "ACCESS-PRODUCER-DOCUMENT-GROUP-FORBIDDEN": refused(
    "Palveluntuottaja ei voi normaalin rekisterin käyttöoikeuden perusteella tallentaa, versioida tai mitätöidä asiakkuus- tai asia-asiakirjaa.",
    "Tjänsteproducenten kan inte med stöd av normal åtkomst till register lagra, versionera eller makulera klientrelations- eller ärendehandlingar.",
    "Under normal register access a producer cannot store, version or cancel a client-relationship or case document.",
    "D08-R21 L32344-32348; D08-R71 L34590-34594; D07-R60 L29981-29995",
  ),
  "ACCESS-OLD-DATA-FORBIDDEN": refused(
    "Vanhoja asiakasasiakirjoja ei voi tallentaa palvelunjärjestäjän rekisteriin tällä käyttöoikeudella.",
    "Gamla klienthandlingar kan inte lagras i tjänsteanordnarens register med denna åtkomsträtt.",
    "Old client documents cannot be stored in the organiser's register with this access (normal access, or extended access without an old-data agreement).",
    "D08-R19 L32338-32342; D08-R35 L33945-33951",
  ),
  "ACCESS-OLD-DATA-JOINT-CASE": refused(
    "Vanhoja asiakastietoja ei voi tallentaa yhteiseen asiaan; ne tallennetaan yhden asiakkaan asioina.",
    "Gamla klientuppgifter kan inte lagras i ett gemensamt ärende; de lagras som ärenden för en klient.",
    "Old client data cannot be stored in a joint case; they are stored as single-client cases.",
    "D08-R35 L33951-33953",
  ),
  "ACCESS-OLD-SHELTER-METADATA-MISSING": refused(
    "Turvakotipalvelun vanhasta asiakasasiakirjasta puuttuu pakollinen metatieto (tuottajan tunniste ja nimi, palveluyksikkö ja sen nimi, sosiaalipalvelu).",
    "En gammal klienthandling inom skyddshemsservice saknar obligatoriska metadata (producentens identifikationskod och namn, serviceenhet och dess namn, socialservice).",
    "An old shelter-service client document lacks mandatory metadata (producer id and name, service unit and its name, social service).",
    "D08-R35 L33955-33967",
    "AE",
  ),
  "ACCESS-CASE-NOT-ORGANISER": refused(
    "Asiakirja on liitettävä palvelunjärjestäjän avaamaan asiaan sen alkuperäisellä OID-muotoisella asiatunnuksella.",
    "Handlingen ska kopplas till ett ärende som tjänsteanordnaren öppnat, med den ursprungliga ärendekoden i OID-format.",
    "The document must be attached to a case the organiser opened for this client, by its original OID case code.",
    "D08-R17 L32318-32330",
    "AE",
  ),
  "ACCESS-JOINT-CASE-CLIENT-NOT-COVERED": refused(
    "Yhteisen asian kaikkien asiakkaiden asiakkuusasiakirjoissa ei ole tuottajan palveluyksikköä voimassa.",
    "Producentens serviceenhet är inte gällande i klientrelationshandlingen för alla klienter i det gemensamma ärendet.",
    "The producer's service unit is not valid in the client-relationship document of every client of the joint case.",
    "D08-R25 L32204-32218 (Q4)",
  ),
  "ACCESS-NOT-DOCUMENT-CREATOR": refused(
    "Asiakirjan on laatinut toinen organisaatio; tuottaja voi versioida tai mitätöidä vain sallitut asiakirjat.",
    "Handlingen har upprättats av en annan organisation; producenten kan versionera eller makulera endast tillåtna handlingar.",
    "The document was created by another organisation; the producer may version or cancel only its own (or, under extended access, other producers' for versions) documents.",
    "D08-R20 L32342-32344; D08-R22 L32352-32356; D08-R30 L33866-33872; D08-R32 L33902-33908; D08-R34 L33927-33943",
  ),
  "ACCESS-PRODUCER-CHAIN-MISSING": clientDuty(
    "Toisen lukuun tuotetun asiakirjan metatiedoista puuttuu palveluntuottaja (tai palvelunantaja).",
    "Metadata för en handling som producerats för någon annans räkning saknar tjänsteproducent (eller servicegivare).",
    "A document produced for someone else's account lacks the producer (or servicegivare) identification in its metadata.",
    "D08-R09 L32160-32166",
  ),
  "ACCESS-NO-EXTENDED-GRANT": refused(
    "Palveluntuottajalla ei ole voimassa olevaa laajaa rekisterin käyttöoikeutta tähän palvelunjärjestäjän rekisteriin tälle palveluyksikölle.",
    "Tjänsteproducenten har ingen gällande omfattande åtkomsträtt till tjänsteanordnarens register för denna serviceenhet.",
    "The producer holds no valid extended register access to this organiser's register for this service unit.",
    "D08-R27 L33826-33838, L33854-33858",
  ),
  "ACCESS-EXTENDED-UNIT-NOT-GRANTED": refused(
    "Asiakkuusasiakirjaan kirjattu tuottajan palveluyksikkö ei ole saanut laajaa rekisterin käyttöoikeutta.",
    "En producents serviceenhet som registrerats i klientrelationshandlingen har inte fått omfattande åtkomsträtt.",
    "A producer service unit recorded in the client-relationship document has not been granted extended access.",
    "D08-R28 L33850-33854",
    "AE",
  ),
  "ACCESS-DISCLOSURE-CLIENT-DECEASED": refused(
    "Kuolleen asiakkaan tietoja luovutetaan vain hakijan oman palvelunantajan rekisteristä.",
    "Uppgifter om en avliden klient lämnas ut endast från registret hos den sökandes egen tjänstetillhandahållare.",
    "Data of a deceased client are disclosed only from the searcher's own provider's register.",
    "D07-R76 L30799-30803",
  ),
  "ACCESS-DISCLOSURE-NO-KANTA-INFORMATION": refused(
    "Asiakkaalle annetusta Kanta-informaatiosta ei ole tallennettua asiakirjaa; luovutushakua ei tehdä.",
    "Det finns inget lagrat dokument om Kanta-information till klienten; sökningen för utlämnande utförs inte.",
    "No Kanta-information document is stored for the client; the disclosure search is not performed.",
    "D07-R70 L31058-31064; D07-R63 L30058-30066",
  ),
  "ACCESS-DISCLOSURE-NO-PERMISSION": refused(
    "Asiakkaalla ei ole voimassa olevaa myönteistä luovutuslupaa; luovutushakua ei tehdä.",
    "Klienten har inget gällande positivt tillstånd för utlämnande; sökningen för utlämnande utförs inte.",
    "The client has no positive disclosure permission in force; the disclosure search is not performed.",
    "D07-R64 L30100-30108; D07-R70 L31058-31064",
  ),
  "ACCESS-DISCLOSURE-PROHIBITED-ALL": refused(
    "Asiakas on kieltänyt kaikkien tietojensa luovuttamisen.",
    "Klienten har förbjudit utlämnande av alla sina klientuppgifter.",
    "The client has prohibited disclosure of all his or her client data.",
    "D07-R66 L30159-30171",
  ),
  "ACCESS-EXTENDED-INFO-PRIVATE-ORGANISATION": refused(
    "Laajaa tiedonsaantioikeutta voi käyttää vain julkinen sosiaalihuollon viranomainen.",
    "Omfattande rätt till information kan användas endast av en offentlig socialvårdsmyndighet.",
    "Only a public social-welfare authority may use the extended right to information.",
    "D07-R73 L30535-30537, L31107-31119",
  ),
  "ACCESS-EXTENDED-INFO-NO-BASIS": refused(
    "Laajan tiedonsaantioikeuden haulta puuttuu peruste luokituksesta Sosiaalihuolto – Laajan tiedonhaun peruste.",
    "Sökningen med omfattande rätt till information saknar en grund ur klassificeringen Socialvård – Grund för omfattande informationssökning.",
    "The extended-right search lacks a code of Socialvård – Grund för omfattande informationssökning.",
    "D07-R72 L30509-30545",
    "AE",
  ),
  "ACCESS-NON-DISCLOSURE-DATA-IN-DOCUMENT": clientDuty(
    "Turvakiellon alaisia tietoja saa tallentaa vain palvelunjärjestäjän ylläpitämään asiakkuusasiakirjaan; muissa asiakirjoissa kentät jätetään tyhjiksi ja merkitään turvakielto.",
    "Uppgifter som omfattas av spärrmarkering får lagras endast i en klientrelationshandling som tjänsteanordnaren upprätthåller; i andra handlingar lämnas fälten tomma med en anteckning om spärrmarkering.",
    "Data covered by a valid spärrmarkering may be stored only in a client-relationship document kept by the organiser; other documents leave the fields empty with a spärr note.",
    "D08-R65 L34472-34494",
  ),
  "WILL-NO-KANTA-INFORMATION": refused(
    "Asiakkaalle ei ole tallennettu Kanta-informointia; luovutuslupaa tai -kieltoa ei voi tallentaa.",
    "Ingen Kanta-information har lagrats för klienten; tillstånd eller förbud kan inte lagras.",
    "No Kanta-information is stored for the client; a disclosure permission or prohibition cannot be stored.",
    "D07-R63 L30058-30066, L30111-30119; D07-R104 L30076-30082",
  ),
  "WILL-CANCEL-NOT-FIRST-VERSION": refused(
    "Vain tahdonilmaisun ensimmäisen version, jolla ei ole uudempia versioita, voi mitätöidä; peruminen tai poisto tehdään uudella versiolla.",
    "Endast den första versionen av en viljeyttring, utan senare versioner, kan makuleras; återkallande eller borttagning görs som en ny version.",
    "Only the first version of a will expression, with no later version, can be cancelled; revoking or removing it is a new version.",
    "D07-R43 L30145-30151, L30236-30242",
  ),
  "WILL-VERSION-CHANGES-SUBJECT": refused(
    "Tahdonilmaisun uusi versio ei voi vaihtaa asiakasta, tahdonilmaisun lajia, sektoria tai kiellon kohdetta.",
    "En ny version av en viljeyttring kan inte byta klient, slag av viljeyttring, sektor eller förbudets mål.",
    "A new version of a will expression cannot change its client, kind, sector or the prohibition's target.",
    "D07-R43 L30145-30151; D07-R66 L30159-30200",
  ),
  "WILL-CONTENT-INVALID": refused(
    "Tahdonilmaisun rakenteinen sisältö on puutteellinen.",
    "Viljeyttringens strukturerade innehåll är ofullständigt.",
    "The will expression's structured content is incomplete.",
    "D07-R63 L30058-30066; D07-R66 L30159-30200",
    "AE",
  ),
  "WILL-MINOR-PROHIBITION-IN-MITTKANTA": refused(
    "Alaikäinen tai hänen huoltajansa ei voi antaa luovutuskieltoa eikä perua lupaa OmaKannassa; se tehdään palvelunantajan luona.",
    "En minderårig eller hans eller hennes vårdnadshavare kan inte ge förbud eller återkalla tillstånd i MittKanta; det görs hos tjänsteanordnaren.",
    "A minor or the minor's guardians cannot give a prohibition or revoke a permission in MittKanta; that is done at the provider.",
    "D07-R87 L30763-30767, L30785-30795, L30739-30745",
  ),
  "WILL-GUARDIAN-NOT-ADMINISTERING": refused(
    "Alaikäinen on itse vastaanottanut Kanta-informoinnin; huoltaja ei enää hallinnoi hänen tahdonilmaisujaan.",
    "Den minderåriga har själv tagit emot Kanta-informationen; vårdnadshavaren administrerar inte längre hans eller hennes viljeyttringar.",
    "The minor received Kanta-information personally; the guardians no longer administer the minor's will expressions.",
    "D07-R90 L30686-30715",
  ),
  "WILL-ISSUER-NOT-GUARDIAN": refused(
    "Antaja ei ole asiakkaan huoltaja tai asiakas on täysi-ikäinen.",
    "Den som ger viljeyttringen är inte klientens vårdnadshavare, eller klienten är myndig.",
    "The issuer is not the client's guardian, or the client is of age.",
    "D07-R86 L30547-30563; D07-R91 L30599-30605",
  ),
  "WILL-ISSUER-NO-MANDATE": refused(
    "Antajalla ei ole sähköistä valtuutta toimia asiakkaan puolesta.",
    "Den som ger viljeyttringen har ingen elektronisk fullmakt att företräda klienten.",
    "The issuer has no electronic mandate to act for the client.",
    "D07-R86 L30123-30127, L30605-30611",
  ),
  "WILL-GUARDIAN-TARGET-HIDDEN-DOCUMENT": refused(
    "Huoltaja ei voi kohdistaa kieltoa asiakirjaan, jonka alaikäinen on kieltänyt näyttämästä huoltajalle tai jonka näyttämistä OmaKannassa on viivästetty.",
    "En vårdnadshavare kan inte rikta ett förbud mot en handling som den minderåriga har förbjudit att visas för vårdnadshavaren eller vars visning i MittKanta är fördröjd.",
    "A guardian cannot target a prohibition at a document the minor hid from guardians or whose MittKanta display is delayed.",
    "D07-R93 L30771-30777",
  ),
  "WILL-MINOR-SELF-IN-MITTKANTA": refused(
    "Alaikäinen vastaanottaa Kanta-informoinnin ja antaa luovutusluvan palvelunantajan luona, ei OmaKannassa.",
    "En minderårig tar emot Kanta-informationen och ger tillstånd hos tjänsteanordnaren, inte i MittKanta.",
    "A minor receives Kanta-information and gives a permission at the provider, not in MittKanta.",
    "D07-R87 L30785-30795",
  ),
  "ACCESS-CONTROLLER-METADATA-STALE": refused(
    "Rekisterinpitäjä on vaihtunut (malli 1) ja rekisteri on siirretty seuraajalle; uusi versio tallennetaan seuraajan rekisterinpitäjä- ja järjestäjätunnuksilla.",
    "Personuppgiftsansvarig har bytts (modell 1) och registret har överförts till efterträdaren; en ny version lagras med efterträdarens identifikationskoder för personuppgiftsansvarig och anordnare.",
    "The controller changed (model 1) and the register was transferred to the successor; a new version carries the successor's controller and organiser ids.",
    "D08-R39 L32473-32481; D08-R40 L32685-32812, L32855-32892",
  ),
  "ACCESS-CONTROLLER-NOT-VALID": refused(
    "Rekisterinpitäjän toiminta on päättynyt (malli 2) eikä se ole enää voimassa organisaatiorekisterissä; se ei voi tallentaa uusia asiakirjoja tai versioita.",
    "Den personuppgiftsansvariges verksamhet har upphört (modell 2) och den är inte längre i kraft i organisationsregistret; den kan inte lagra nya handlingar eller versioner.",
    "The controller ceased (model 2) and is no longer valid in the organisation register; it cannot store new documents or versions.",
    "D08-R43 L32904-32926, L33128-33180",
  ),
} as const satisfies ErrorFragment;

export type AccessErrorCode = keyof typeof ACCESS_ERRORS;
