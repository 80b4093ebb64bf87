import { format } from "node:util";

/**
 * Logs go to stderr only (stdout carries the go-plugin handshake), as hclog-style JSON lines that Terraform's
 * plugin client parses, so they appear under TF_LOG / TF_LOG_PROVIDER at the right level. Our own threshold comes
 * from the same variables (TF_LOG_PROVIDER wins); unset means silent. Every line passes through the redactor.
 */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "off";
const ORDER: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "off"];

export type LogFields = { readonly [name: string]: unknown };

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger adding these fields to every line. */
  with(fields: LogFields): Logger;
}

/** Terraform's rules: a level name (any case), JSON = trace, any other non-empty value = trace, unset/empty = off. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || "").trim().toLowerCase();
  if (raw === "") return "off";
  return (ORDER as readonly string[]).includes(raw) ? (raw as LogLevel) : "trace";
}

export interface LoggerOptions {
  /** hclog module name, e.g. "provider.toy". */
  readonly module: string;
  readonly level?: LogLevel;
  readonly redact?: (text: string) => string;
  readonly write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions, fields: LogFields = {}): Logger {
  const threshold = ORDER.indexOf(options.level ?? logLevelFromEnv());
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const redact = options.redact ?? ((text: string) => text);
  const log = (level: LogLevel) => (message: string, extra?: LogFields) => {
    if (ORDER.indexOf(level) < threshold) return;
    const entry = {
      "@level": level,
      "@message": message,
      "@module": options.module,
      // hclog's layout: microseconds, which Go parses strictly.
      "@timestamp": new Date().toISOString().replace("Z", "000Z"),
      ...serialisable({ ...fields, ...extra }),
    };
    write(redact(JSON.stringify(entry)) + "\n");
  };
  return {
    trace: log("trace"),
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    with: (more) => createLogger(options, { ...fields, ...more }),
  };
}

function serialisable(fields: LogFields): LogFields {
  const out: { [name: string]: unknown } = {};
  for (const [name, value] of Object.entries(fields)) {
    out[name] = value instanceof Error ? value.message : typeof value === "bigint" ? value.toString() : value;
  }
  return out;
}

/**
 * Third-party code may call console.log; on stdout that would corrupt the plugin channel. Sends all console output
 * to stderr (redacted) instead.
 */
export function redirectConsoleToStderr(redact: (text: string) => string): void {
  const toStderr = (...args: unknown[]) => {
    process.stderr.write(redact(format(...args)) + "\n");
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  console.error = toStderr;
  console.trace = toStderr;
}
