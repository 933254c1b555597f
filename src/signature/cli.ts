import type { Command } from "commander";

/** `kanta-sim certs init|issue` and `kanta-sim sign` (test PKI and the reference signer). */
export function registerSignatureCommands(program: Command): void {
  void program;
}
