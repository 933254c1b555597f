/**
 * The MittKanta citizen web page `/mittkanta/` (issue 6): server-rendered HTML in Finnish and Swedish
 * (`?lang=fi|sv`, default fi), no build step and no client-side script — plain links and forms. It uses
 * the SAME service functions as the JSON API (service.ts), so the page and the API always agree on what
 * is shown. Every value written into the page is escaped (`esc`); the document's display form (CDA
 * narrative) is rebuilt element by element from a short whitelist, never copied as markup.
 *
 * Login is the simulator's test login (D03-R08 is out of scope): choose a person of the population-register
 * fixture. The session is a cookie holding the same token the API hands out.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Node as XmlNode } from "@xmldom/xmldom";
import { NOTICE_TEXTS, type NoticeCode } from "../rules/visibility/index.js";
import { parseXmlSafely } from "../xml/safe-parse.js";
import { isRefusal, MITTKANTA_API_ERRORS, type MittKantaService, type OpenView, type Refusal, type Session } from "./service.js";
import { isWillRefusal, parseWillAction, type WillExpressionService, type ProhibitionView, type WillOverview, type WillRefusal, type WillVersionView } from "./will-expressions.js";

export type Lang = "fi" | "sv";
export const SESSION_COOKIE = "mk_session";

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const TEXTS = {
  fi: {
    brand: "OmaKanta (simulaattori)",
    skip: "Siirry pääsisältöön",
    langNav: "Kieli",
    loginTitle: "Kirjaudu testihenkilönä",
    loginIntro: "Simulaattorin testikirjautuminen: ei vahvaa tunnistautumista. Valitse henkilö väestötietojärjestelmän testiaineistosta.",
    person: "Testihenkilö",
    orCode: "tai henkilötunnus",
    login: "Kirjaudu",
    logout: "Kirjaudu ulos",
    loggedInAs: "Kirjautunut",
    chooseTitle: "Valitse, kenen asioita hoidat",
    self: "Omat tiedot",
    role: { client: "omat tiedot", guardian: "huoltajana", "information-right": "tiedonsaantioikeus (7 §)", proxy: "valtuutettuna" },
    notAllowed: "Et voi asioida tämän henkilön puolesta",
    landingTitle: "Sosiaalihuolto",
    actingFor: "Asioit henkilön puolesta",
    newCount: (n: number) => (n === 1 ? "1 uusi asiakirja edellisen kirjautumisen jälkeen" : `${n} uutta asiakirjaa edellisen kirjautumisen jälkeen`),
    infoTitle: "Kaikkia asiakirjoja ei näytetä",
    relationship: "Asiakkuus",
    socialCare: "Sosiaalihuollon asiakkuus",
    childProtection: "Lastensuojelun asiakkuus",
    contactPerson: "Omatyöntekijä",
    organiser: "Palvelunjärjestäjä",
    started: "alkanut",
    ended: "päättynyt",
    serviceTask: "Palvelutehtävä",
    newest: "Uusimmat asiakirjat",
    allDocuments: "Kaikki palvelutehtävän asiakirjat",
    allOfClient: "Kaikki asiakirjat",
    noDocuments: "Ei näytettäviä asiakirjoja.",
    documentsTitle: "Asiakirjat",
    search: "Hae",
    from: "Alkaen (aikaisintaan 1.1.2023)",
    to: "Päättyen",
    sort: "Järjestys",
    sortDate: "Päivämäärä (uusin ensin)",
    sortName: "Nimi (aakkosjärjestys)",
    colDocument: "Asiakirja",
    colCreated: "Laadittu",
    colAttachments: "Liitteitä",
    colService: "Sosiaalipalvelu",
    colController: "Rekisterinpitäjä",
    colNotices: "Huomautukset",
    listCaption: (n: number) => `${n} asiakirjaa`,
    back: "Takaisin etusivulle",
    created: "Laadittu",
    version: "Versio",
    documentText: "Asiakirjan sisältö",
    pdf: "Asiakirja on PDF-muodossa",
    openPdf: "Avaa PDF",
    correction: "Korjaustiedot",
    correctedAt: "Korjattu",
    corrector: "Korjaaja",
    correctionReason: "Korjauksen syy",
    signature: "Allekirjoitus",
    signedAt: "Allekirjoitettu",
    signer: "Allekirjoittaja",
    signerKind: { professional: "ammattihenkilö", system: "järjestelmä" },
    certificate: "Varmenteen sarjanumero",
    notices: "Huomautukset",
    explain: "Selitystila (testaajille)",
    explainIntro: "Jokainen asiakkaan asiakirja ja sääntö, jonka vuoksi se näytetään tai piilotetaan.",
    eligibility: "Oikeus katsella",
    colShown: "Näytetään",
    colReason: "Syy",
    colRule: "Sääntö",
    yes: "kyllä",
    no: "ei",
    errorTitle: "Virhe",
    notFoundTitle: "Sivua ei löydy",
  },
  sv: {
    brand: "MittKanta (simulator)",
    skip: "Hoppa till huvudinnehållet",
    langNav: "Språk",
    loginTitle: "Logga in som testperson",
    loginIntro: "Simulatorns testinloggning: ingen stark autentisering. Välj en person ur befolkningsdatasystemets testdata.",
    person: "Testperson",
    orCode: "eller personbeteckning",
    login: "Logga in",
    logout: "Logga ut",
    loggedInAs: "Inloggad",
    chooseTitle: "Välj för vem du uträttar ärenden",
    self: "Egna uppgifter",
    role: { client: "egna uppgifter", guardian: "som vårdnadshavare", "information-right": "rätt att få information (7 §)", proxy: "med fullmakt" },
    notAllowed: "Du kan inte uträtta ärenden för den här personen",
    landingTitle: "Socialvård",
    actingFor: "Du uträttar ärenden för",
    newCount: (n: number) => (n === 1 ? "1 ny handling sedan förra inloggningen" : `${n} nya handlingar sedan förra inloggningen`),
    infoTitle: "Alla handlingar visas inte",
    relationship: "Klientrelation",
    socialCare: "Klientrelation inom socialvården",
    childProtection: "Klientrelation inom barnskyddet",
    contactPerson: "Egen kontaktperson",
    organiser: "Tjänsteanordnare",
    started: "inledd",
    ended: "avslutad",
    serviceTask: "Serviceuppgift",
    newest: "Nyaste handlingar",
    allDocuments: "Alla handlingar i serviceuppgiften",
    allOfClient: "Alla handlingar",
    noDocuments: "Inga handlingar att visa.",
    documentsTitle: "Handlingar",
    search: "Sök",
    from: "Från (tidigast 1.1.2023)",
    to: "Till",
    sort: "Ordning",
    sortDate: "Datum (nyaste först)",
    sortName: "Namn (alfabetisk)",
    colDocument: "Handling",
    colCreated: "Upprättad",
    colAttachments: "Bilagor",
    colService: "Socialservice",
    colController: "Personuppgiftsansvarig",
    colNotices: "Anmärkningar",
    listCaption: (n: number) => `${n} handlingar`,
    back: "Tillbaka till startsidan",
    created: "Upprättad",
    version: "Version",
    documentText: "Handlingens innehåll",
    pdf: "Handlingen är i PDF-format",
    openPdf: "Öppna PDF",
    correction: "Uppgifter om rättelse",
    correctedAt: "Rättad",
    corrector: "Rättad av",
    correctionReason: "Motivering för rättelse",
    signature: "Underskrift",
    signedAt: "Undertecknad",
    signer: "Undertecknare",
    signerKind: { professional: "yrkesutbildad person", system: "system" },
    certificate: "Certifikatets serienummer",
    notices: "Anmärkningar",
    explain: "Förklaringsläge (för testare)",
    explainIntro: "Varje handling om klienten och regeln som visade eller dolde den.",
    eligibility: "Rätt att se",
    colShown: "Visas",
    colReason: "Orsak",
    colRule: "Regel",
    yes: "ja",
    no: "nej",
    errorTitle: "Fel",
    notFoundTitle: "Sidan hittas inte",
  },
} as const;

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0;line-height:1.5;color:#1a1a1a;background:#fff}
header,main{max-width:60rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;border-bottom:2px solid #0a5a8c}
a{color:#0a4f7a}
a:focus,button:focus,input:focus,select:focus,main:focus{outline:3px solid #e07b00;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
.notice{display:inline-block;border:1px solid #0a5a8c;border-radius:3px;padding:0 .3rem;margin:0 .2rem;font-size:.9em}
.new{background:#0a5a8c;color:#fff}
.info{border-left:4px solid #e07b00;padding:.5rem 1rem;background:#fff6e8}
.error{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdecee}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}
.document{border:1px solid #999;padding:1rem}
form.inline{display:inline}
label{display:block;margin-top:.5rem}
`;

const DATE_PART = /^(\d{4})-(\d{2})-(\d{2})/;
/** Finnish-style date (d.m.yyyy), used in both languages in Finland. */
function date(iso: string | null | undefined): string {
  const m = DATE_PART.exec(iso ?? "");
  return m ? `${Number(m[3])}.${Number(m[2])}.${m[1]}` : esc(iso ?? "");
}

