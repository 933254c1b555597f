import type { FastifyInstance } from "fastify";

/** The message inspector: GET /inspector/api/messages and the HTML page GET /inspector. */
export async function inspectorPlugin(app: FastifyInstance): Promise<void> {
  void app;
}
