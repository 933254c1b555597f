/**
 * Test material for the signature room: a small, plausible standalone CDA document (the CDA builder
 * is written in parallel, so this one is hand-made) and access to the committed test PKI in certs/test/.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { keyedCertificateFromPem, type KeyedCertificate } from "../../src/signature/pki.js";

export const TEST_PKI_DIR = fileURLToPath(new URL("../../certs/test/", import.meta.url));

/** A request time inside the validity of the committed test PKI (2020–2045) and after the expired cert. */
export const REQUEST_TIME = new Date("2026-11-28T12:00:00Z");

/**
 * A small ClinicalDocument: header (ids, client, author organisation), a Finnish local header and one
 * structured section with an XHTML text and hl7fi:json. The exact content does not matter for the
 * signature tests, only that it is realistic and has header, metadata and body to tamper with.
 */
export const SAMPLE_CDA = `<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:hl7fi="urn:hl7finland" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
  <id root="1.2.246.10.99990001.10.0.1001.1"/>
  <code code="KR" codeSystem="1.2.246.537.6.1505" displayName="Klientrelationshandling"/>
  <title>Klientrelationshandling</title>
  <effectiveTime value="20261128101500+0200"/>
  <confidentialityCode code="5" codeSystem="1.2.246.537.5.40014"/>
  <languageCode code="sv"/>
  <setId root="1.2.246.10.99990001.10.0.1001"/>
  <versionNumber value="1"/>
  <recordTarget>
    <patientRole>
      <id root="1.2.246.21" extension="140375-921H"/>
      <patient><name><given>Anna</given><family>Testinen</family></name></patient>
    </patientRole>
  </recordTarget>
  <author>
    <time value="20261128101500+0200"/>
    <assignedAuthor>
      <id root="1.2.246.537.26" extension="9999991"/>
      <assignedPerson><name><given>Sara</given><family>Socionom</family></name></assignedPerson>
      <representedOrganization><id root="1.2.246.10.99990001.10.0"/><name>Testbyns välfärdsområde</name></representedOrganization>
    </assignedAuthor>
  </author>
  <custodian><assignedCustodian><representedCustodianOrganization><id root="1.2.246.10.99990001.10.0"/></representedCustodianOrganization></assignedCustodian></custodian>
  <hl7fi:localHeader>
    <hl7fi:documentGroup code="1" codeSystem="1.2.246.537.6.1505"/>
    <hl7fi:serviceTask code="10" codeSystem="1.2.246.537.6.1261"/>
  </hl7fi:localHeader>
  <component>
    <structuredBody>
      <component>
        <section ID="section-1">
          <title>Klientrelation</title>
          <text><paragraph>Klientrelationen har inletts den 28 november 2026.</paragraph></text>
          <hl7fi:json>eyJzdGFydCI6IjIwMjYtMTEtMjgifQ==</hl7fi:json>
        </section>
      </component>
    </structuredBody>
  </component>
</ClinicalDocument>
`;

/** A committed test certificate + key from certs/test/ (paths relative to it, without extension). */
export function testPkiCertificate(name: string): KeyedCertificate {
  return keyedCertificateFromPem(readFileSync(`${TEST_PKI_DIR}${name}.pem`, "utf8"), readFileSync(`${TEST_PKI_DIR}${name}.test-key.pem`, "utf8"));
}
