/**
 * Optional TLS and mutual TLS for `kanta-sim serve`: with TLS_CERT and TLS_KEY the app is served over
 * HTTPS only; with TLS_CLIENT_CA as well, every client must present a certificate issued by one of
 * those CAs (the handshake fails otherwise) and its organisationIdentifier is the sending
 * organisation (checked by ./plugin.ts). The HTTPS server routes into the Fastify app (app.routing),
 * so the app itself is built exactly as for HTTP.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.js";
import { applyRequestTimeout } from "./plugin.js";

export interface TlsFiles {
  cert: string;
  key: string;
  clientCa?: string | undefined;
}

/** The TLS files of a configuration, or undefined when TLS is off; one of TLS_CERT/TLS_KEY alone is an error. */
export function tlsFilesOf(config: Pick<Config, "tlsCert" | "tlsKey" | "tlsClientCa">): TlsFiles | undefined {
  if (!config.tlsCert && !config.tlsKey) {
    if (config.tlsClientCa) throw new Error("TLS_CLIENT_CA needs TLS_CERT and TLS_KEY");
    return undefined;
  }
  if (!config.tlsCert || !config.tlsKey) throw new Error("TLS_CERT and TLS_KEY must be set together");
  return { cert: config.tlsCert, key: config.tlsKey, clientCa: config.tlsClientCa };
}

/** Serves the (built) app over HTTPS on host:port; resolves with the base URL. Closing the app closes the server. */
export async function listenTls(app: FastifyInstance, files: TlsFiles, options: { port: number; host: string; requestTimeoutMs: number }): Promise<{ url: string; server: Server }> {
  const server = createServer(
    {
      cert: readFileSync(files.cert),
      key: readFileSync(files.key),
      ...(files.clientCa ? { ca: readFileSync(files.clientCa), requestCert: true, rejectUnauthorized: true } : {}),
    },
    (req, res) => app.routing(req, res),
  );
  applyRequestTimeout(server, options.requestTimeoutMs);
  app.addHook("onClose", async () => {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await app.ready();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://${options.host === "0.0.0.0" ? "127.0.0.1" : options.host}:${port}`;
  app.log.info(`Server listening at ${url}`);
  return { url, server };
}
