import type { Command } from "commander";

/** `kanta-sim send` and `kanta-sim validate` (the reference client side of the wire). */
export function registerWireCommands(program: Command): void {
  void program;
}