const CDA_TO_HTML: Record<string, string> = {
  paragraph: "p",
  content: "span",
  list: "ul",
  item: "li",
  br: "br",
  caption: "strong",
  table: "table",
  thead: "thead",
  tbody: "tbody",
  tr: "tr",
  th: "th",
  td: "td",
  sub: "sub",
  sup: "sup",
};

/** The CDA narrative block as HTML: whitelisted elements only, no attributes (but th scope), every text escaped. */
export function narrativeToHtml(narrative: string): string {
  const parsed = parseXmlSafely(`<root xmlns="urn:hl7-org:v3">${narrative}</root>`);
  if (!parsed.ok) return `<p>${esc(narrative.replace(/<[^>]*>/g, " "))}</p>`;
  const walk = (node: XmlNode): string => {
    let out = "";
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3 || n.nodeType === 4) out += esc(n.nodeValue);
      else if (n.nodeType === 1) {
        const tag = CDA_TO_HTML[(n as unknown as { localName: string }).localName];
        const inner = walk(n);
        if (!tag) out += inner;
        else if (tag === "br") out += "<br>";
        else out += `<${tag}${tag === "th" ? ' scope="col"' : ""}>${inner}</${tag}>`;
      }
    }
    return out;
  };
  return walk(parsed.document.documentElement as unknown as XmlNode);
}

function langOf(request: FastifyRequest): Lang {
  const lang = (request.query as { lang?: string } | undefined)?.lang;
  return lang === "sv" ? "sv" : "fi";
}

