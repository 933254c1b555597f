import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { mittkantaPlugin } from "../../src/mittkanta/plugin.js";
import { esc, narrativeToHtml } from "../../src/mittkanta/web.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { ADULT, CHILD, GUARDIAN, storeWebStories, TITLES, XSS_TITLE } from "../browser/mittkanta-story.js";

/**
 * The MittKanta web page (/mittkanta/) over documents stored through the real SOAP endpoint, read as
 * plain HTTP (the browser tests in test/browser drive the same pages in Chromium): escaping, the
 * language switch, the accessibility basics of every page, and what a guardian does not see.
 */
describe("MittKanta web page (/mittkanta/)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  let stored: Awaited<ReturnType<typeof storeWebStories>>;

  /** Logs in through the form; returns the session cookie. */
  const login = async (personId: string, prefix = "") => {
    const res = await fetch(`${url}${prefix}/mittkanta/login?lang=fi`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ personId }).toString() });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${prefix}/mittkanta/people?lang=fi`);
    return /mk_session=[^;]+/.exec(res.headers.get("set-cookie") ?? "")![0];
  };
  const page = async (path: string, cookie?: string) => {
    const res = await fetch(`${url}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
    return { status: res.status, location: res.headers.get("location"), type: res.headers.get("content-type"), html: await res.text() };
  };
  /** The accessibility basics every page must have. */
  const expectAccessible = (html: string, lang: "fi" | "sv") => {
    expect(html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${lang}">`));
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<a class="skip" href="#main">');
    expect(html).toContain('<main id="main" tabindex="-1">');
    // Every form control has a label (or is hidden or a button).
    for (const [, id] of html.matchAll(/<(?:input|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)) expect(html).toContain(`<label for="${id}">`);
    expect(html.match(/<(?:input|select)(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>/g)).toBeNull();
    for (const th of html.match(/<th[\s>][^>]*>?/g) ?? []) expect(th).toMatch(/scope="(col|row)"/);
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    await app.register(mittkantaPlugin, { phase: 1, explain: true, prefix: "/explain-on" } as never);
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    stored = await storeWebStories(url);
  }, 120_000);
  afterAll(async () => app.close());

  it("stored the stories over SOAP (precondition)", () => {
    expect(stored.acks).toEqual(Array(stored.acks.length).fill("AA"));
  });

  it("login page: the population-register test persons to choose from, Finnish by default, Swedish on request [D03-R08 L7610-7616]", async () => {
    const fi = await page("/mittkanta/");
    expect([fi.status, fi.type]).toEqual([200, "text/html; charset=utf-8"]);
    expectAccessible(fi.html, "fi");
    expect(fi.html).toContain("<h1>Kirjaudu testihenkilönä</h1>");
    expect(fi.html).toContain('<option value="300116A962A">Testinen Ella – 300116A962A (30.1.2016)</option>');
    const sv = await page("/mittkanta/?lang=sv");
    expectAccessible(sv.html, "sv");
    expect(sv.html).toContain("<h1>Logga in som testperson</h1>");
    expect(sv.html).toContain('href="/mittkanta/?lang=fi" lang="fi" hreflang="fi">Suomeksi</a>');
  });

  it("a page without a session sends the browser to the login page", async () => {
    expect(await page(`/mittkanta/p/${ADULT}`)).toMatchObject({ status: 303, location: "/mittkanta/?lang=fi" });
  });

  it("an invalid identity code sends the browser back with the refusal text [D03-R08 L7610-7616]", async () => {
    const res = await fetch(`${url}/mittkanta/login?lang=sv`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "otherId=010101-0000" });
    expect(res.headers.get("location")).toBe("/mittkanta/?error=MK-PERSON-ID-INVALID&lang=sv");
    expect((await page(res.headers.get("location")!)).html).toContain('<div class="error" role="alert"><p>Personbeteckningen saknas eller är ogiltig.</p>');
  });

  it("escapes every value: a document title carrying <script> is shown as text, never as markup", async () => {
    const cookie = await login(ADULT);
    for (const path of [`/mittkanta/p/${ADULT}`, `/mittkanta/p/${ADULT}/documents`, `/mittkanta/p/${ADULT}/documents/${stored.xssSetId}`]) {
      const { status, html } = await page(path, cookie);
      expect(status, path).toBe(200);
      expect(html, path).toContain(esc(XSS_TITLE));
      expect(html, path).toContain("&lt;script&gt;window.__xss = 1&lt;/script&gt;");
      expect(html, path).not.toMatch(/<script|<img|onerror="/i); // "onerror=&quot;" inside escaped text is harmless
    }
    // The display text is rebuilt from whitelisted narrative elements, its text escaped.
    const detail = await page(`/mittkanta/p/${ADULT}/documents/${stored.xssSetId}`, cookie);
    expect(detail.html).toContain("<p>Text &lt;script&gt;window.__xss = 3&lt;/script&gt; slut.</p>");
    expect(narrativeToHtml('<paragraph styleCode="x" onclick="evil()">a<content>b</content><renderMultiMedia/></paragraph><table><tr><th>h</th></tr></table>')).toBe('<p>a<span>b</span></p><table><tr><th scope="col">h</th></tr></table>');
  });

  it("landing page: documents per service task, KR dates and own contact person, each page accessible [D03-R10 L7694-7698, D03-R11 L7698-7713, D03-R13 L7705-7717]", async () => {
    const cookie = await login(ADULT);
    const landing = await page(`/mittkanta/p/${ADULT}?lang=sv`, cookie);
    expectAccessible(landing.html, "sv");
    expect(landing.html).toContain("<h1>Socialvård</h1>");
    expect(landing.html).toContain("<h2 id=\"task-0\">Service för personer i arbetsför ålder</h2>");
    expect(landing.html).toContain(`>${TITLES.adultAssessment}</a> 28.11.2026`);
    expect(landing.html).toContain("<dt>Klientrelation inom socialvården</dt><dd>inledd 1.11.2026</dd>");
    expect(landing.html).toContain("<dt>Egen kontaktperson</dt><dd>Sara Socionom, 029 000 0001</dd>");
    const list = await page(`/mittkanta/p/${ADULT}/documents?serviceTask=26&sort=name&lang=sv`, cookie);
    expectAccessible(list.html, "sv");
    expect(list.html).toContain('<th scope="col">Personuppgiftsansvarig</th>');
    const detail = await page(`/mittkanta/p/${ADULT}/documents/${stored.adultAssessmentSetId}?lang=sv`, cookie);
    expectAccessible(detail.html, "sv");
    expect(detail.html).toContain(`<h1>${TITLES.adultAssessment}</h1>`);
    expect(detail.html).toContain("<h2 id=\"signature-title\">Underskrift</h2>");
  });

  it("service-task view: a date search before 1.1.2023 is refused on the page [D03-R17 L7729-7731]", async () => {
    const res = await page(`/mittkanta/p/${ADULT}/documents?from=2022-06-01`, await login(ADULT));
    expect(res.status).toBe(400);
    expect(res.html).toContain('<div class="error" role="alert"><p>Päivämäärähaun alaraja on 1.1.2023.</p></div>');
    expect(res.html).toContain('value="2022-06-01"');
  });

  it("a guardian acting for the child does not see the document the child banned; the child sees it with its marker [D03-R55 L8934-8950, D03-R19 L7735-7737]", async () => {
    const guardian = await login(GUARDIAN);
    const people = await page("/mittkanta/people", guardian);
    expect(people.html).toContain(`<a href="/mittkanta/p/${CHILD}?lang=fi">Ella Testinen – huoltajana</a>`);
    const asGuardian = await page(`/mittkanta/p/${CHILD}/documents`, guardian);
    expect(asGuardian.html).toContain(TITLES.childOrdinary);
    expect(asGuardian.html).not.toContain(TITLES.childBanned);
    expect(asGuardian.html).toContain("Asioit henkilön puolesta: <strong>Ella Testinen</strong>");
    const asChild = await page(`/mittkanta/p/${CHILD}/documents?lang=sv`, await login(CHILD));
    expect(asChild.html).toMatch(new RegExp(`${TITLES.childBanned}</a></th>[\\s\\S]*?<span class="notice">Handlingen visas inte för din vårdnadshavare.</span>`));
  });

  it("a person one may not act for gets the refusal page, with no document data [D03-R67 L8722-8776]", async () => {
    const res = await page(`/mittkanta/p/${CHILD}`, await login(ADULT));
    expect(res.status).toBe(403);
    expect(res.html).toContain("MK-PROXY-NOT-GUARDIAN");
    expect(res.html).not.toContain(TITLES.childOrdinary);
  });

  it("explain mode: only when it is on, every document with its rule", async () => {
    const off = await page(`/mittkanta/p/${ADULT}/explain`, await login(ADULT));
    expect([off.status, off.html.includes("MK-EXPLAIN-OFF")]).toEqual([404, true]);
    const on = await page(`/explain-on/mittkanta/p/${ADULT}/explain?lang=sv`, await login(ADULT, "/explain-on"));
    expect(on.status).toBe(200);
    expectAccessible(on.html, "sv");
    expect(on.html).toContain("<td>HIDDEN-CLIENT-RELATIONSHIP-DOCUMENT</td><td>D03-R24 L7941-7959</td>");
  });

  it("MittKanta is read-only: no route stores, changes or deletes client data, in the API or on the page [D03-R01 L7620-7628]", async () => {
    const cookie = await login(ADULT);
    const token = ((await (await fetch(`${url}/mittkanta/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ personId: ADULT }) })).json()) as { token: string }).token;
    const paths = [`/mittkanta/api/people/${ADULT}/documents`, `/mittkanta/api/people/${ADULT}/documents/${stored.adultAssessmentSetId}`, `/mittkanta/p/${ADULT}/documents`, `/mittkanta/p/${ADULT}/documents/${stored.adultAssessmentSetId}`];
    for (const path of paths) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const res = await fetch(`${url}${path}`, { method, headers: { cookie, authorization: `Bearer ${token}`, ...(method !== "DELETE" && { "content-type": "application/json" }) }, body: method === "DELETE" ? null : "{}" });
        expect(res.status, `${method} ${path}`).toBe(404);
      }
    }
    // The only forms on the pages are the test login, the logout and the GET search.
    const list = await page(`/mittkanta/p/${ADULT}/documents`, cookie);
    expect([...list.html.matchAll(/<form[^>]*method="(\w+)"[^>]*action="([^"?]+)/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(["post /mittkanta/logout", `get /mittkanta/p/${ADULT}/documents`]);
  });

  it("logout ends the session", async () => {
    const cookie = await login(ADULT);
    const res = await fetch(`${url}/mittkanta/logout`, { method: "POST", redirect: "manual", headers: { cookie } });
    expect(res.status).toBe(303);
    expect((await page(`/mittkanta/p/${ADULT}`, cookie)).status).toBe(303);
  });
});
