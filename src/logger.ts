import type { FastifyServerOptions } from "fastify";
import type { Config } from "./config.js";

/** pino options: JSON lines, or pino-pretty when a terminal asks for it (LOG_PRETTY, default: stdout is a TTY). */
export function loggerOptions(config: Pick<Config, "logLevel" | "logPretty">): NonNullable<FastifyServerOptions["logger"]> {
  if (config.logLevel === "silent") return false;
  return config.logPretty
    ? { level: config.logLevel, transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } } }
    : { level: config.logLevel };
}