function cookieToken(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

export interface WebOptions {
  service: MittKantaService;
  /** Will expressions (issue 11); the page of them is served when given. */
  wills?: WillExpressionService;
}

/** Texts of the will-expression and log pages (issue 11). */
const WILL_TEXTS = {
  fi: {
    link: "Tahdonilmaisut: Kanta-informointi, luovutuslupa ja luovutuskiellot",
    title: "Tahdonilmaisut",
    intro: "Sosiaalihuollon asiakastietojen luovuttaminen Kanta-palvelujen kautta toiselle palvelunjärjestäjälle edellyttää Kanta-informointia ja luovutuslupaa. Kiellolla voit rajata luovutusta. Tahdonilmaisut tallennetaan Kelan tahdonilmaisupalveluun ja ovat voimassa heti.",
    issuer: "Tahdonilmaisun antaja",
    issuerRole: { client: "asiakas itse", guardians: "huoltajat yhdessä", mandate: "sähköisellä valtuutuksella" },
    cannotAct: "Et voi antaa tahdonilmaisuja tämän henkilön puolesta.",
    kantaTitle: "Kanta-informointi",
    kantaGiven: (d: string, sector: string) => `Vastaanotettu ${d} (${sector}). Sama informointi koskee sosiaali- ja terveydenhuoltoa.`,
    kantaMissing: "Kanta-informointia ei ole vastaanotettu.",
    kantaButton: "Vastaanota Kanta-informointi",
    sector: { social: "sosiaalihuolto", health: "terveydenhuolto" },
    permissionTitle: "Luovutuslupa",
    permissionGiven: (d: string) => `Luovutuslupa on voimassa ${d} alkaen. Se koskee kaikkia sosiaalihuollon tietojasi.`,
    permissionRevoked: (d: string) => `Luovutuslupa on peruttu ${d}.`,
    permissionMissing: "Luovutuslupaa ei ole annettu: tietojasi ei luovuteta.",
    give: "Anna luovutuslupa",
    revoke: "Peru luovutuslupa",
    prohibitionsTitle: "Luovutuskiellot",
    prohibitionsHidden: "Huoltaja näkee alaikäisen luovutuskiellot vain palvelunantajan toimipisteessä.",
    noProhibitions: "Ei luovutuskieltoja.",
    colTarget: "Kohde",
    colState: "Tila",
    colSince: "Alkaen",
    inForce: "voimassa",
    removed: "poistettu",
    remove: "Poista kielto",
    targetAll: "kaikki tietoni",
    addTitle: "Anna luovutuskielto",
    prohibitAll: "Kiellä kaikkien tietojen luovutus",
    controller: "Rekisterinpitäjä",
    prohibitController: "Kiellä rekisterinpitäjän tietojen luovutus",
    serviceTask: "Palvelutehtävä (kaikilla rekisterinpitäjillä)",
    prohibitServiceTask: "Kiellä palvelutehtävän tietojen luovutus",
    document: "Asiakirja",
    prohibitDocument: "Kiellä asiakirjan luovutus",
    historyTitle: "Historia",
    colStored: "Tallennettu",
    colKind: "Tahdonilmaisu",
    colContent: "Sisältö",
    colIssuer: "Antaja",
    colChannel: "Kanava",
    colVersion: "Versio",
    kind: { "kanta-information": "Kanta-informointi", "disclosure-permission": "Luovutuslupa", "disclosure-prohibition": "Luovutuskielto" },
    positive: "myönteinen",
    negative: "kielteinen",
    cancelled: "mitätöity",
    channel: { provider: "palvelunantaja", mittkanta: "OmaKanta" },
    done: { stored: "Tahdonilmaisu on tallennettu.", unchanged: "Tahdonilmaisu oli jo voimassa; mitään ei tallennettu." },
    refused: "Tahdonilmaisua ei tallennettu",
    logsLink: "Luovutus- ja käyttöloki",
    logsTitle: "Tietojesi luovutus- ja käyttöloki",
    logsIntro: "Milloin ja mikä organisaatio on käyttänyt tai saanut luovutuksena sosiaalihuollon tietojasi.",
    colTime: "Aika",
    colLog: "Loki",
    colOrganisation: "Organisaatio",
    colRegister: "Kenen rekisteri",
    colOutcome: "Tulos",
    log: { usage: "käyttö", disclosure: "luovutus" },
    outcome: { allowed: "sallittu", refused: "estetty" },
    notShown: "asiakirja, jota ei näytetä OmaKannassa",
    noLog: "Ei lokimerkintöjä.",
  },
  sv: {
    link: "Viljeyttringar: Kanta-information, utlämningstillstånd och förbud",
    title: "Viljeyttringar",
    intro: "Att dina klientuppgifter inom socialvården lämnas ut via Kanta-tjänsterna till en annan tjänsteanordnare förutsätter Kanta-information och utlämningstillstånd. Med förbud kan du begränsa utlämnandet. Viljeyttringarna sparas i Folkpensionsanstaltens viljeyttringstjänst och gäller genast.",
    issuer: "Den som ger viljeyttringen",
    issuerRole: { client: "klienten själv", guardians: "vårdnadshavarna tillsammans", mandate: "med elektronisk fullmakt" },
    cannotAct: "Du kan inte ge viljeyttringar för den här personen.",
    kantaTitle: "Kanta-information",
    kantaGiven: (d: string, sector: string) => `Mottagen ${d} (${sector}). Samma information gäller social- och hälsovården.`,
    kantaMissing: "Kanta-informationen har inte tagits emot.",
    kantaButton: "Ta emot Kanta-informationen",
    sector: { social: "socialvården", health: "hälso- och sjukvården" },
    permissionTitle: "Utlämningstillstånd",
    permissionGiven: (d: string) => `Utlämningstillståndet gäller från ${d}. Det gäller alla dina uppgifter inom socialvården.`,
    permissionRevoked: (d: string) => `Utlämningstillståndet återkallades ${d}.`,
    permissionMissing: "Inget utlämningstillstånd har getts: dina uppgifter lämnas inte ut.",
    give: "Ge utlämningstillstånd",
    revoke: "Återkalla utlämningstillståndet",
    prohibitionsTitle: "Förbud mot utlämnande",
    prohibitionsHidden: "En vårdnadshavare ser den minderårigas förbud endast på tjänsteanordnarens verksamhetsställe.",
    noProhibitions: "Inga förbud.",
    colTarget: "Mål",
    colState: "Läge",
    colSince: "Från",
    inForce: "gäller",
    removed: "borttaget",
    remove: "Ta bort förbudet",
    targetAll: "alla mina uppgifter",
    addTitle: "Ge ett förbud",
    prohibitAll: "Förbjud utlämnande av alla uppgifter",
    controller: "Personuppgiftsansvarig",
    prohibitController: "Förbjud utlämnande av den personuppgiftsansvariges uppgifter",
    serviceTask: "Serviceuppgift (hos alla personuppgiftsansvariga)",
    prohibitServiceTask: "Förbjud utlämnande av serviceuppgiftens uppgifter",
    document: "Handling",
    prohibitDocument: "Förbjud utlämnande av handlingen",
    historyTitle: "Historik",
    colStored: "Sparad",
    colKind: "Viljeyttring",
    colContent: "Innehåll",
    colIssuer: "Given av",
    colChannel: "Kanal",
    colVersion: "Version",
    kind: { "kanta-information": "Kanta-information", "disclosure-permission": "Utlämningstillstånd", "disclosure-prohibition": "Förbud" },
    positive: "positivt",
    negative: "negativt",
    cancelled: "makulerad",
    channel: { provider: "tjänsteanordnare", mittkanta: "MittKanta" },
    done: { stored: "Viljeyttringen har sparats.", unchanged: "Viljeyttringen gällde redan; inget sparades." },
    refused: "Viljeyttringen sparades inte",
    logsLink: "Utlämnings- och användningslogg",
    logsTitle: "Utlämnings- och användningslogg över dina uppgifter",
    logsIntro: "När och vilken organisation har använt eller fått ut dina uppgifter inom socialvården.",
    colTime: "Tid",
    colLog: "Logg",
    colOrganisation: "Organisation",
    colRegister: "Vems register",
    colOutcome: "Resultat",
    log: { usage: "användning", disclosure: "utlämnande" },
    outcome: { allowed: "tillåten", refused: "nekad" },
    notShown: "en handling som inte visas på MittKanta",
    noLog: "Inga loggposter.",
  },
} as const;

export async function mittkantaWebPlugin(app: FastifyInstance, { service, wills }: WebOptions): Promise<void> {
  const base = `${app.prefix}/mittkanta`;
  // Plain HTML forms post application/x-www-form-urlencoded (scoped to this plugin).
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  /** A URL inside the page, keeping the language. */
  const link = (lang: Lang, path: string, query: Record<string, string | undefined> = {}) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, v);
    params.set("lang", lang);
    return `${base}${path}?${params.toString()}`;
  };

  function page(request: FastifyRequest, reply: FastifyReply, opts: { title: string; body: string; session?: Session; status?: number }) {
    const lang = langOf(request);
    const t = TEXTS[lang];
    const url = new URL(request.url, "http://local");
    const switchTo = (l: Lang) => {
      url.searchParams.set("lang", l);
      return `${url.pathname}?${url.searchParams.toString()}`;
    };
    const other: Lang = lang === "fi" ? "sv" : "fi";
    const logout = opts.session
      ? `<p>${esc(t.loggedInAs)}: ${esc(opts.session.personId)}</p><form class="inline" method="post" action="${esc(link(lang, "/logout"))}"><button type="submit">${esc(t.logout)}</button></form>`
      : "";
    const html = `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(opts.title)} – ${esc(t.brand)}</title><style>${STYLE}</style></head>
<body>
<a class="skip" href="#main">${esc(t.skip)}</a>
<header>
<p><a href="${esc(link(lang, "/"))}">${esc(t.brand)}</a></p>
<nav aria-label="${esc(t.langNav)}"><a href="${esc(switchTo(other))}" lang="${other}" hreflang="${other}">${other === "sv" ? "På svenska" : "Suomeksi"}</a></nav>
${logout}
</header>
<main id="main" tabindex="-1">
<h1>${esc(opts.title)}</h1>
${opts.body}
</main>
</body>
</html>`;
    return reply.code(opts.status ?? 200).type("text/html; charset=utf-8").header("cache-control", "no-store").send(html);
  }

  function refusalPage(request: FastifyRequest, reply: FastifyReply, refusal: Refusal, session?: Session) {
    const lang = langOf(request);
    const entry = MITTKANTA_API_ERRORS[refusal.error];
    const body = `<div class="error" role="alert"><p>${esc(entry[lang])}</p><p><small>${esc(refusal.error)}</small></p></div>
<p><a href="${esc(link(lang, "/people"))}">${esc(TEXTS[lang].chooseTitle)}</a></p>`;
    return page(request, reply, { title: entry.http === 404 ? TEXTS[lang].notFoundTitle : TEXTS[lang].errorTitle, body, status: entry.http, ...(session && { session }) });
  }

  const sessionOf = (request: FastifyRequest) => service.session(cookieToken(request));
  const toLogin = (request: FastifyRequest, reply: FastifyReply) => reply.code(303).header("location", link(langOf(request), "/")).send();

  /** The session and the opened view of :personId; otherwise the reply (redirect or refusal page) is sent. */
  async function openView(request: FastifyRequest<{ Params: { personId: string } }>, reply: FastifyReply, forWills = false): Promise<OpenView | undefined> {
    const session = sessionOf(request);
    if (!session) return void toLogin(request, reply);
    const view = await (forWills ? service.openWillView(session, request.params.personId, request.archiveNow) : service.openView(session, request.params.personId, request.archiveNow));
    if (isRefusal(view)) return void refusalPage(request, reply, view, session);
    return view;
  }

  const noticeBadges = (lang: Lang, codes: string[]) =>
    codes.map((code) => `<span class="notice${code === "NEW" ? " new" : ""}">${esc(NOTICE_TEXTS[code as NoticeCode]?.[lang] ?? code)}</span>`).join("");

  async function subjectHeading(lang: Lang, view: OpenView): Promise<string> {
    const t = TEXTS[lang];
    if (view.context.viewer.role === "client") return "";
    const name = (await service.personName(view.personId)) ?? view.personId;
    return `<p>${esc(t.actingFor)}: <strong>${esc(name)}</strong> (${esc(view.personId)}), ${esc(t.role[view.context.viewer.role])}</p>`;
  }

  const infoText = (lang: Lang, info: { fi: string; sv: string } | null) =>
    info ? `<section class="info" aria-labelledby="info-title"><h2 id="info-title">${esc(TEXTS[lang].infoTitle)}</h2><p>${esc(info[lang])}</p></section>` : "";

  // ── login ──
  app.get("/mittkanta/", async (request, reply) => {
    const lang = langOf(request);
    const t = TEXTS[lang];
    const session = sessionOf(request);
    if (session) return reply.code(303).header("location", link(lang, "/people")).send();
    const persons = await service.testPersons();
    const options = persons.map((p) => `<option value="${esc(p.personId)}">${esc(`${p.familyName} ${p.givenName}`)} – ${esc(p.personId)} (${date(p.birthDate)})</option>`).join("\n");
    const error = (request.query as { error?: string }).error;
    const body = `${error ? `<div class="error" role="alert"><p>${esc(MITTKANTA_API_ERRORS["MK-PERSON-ID-INVALID"][lang])}</p></div>` : ""}
<p>${esc(t.loginIntro)}</p>
<form method="post" action="${esc(link(lang, "/login"))}">
<label for="personId">${esc(t.person)}</label>
<select id="personId" name="personId">${options}</select>
<label for="otherId">${esc(t.orCode)}</label>
<input id="otherId" name="otherId" autocomplete="off" inputmode="text" size="14">
<p><button type="submit">${esc(t.login)}</button></p>
</form>`;
    return page(request, reply, { title: t.loginTitle, body });
  });

  app.post<{ Body: { personId?: string; otherId?: string } }>("/mittkanta/login", async (request, reply) => {
    const lang = langOf(request);
    const chosen = request.body?.otherId?.trim() || request.body?.personId;
    const session = service.login(chosen, request.archiveNow);
    if (isRefusal(session)) return reply.code(303).header("location", link(lang, "/", { error: session.error })).send();
    return reply
      .code(303)
      .header("set-cookie", `${SESSION_COOKIE}=${encodeURIComponent(session.token)}; Path=/; HttpOnly; SameSite=Lax`)
      .header("location", link(lang, "/people"))
      .send();
  });

  app.post("/mittkanta/logout", async (request, reply) => {
    service.logout(cookieToken(request));
    return reply.code(303).header("set-cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`).header("location", link(langOf(request), "/")).send();
  });

  // ── whom to act for ──
  app.get("/mittkanta/people", async (request, reply) => {
    const lang = langOf(request);
    const t = TEXTS[lang];
    const session = sessionOf(request);
    if (!session) return toLogin(request, reply);
    const { people } = await service.people(session, request.archiveNow);
    const items: string[] = [];
    for (const p of people) {
      const name = (await service.personName(p.personId)) ?? p.personId;
      const label = p.role === "client" ? `${t.self}: ${name}` : `${name} – ${t.role[p.role]}`;
      items.push(
        p.eligible
          ? `<li><a href="${esc(link(lang, `/p/${encodeURIComponent(p.personId)}`))}">${esc(label)}</a> (${esc(p.personId)})</li>`
          : `<li>${esc(label)} (${esc(p.personId)}): ${esc(t.notAllowed)}. ${esc((p[lang] as string | undefined) ?? "")}${
              wills && p.role === "proxy" ? ` <a href="${esc(link(lang, `/p/${encodeURIComponent(p.personId)}/will-expressions`))}">${esc(WILL_TEXTS[lang].title)}: ${esc(name)}</a>` : ""
            }</li>`,
      );
    }
    return page(request, reply, { title: t.chooseTitle, body: `<ul>${items.join("\n")}</ul>`, session });
  });

  // ── landing page (D03-R10–R15) ──
  app.get<{ Params: { personId: string } }>("/mittkanta/p/:personId", async (request, reply) => {
    const lang = langOf(request);
    const t = TEXTS[lang];
    const view = await openView(request, reply);
    if (!view) return reply;
    const landing = await service.landing(view);
    const person = encodeURIComponent(view.personId);
    const relationships = landing.clientRelationships
      .filter((kr) => kr.shown)
      .map((kr) => {
        if (!kr.shown) return "";
        const period = (p: { start: string; end: string | null }) => `${esc(t.started)} ${date(p.start)}${p.end ? `, ${esc(t.ended)} ${date(p.end)}` : ""}`;
        return `<dl>
<dt>${esc(t.organiser)}</dt><dd>${esc(kr.organiser.name ?? kr.organiser.oid)}</dd>
${kr.socialCare ? `<dt>${esc(t.socialCare)}</dt><dd>${period(kr.socialCare)}</dd>` : ""}
${kr.childProtection ? `<dt>${esc(t.childProtection)}</dt><dd>${period(kr.childProtection)}</dd>` : ""}
${kr.ownContactPerson ? `<dt>${esc(t.contactPerson)}</dt><dd>${esc(kr.ownContactPerson.name ?? "")}${kr.ownContactPerson.contact ? `, ${esc(kr.ownContactPerson.contact)}` : ""}</dd>` : ""}
</dl>`;
      })
      .join("\n");
    const tasks = landing.serviceTasks
      .map(
        (task, i) => `<section aria-labelledby="task-${i}">
<h2 id="task-${i}">${esc(task.name ?? `${t.serviceTask} ${task.serviceTask}`)}</h2>
<h3>${esc(t.newest)}</h3>
<ul>${task.newest.map((d) => `<li><a href="${esc(link(lang, `/p/${person}/documents/${encodeURIComponent(d.setId)}`))}">${esc(d.title ?? d.setId)}</a> ${date(d.createdAt)} ${noticeBadges(lang, d.notices)}</li>`).join("\n")}</ul>
<p><a href="${esc(link(lang, `/p/${person}/documents`, { serviceTask: task.serviceTask }))}">${esc(t.allDocuments)}: ${esc(task.name ?? task.serviceTask)}</a></p>
</section>`,
      )
      .join("\n");
    const body = `${await subjectHeading(lang, view)}
${landing.newDocuments > 0 ? `<p><span class="notice new">${esc(NOTICE_TEXTS.NEW[lang])}</span> ${esc(t.newCount(landing.newDocuments))}</p>` : ""}
${infoText(lang, landing.infoText)}
${relationships ? `<section aria-labelledby="kr-title"><h2 id="kr-title">${esc(t.relationship)}</h2>${relationships}</section>` : ""}
${tasks || `<p>${esc(t.noDocuments)}</p>`}
<p><a href="${esc(link(lang, `/p/${person}/documents`))}">${esc(t.allOfClient)}</a></p>
${wills ? `<p><a href="${esc(link(lang, `/p/${person}/will-expressions`))}">${esc(WILL_TEXTS[lang].link)}</a></p>` : ""}
${wills && service.options.logs === true && view.context.viewer.role === "client" ? `<p><a href="${esc(link(lang, `/p/${person}/logs`))}">${esc(WILL_TEXTS[lang].logsLink)}</a></p>` : ""}
${service.options.explain === true ? `<p><a href="${esc(link(lang, `/p/${person}/explain`))}">${esc(t.explain)}</a></p>` : ""}`;
    return page(request, reply, { title: t.landingTitle, body, session: view.session });
  });

  // ── service-task view (D03-R16–R19) ──
  app.get<{ Params: { personId: string }; Querystring: { serviceTask?: string; from?: string; to?: string; sort?: string } }>("/mittkanta/p/:personId/documents", async (request, reply) => {
    const lang = langOf(request);
    const t = TEXTS[lang];
    const view = await openView(request, reply);
    if (!view) return reply;
    const empty = (v?: string) => (v === undefined || v === "" ? undefined : v);
    const query = { serviceTask: empty(request.query.serviceTask), from: empty(request.query.from), to: empty(request.query.to), sort: empty(request.query.sort) };
    const invalid = service.checkQuery(query);
    const list = invalid ? undefined : await service.documents(view, query);
    const person = encodeURIComponent(view.personId);
    const sort = query.sort ?? "date";
    const form = `<form method="get" action="${esc(`${base}/p/${person}/documents`)}">
<input type="hidden" name="lang" value="${lang}">
${query.serviceTask ? `<input type="hidden" name="serviceTask" value="${esc(query.serviceTask)}">` : ""}
<label for="from">${esc(t.from)}</label><input type="date" id="from" name="from" min="2023-01-01" value="${esc(query.from ?? "")}">
<label for="to">${esc(t.to)}</label><input type="date" id="to" name="to" value="${esc(query.to ?? "")}">
<label for="sort">${esc(t.sort)}</label><select id="sort" name="sort"><option value="date"${sort === "date" ? " selected" : ""}>${esc(t.sortDate)}</option><option value="name"${sort === "name" ? " selected" : ""}>${esc(t.sortName)}</option></select>
<p><button type="submit">${esc(t.search)}</button></p>
</form>`;
    const taskName = list?.documents.flatMap((d) => d.serviceTasks).find((s) => s.code === query.serviceTask)?.displayName;
    const title = query.serviceTask ? `${t.documentsTitle}: ${taskName ?? `${t.serviceTask} ${query.serviceTask}`}` : t.documentsTitle;
    const error = invalid ? `<div class="error" role="alert"><p>${esc(MITTKANTA_API_ERRORS[invalid.error][lang])}</p></div>` : "";
    const rows = (list?.documents ?? [])
      .map(
        (d) => `<tr><th scope="row"><a href="${esc(link(lang, `/p/${person}/documents/${encodeURIComponent(d.setId)}`))}">${esc(d.title ?? d.setId)}</a></th>
<td>${date(d.createdAt)}</td><td>${d.attachments}</td><td>${esc(d.socialServices.map((s) => s.displayName ?? s.code).join(", "))}</td><td>${esc(d.controller.name ?? d.controller.oid)}</td>
<td>${noticeBadges(lang, d.notices.map((n) => n.code))}</td></tr>`,
      )
      .join("\n");
    const table = list
      ? list.documents.length === 0
        ? `<p>${esc(t.noDocuments)}</p>`
        : `<table><caption>${esc(t.listCaption(list.documents.length))}</caption>
<thead><tr><th scope="col">${esc(t.colDocument)}</th><th scope="col">${esc(t.colCreated)}</th><th scope="col">${esc(t.colAttachments)}</th><th scope="col">${esc(t.colService)}</th><th scope="col">${esc(t.colController)}</th><th scope="col">${esc(t.colNotices)}</th></tr></thead>
<tbody>${rows}</tbody></table>`
      : "";
    const body = `${await subjectHeading(lang, view)}${error}${form}${infoText(lang, list?.infoText ?? null)}${table}
<p><a href="${esc(link(lang, `/p/${person}`))}">${esc(t.back)}</a></p>`;
    return page(request, reply, { title, body, session: view.session, status: invalid ? MITTKANTA_API_ERRORS[invalid.error].http : 200 });
  });

  // ── document view (D03-R21) ──
  app.get<{ Params: { personId: string; setId: string } }>("/mittkanta/p/:personId/documents/:setId", async (request, reply) => {
    const lang = langOf(request);
    const t = TEXTS[lang];
    const view = await openView(request, reply);
    if (!view) return reply;
    const doc = await service.document(view, request.params.setId);
    if (isRefusal(doc)) return refusalPage(request, reply, doc, view.session);
    const person = encodeURIComponent(view.personId);
    const display =
      doc.display.format === "pdf"
        ? `<p>${esc(t.pdf)}: <a href="${esc(link(lang, `/p/${person}/documents/${encodeURIComponent(doc.setId)}/pdf`))}">${esc(t.openPdf)}</a></p>`
        : `<section class="document" aria-labelledby="content-title"><h2 id="content-title">${esc(t.documentText)}</h2>${narrativeToHtml(doc.display.xhtml)}</section>`;
    const correction = doc.correction
      ? `<section aria-labelledby="correction-title"><h2 id="correction-title">${esc(t.correction)}</h2><dl>
<dt>${esc(t.correctedAt)}</dt><dd>${date(doc.correction.correctedAt)}</dd>
${doc.correction.description ? `<dt>${esc(t.corrector)}</dt><dd>${esc(doc.correction.description)}</dd>` : ""}
${doc.correction.reason ? `<dt>${esc(t.correctionReason)}</dt><dd>${esc(doc.correction.reason.displayName ?? doc.correction.reason.code)}</dd>` : ""}
</dl></section>`
      : "";
    const signer = doc.signature.signer;
    const signature = `<section aria-labelledby="signature-title"><h2 id="signature-title">${esc(t.signature)}</h2><dl>
${doc.signature.signedAt ? `<dt>${esc(t.signedAt)}</dt><dd>${date(doc.signature.signedAt)}</dd>` : ""}
${signer ? `<dt>${esc(t.signer)}</dt><dd>${esc(signer.subject)} (${esc(t.signerKind[signer.kind])})</dd><dt>${esc(t.certificate)}</dt><dd>${esc(signer.certificateSerial)}</dd>` : ""}
</dl></section>`;
    const notices = doc.notices.length ? `<p>${esc(t.notices)}: ${noticeBadges(lang, doc.notices.map((n) => n.code))}</p>` : "";
    const body = `${await subjectHeading(lang, view)}
<dl><dt>${esc(t.created)}</dt><dd>${date(doc.createdAt)}</dd><dt>${esc(t.version)}</dt><dd>${doc.versionNumber}</dd></dl>
${notices}${display}${correction}${signature}
<p><a href="${esc(link(lang, `/p/${person}`))}">${esc(t.back)}</a></p>`;
    return page(request, reply, { title: doc.title ?? doc.setId, body, session: view.session });
  });

  app.get<{ Params: { personId: string; setId: string } }>("/mittkanta/p/:personId/documents/:setId/pdf", async (request, reply) => {
    const view = await openView(request, reply);
    if (!view) return reply;
    const doc = await service.document(view, request.params.setId);
    if (isRefusal(doc) || doc.display.format !== "pdf") return refusalPage(request, reply, { error: "MK-DOCUMENT-NOT-FOUND" }, view.session);
    return reply.type("application/pdf").header("content-disposition", "inline").send(Buffer.from(doc.display.pdfBase64, "base64"));
  });

  // ── explain mode (testers; only with MITTKANTA_EXPLAIN) ──
  app.get<{ Params: { personId: string } }>("/mittkanta/p/:personId/explain", async (request, reply) => {
    const lang = langOf(request);
    const t = TEXTS[lang];
    const session = sessionOf(request);
    if (service.options.explain !== true) return refusalPage(request, reply, { error: "MK-EXPLAIN-OFF" }, session);
    if (!session) return toLogin(request, reply);
    const explanation = await service.explain(session, request.params.personId, request.archiveNow);
    if (isRefusal(explanation)) return refusalPage(request, reply, explanation, session);
    const rows = explanation.documents
      .map(
        (d) => `<tr><th scope="row">${esc(d.title ?? d.setId)}<br><small>${esc(d.setId)}</small></th><td>${d.decision.shown ? esc(t.yes) : esc(t.no)}</td>
<td>${esc(d.decision.reason)}</td><td>${esc(d.decision.rule)} ${esc(d.decision.seedLines)}</td></tr>`,
      )
      .join("\n");
    const e = explanation.eligibility;
    const body = `<p>${esc(t.explainIntro)}</p>
<p>${esc(t.eligibility)}: ${e.eligible ? esc(t.yes) : esc(t.no)} – ${esc(e.reason)} (${esc(e.rule)} ${esc(e.seedLines)})</p>
${infoText(lang, explanation.infoText)}
<table><caption>${esc(t.listCaption(explanation.documents.length))}</caption>
<thead><tr><th scope="col">${esc(t.colDocument)}</th><th scope="col">${esc(t.colShown)}</th><th scope="col">${esc(t.colReason)}</th><th scope="col">${esc(t.colRule)}</th></tr></thead>
<tbody>${rows}</tbody></table>
<p><a href="${esc(link(lang, `/p/${encodeURIComponent(request.params.personId)}`))}">${esc(t.back)}</a></p>`;
    return page(request, reply, { title: t.explain, body, session });
  });

  if (wills) registerWillPages(wills);

  // ── will expressions (issue 11) and the citizen's logs (MITTKANTA_LOGS) ──
  function registerWillPages(wills: WillExpressionService) {
    const button = (label: string, fields: Record<string, string>) =>
      `<form class="inline" method="post">${Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join("")}<button type="submit">${esc(label)}</button></form>`;

    async function willPage(request: FastifyRequest<{ Params: { personId: string } }>, reply: FastifyReply, view: OpenView, outcome?: { done?: "stored" | "unchanged"; refusal?: WillRefusal }) {
      const lang = langOf(request);
      const w = WILL_TEXTS[lang];
      const o: WillOverview = await wills.overview(view);
      const choices = await wills.formChoices(view);
      const person = encodeURIComponent(view.personId);
      const action = esc(link(lang, `/p/${person}/will-expressions`));
      const withAction = (html: string) => html.replaceAll('<form class="inline" method="post">', `<form class="inline" method="post" action="${action}">`);
      const status = outcome?.refusal
        ? `<div class="error" role="alert" id="will-refusal"><h2>${esc(w.refused)}</h2><p>${esc(outcome.refusal[lang])}</p><p><small>${esc(outcome.refusal.error)}${outcome.refusal.rule ? ` – ${esc(outcome.refusal.rule)}` : ""}</small></p></div>`
        : outcome?.done
          ? `<div class="info" role="status" id="will-done"><p>${esc(w.done[outcome.done])}</p></div>`
          : "";
      const issuer = o.issuer ? `<p>${esc(w.issuer)}: ${esc(w.issuerRole[o.issuer.role])}${o.issuer.personIds.length ? ` (${esc(o.issuer.personIds.join(", "))})` : ""}</p>` : `<p>${esc(w.cannotAct)}</p>`;
      const kanta = `<section aria-labelledby="kanta-title"><h2 id="kanta-title">${esc(w.kantaTitle)}</h2>
<p id="kanta-state">${o.kantaInformation ? esc(w.kantaGiven(date(o.kantaInformation.givenAt), w.sector[o.kantaInformation.sector])) : esc(w.kantaMissing)}</p>
${o.issuer && !o.kantaInformation ? withAction(button(w.kantaButton, { action: "kanta-information" })) : ""}</section>`;
      const permission = `<section aria-labelledby="permission-title"><h2 id="permission-title">${esc(w.permissionTitle)}</h2>
<p id="permission-state">${o.permission ? (o.permission.positive ? esc(w.permissionGiven(date(o.permission.since))) : esc(w.permissionRevoked(date(o.permission.since)))) : esc(w.permissionMissing)}</p>
${o.issuer ? withAction(`${o.permission?.positive ? "" : button(w.give, { action: "give-permission" })} ${o.permission?.positive ? button(w.revoke, { action: "revoke-permission" }) : ""}`) : ""}</section>`;
      const taskName = (code: string) => choices.serviceTasks.find((x) => x.code === code)?.[lang];
      const targetText = (p: { target: ProhibitionView["target"]; targetLabel: string }) =>
        p.target.kind === "all"
          ? w.targetAll
          : p.target.kind === "service-task"
            ? `${w.serviceTask.split(" (")[0]}: ${taskName(p.target.code) ?? p.targetLabel}`
            : `${p.target.kind === "controller" ? w.controller : w.document}: ${p.targetLabel}`;
      const prohibitionRows = o.prohibitions
        .map((p) => `<tr><th scope="row">${esc(targetText(p))}</th><td>${esc(p.inForce ? w.inForce : w.removed)}</td><td>${date(p.since)}</td><td>${o.issuer && p.inForce ? withAction(button(`${w.remove}: ${targetText(p)}`, { action: "remove-prohibition", setId: p.setId })) : ""}</td></tr>`)
        .join("\n");
      const prohibitionList = o.prohibitionsHidden
        ? `<p class="info">${esc(w.prohibitionsHidden)}</p>`
        : o.prohibitions.length === 0
          ? `<p>${esc(w.noProhibitions)}</p>`
          : `<table id="prohibitions"><thead><tr><th scope="col">${esc(w.colTarget)}</th><th scope="col">${esc(w.colState)}</th><th scope="col">${esc(w.colSince)}</th><th scope="col"><span class="skip">${esc(w.remove)}</span></th></tr></thead><tbody>${prohibitionRows}</tbody></table>`;
      const select = (id: string, name: string, label: string, options: { value: string; text: string }[]) =>
        `<label for="${id}">${esc(label)}</label><select id="${id}" name="${name}">${options.map((x) => `<option value="${esc(x.value)}">${esc(x.text)}</option>`).join("")}</select>`;
      const addForms = o.issuer
        ? `<h3>${esc(w.addTitle)}</h3>
<form method="post" action="${action}"><input type="hidden" name="action" value="add-prohibition"><input type="hidden" name="targetKind" value="all"><p><button type="submit">${esc(w.prohibitAll)}</button></p></form>
<form method="post" action="${action}"><input type="hidden" name="action" value="add-prohibition"><input type="hidden" name="targetKind" value="controller">${select("prohibit-controller", "oid", w.controller, choices.organisations.map((x) => ({ value: x.oid, text: x.name })))}<p><button type="submit">${esc(w.prohibitController)}</button></p></form>
<form method="post" action="${action}"><input type="hidden" name="action" value="add-prohibition"><input type="hidden" name="targetKind" value="service-task">${select("prohibit-service-task", "code", w.serviceTask, choices.serviceTasks.map((x) => ({ value: x.code, text: `${x[lang]} (${x.code})` })))}<p><button type="submit">${esc(w.prohibitServiceTask)}</button></p></form>
${choices.documents.length ? `<form method="post" action="${action}"><input type="hidden" name="action" value="add-prohibition"><input type="hidden" name="targetKind" value="document">${select("prohibit-document", "setId", w.document, choices.documents.map((x) => ({ value: x.setId, text: `${x.title ?? x.setId} (${date(x.createdAt)})` })))}<p><button type="submit">${esc(w.prohibitDocument)}</button></p></form>` : ""}`
        : "";
      const prohibitions = `<section aria-labelledby="prohibitions-title"><h2 id="prohibitions-title">${esc(w.prohibitionsTitle)}</h2>${prohibitionList}${addForms}</section>`;
      const labels = new Map(o.prohibitions.map((p) => [p.setId, targetText(p)]));
      const content = (v: WillVersionView) =>
        v.kind === "disclosure-permission"
          ? v.positive
            ? w.positive
            : w.negative
          : v.kind === "disclosure-prohibition"
            ? `${labels.get(v.setId) ?? (v.target ? targetText({ target: v.target, targetLabel: v.target.kind === "controller" ? v.target.oid : v.target.kind === "document" ? v.target.setId : "" }) : "")} – ${v.inForce ? w.inForce : w.removed}`
            : w.sector[v.sector];
      const history = o.history.length
        ? `<section aria-labelledby="history-title"><h2 id="history-title">${esc(w.historyTitle)}</h2><table id="will-history"><thead><tr><th scope="col">${esc(w.colStored)}</th><th scope="col">${esc(w.colKind)}</th><th scope="col">${esc(w.colContent)}</th><th scope="col">${esc(w.colVersion)}</th><th scope="col">${esc(w.colIssuer)}</th><th scope="col">${esc(w.colChannel)}</th></tr></thead><tbody>${o.history
            .map((v) => `<tr><td>${date(v.storedAt)}</td><th scope="row">${esc(w.kind[v.kind])}</th><td>${esc(content(v))}${v.cancelled ? ` (${esc(w.cancelled)})` : ""}</td><td>${v.versionNumber}</td><td>${esc(w.issuerRole[v.issuer.role])}</td><td>${esc(w.channel[v.channel])}</td></tr>`)
            .join("\n")}</tbody></table></section>`
        : "";
      const body = `${await subjectHeading(lang, view)}${status}<p>${esc(w.intro)}</p>${issuer}${kanta}${permission}${prohibitions}${history}
<p><a href="${esc(link(lang, `/p/${person}`))}">${esc(TEXTS[lang].back)}</a></p>`;
      return page(request, reply, { title: w.title, body, session: view.session, status: outcome?.refusal?.http ?? 200 });
    }

    app.get<{ Params: { personId: string }; Querystring: { done?: string } }>("/mittkanta/p/:personId/will-expressions", async (request, reply) => {
      const view = await openView(request, reply, true);
      if (!view) return reply;
      const done = request.query.done === "stored" || request.query.done === "unchanged" ? request.query.done : undefined;
      return willPage(request, reply, view, done ? { done } : undefined);
    });

    app.post<{ Params: { personId: string }; Body: Record<string, string> }>("/mittkanta/p/:personId/will-expressions", async (request, reply) => {
      const view = await openView(request, reply, true);
      if (!view) return reply;
      const action = parseWillAction(request.body);
      const result = action ? await wills.act(view, action) : ({ ...MITTKANTA_API_ERRORS["MK-WILL-ACTION-INVALID"], error: "MK-WILL-ACTION-INVALID" } as WillRefusal);
      if (isWillRefusal(result)) return willPage(request, reply, view, { refusal: result });
      // Post/redirect/get: a reload does not send the action again.
      return reply.code(303).header("location", link(langOf(request), `/p/${encodeURIComponent(view.personId)}/will-expressions`, { done: result.stored ? "stored" : "unchanged" })).send();
    });

    app.get<{ Params: { personId: string } }>("/mittkanta/p/:personId/logs", async (request, reply) => {
      const lang = langOf(request);
      const w = WILL_TEXTS[lang];
      if (service.options.logs !== true) return refusalPage(request, reply, { error: "MK-LOGS-OFF" }, sessionOf(request));
      const view = await openView(request, reply);
      if (!view) return reply;
      const logs = await wills.logs(view);
      if (isWillRefusal(logs)) return refusalPage(request, reply, { error: logs.error as Refusal["error"] }, view.session);
      const rows = logs.entries
        .map(
          (e) => `<tr><td>${esc(new Date(e.at).toLocaleString(lang === "sv" ? "sv-FI" : "fi-FI", { timeZone: "Europe/Helsinki" }))}</td><td>${esc(w.log[e.log])}</td><th scope="row">${esc(e.organisation.name ?? e.organisation.oid)}</th><td>${esc(e.register.name ?? e.register.oid)}</td><td>${e.document ? esc(e.document.title ?? w.notShown) : ""}</td><td>${esc(w.outcome[e.outcome])}</td></tr>`,
        )
        .join("\n");
      const body = `<p>${esc(w.logsIntro)}</p>${
        logs.entries.length
          ? `<table id="logs"><thead><tr><th scope="col">${esc(w.colTime)}</th><th scope="col">${esc(w.colLog)}</th><th scope="col">${esc(w.colOrganisation)}</th><th scope="col">${esc(w.colRegister)}</th><th scope="col">${esc(TEXTS[lang].colDocument)}</th><th scope="col">${esc(w.colOutcome)}</th></tr></thead><tbody>${rows}</tbody></table>`
          : `<p>${esc(w.noLog)}</p>`
      }<p><a href="${esc(link(lang, `/p/${encodeURIComponent(view.personId)}`))}">${esc(TEXTS[lang].back)}</a></p>`;
      return page(request, reply, { title: w.logsTitle, body, session: view.session });
    });
  }
}

