/** A floor worker thread (src/bench/floor.ts): parses and verifies the items it is sent, returns each document's bytes. */
import { parentPort, workerData } from "node:worker_threads";
import { resolveTrustDirs } from "../config.js";
import { loadTrustStore } from "../signature/trust.js";
import { parseAndVerify, type FloorItem } from "./floor.js";

const trust = loadTrustStore(resolveTrustDirs((workerData as { trustDirs: string[] }).trustDirs));
const port = parentPort!;
port.on("message", (message: { items?: FloorItem[]; warmup?: FloorItem[] }) => {
  const at = new Date();
  if (message.warmup) {
    // Not measured: the first documents compile the parser and verifier code paths in this thread.
    for (const item of message.warmup) parseAndVerify(item, trust, at);
    port.postMessage({ ready: true });
    return;
  }
  if (!message.items) return;
  for (const item of message.items) {
    try {
      const bytes = parseAndVerify(item, trust, at);
      port.postMessage({ bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    } catch (e) {
      port.postMessage({ error: (e as Error).message });
      return;
    }
  }
});
