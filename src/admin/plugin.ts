import type { FastifyInstance } from "fastify";
import type { SimulatedClock } from "../clock.js";

export interface AdminPluginOptions {
  clock: SimulatedClock;
}

/** The admin API (/admin/api/…): test world, archivist view, clock. Registered only when ENABLE_ADMIN. */
export async function adminPlugin(app: FastifyInstance, options: AdminPluginOptions): Promise<void> {
  void app;
  void options;
}
