/** Text helpers for what the harness captures and logs. */

// CSI sequences (colours, cursor moves, line erases) and OSC sequences (titles, links).
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Environment variable names whose values are secrets: never written to a log. */
export const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|(^|_)KEY($|_)|AUTH/i;

export const MASK = "***";

/**
 * Masks secrets in text meant for a log or a message: every value in `secrets` (known secret values, e.g. the
 * Edgegap token) wherever it appears. Values shorter than 4 characters are ignored (masking them would garble text).
 */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  let masked = text;
  const values = [...secrets].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of values) masked = masked.split(secret).join(MASK);
  return masked;
}

/** The values of secret-looking variables in an environment. */
export function secretValuesOf(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === "string" && value !== "")
    .map(([, value]) => value!);
}
