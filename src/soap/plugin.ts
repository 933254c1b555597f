import type { FastifyInstance } from "fastify";

/** The HL7 V3 SOAP endpoint: POST /soap/archive, GET /soap/archive?wsdl, POST /soap/validate. */
export async function soapPlugin(app: FastifyInstance): Promise<void> {
  void app;
}
