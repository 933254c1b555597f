/**
 * The trust store: which certificate authorities the archive trusts and which certificates are
 * revoked. A trust directory holds CA certificates as PEM files (`*.pem`, top level only — sub-directories
 * such as `untrusted/` are not read; `*.test-key.pem` private keys are skipped) and optionally a
 * `revoked.json`: an array of `{ issuer, serial, revokedAt, reason }` (see RevocationEntry). Only
 * certificates marked as CAs (basicConstraints cA) become trust anchors; end-entity certificates
 * lying in the same directory are ignored, so a signer certificate never trusts itself. A directory
 * that does not exist is skipped (the TRUST_DIRS setting lists optional ones).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";
import { distinguishedName, type RevocationEntry } from "./pki.js";

export interface TrustStore {
  /** Trusted CA certificates (roots or intermediates). */
  readonly anchors: readonly forge.pki.Certificate[];
  readonly caStore: forge.pki.CAStore;
  readonly revoked: readonly RevocationEntry[];
}

export class TrustStoreError extends Error {
  override name = "TrustStoreError";
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function isCa(cert: forge.pki.Certificate): boolean {
  return (cert.getExtension("basicConstraints") as { cA?: boolean } | null)?.cA === true;
}

function readRevocations(file: string): RevocationEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new TrustStoreError(`${file}: not readable JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new TrustStoreError(`${file}: expected an array of {issuer, serial, revokedAt, reason}`);
  return parsed.map((entry: unknown, index) => {
    const e = entry as Partial<RevocationEntry>;
    if (typeof e.issuer !== "string" || typeof e.serial !== "string" || typeof e.revokedAt !== "string" || Number.isNaN(Date.parse(e.revokedAt))) {
      throw new TrustStoreError(`${file}[${index}]: needs string issuer, hex serial and an ISO revokedAt`);
    }
    return { issuer: e.issuer, serial: e.serial.toLowerCase(), revokedAt: e.revokedAt, reason: typeof e.reason === "string" ? e.reason : "unspecified" };
  });
}

/** A trust store from explicit parts (tests, or a server that keeps trust elsewhere). */
export function createTrustStore(anchors: forge.pki.Certificate[], revoked: RevocationEntry[] = []): TrustStore {
  const cas = anchors.filter(isCa);
  return { anchors: cas, caStore: forge.pki.createCaStore(cas), revoked: revoked.map((r) => ({ ...r, serial: r.serial.toLowerCase() })) };
}

/** Reads every trust directory (see the top of this file). Throws TrustStoreError naming the bad file. */
export function loadTrustStore(dirs: string[]): TrustStore {
  const anchors: forge.pki.Certificate[] = [];
  const revoked: RevocationEntry[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
        .sort();
    } catch (e) {
      // A configured directory that does not exist is skipped (TRUST_DIRS default lists optional ones).
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new TrustStoreError(`trust directory ${dir}: ${(e as Error).message}`);
    }
    for (const name of names) {
      const file = join(dir, name);
      if (name === "revoked.json") {
        revoked.push(...readRevocations(file));
      } else if (name.endsWith(".pem") && !name.endsWith(".test-key.pem")) {
        for (const block of readFileSync(file, "utf8").match(PEM_CERTIFICATE) ?? []) {
          try {
            anchors.push(forge.pki.certificateFromPem(block));
          } catch (e) {
            throw new TrustStoreError(`${file}: not a readable certificate (${(e as Error).message})`);
          }
        }
      }
    }
  }
  return createTrustStore(anchors, revoked);
}

/** The revocation entry in force for `cert` at `at`, if any. */
export function revocationOf(trust: TrustStore, cert: forge.pki.Certificate, at: Date): RevocationEntry | undefined {
  const issuer = distinguishedName(cert.issuer.attributes);
  const serial = cert.serialNumber.toLowerCase();
  return trust.revoked.find((r) => r.issuer === issuer && r.serial === serial && Date.parse(r.revokedAt) <= at.getTime());
}
