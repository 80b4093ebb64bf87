import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Finds secrets where they must not be: in output, logs and files. A secret is looked for in the forms it takes on
 * the way (a key file's JSON as text, JSON-escaped, base64 as the google provider's `private_key`, and each line of
 * its PEM body), and also with whitespace removed from both sides, because terminals and cdktf wrap long lines.
 */
export interface NamedSecret {
  /** What it is, for reports: never the value. */
  readonly name: string;
  readonly value: string;
}

export interface SecretFinding {
  /** Where: a file path or the name of an output. */
  readonly where: string;
  /** The secret's name and form, e.g. "key 3f2a… (PEM line 4)". */
  readonly secret: string;
}

/** Shorter values would match ordinary text. */
const MIN_LENGTH = 12;

/** The forms in which a service account key file (the JSON Google hands out) can travel. */
export function keyFileSecrets(name: string, keyJson: string): NamedSecret[] {
  const forms: NamedSecret[] = [
    { name: `${name} (key JSON)`, value: keyJson },
    { name: `${name} (key JSON, escaped)`, value: JSON.stringify(keyJson).slice(1, -1) },
    { name: `${name} (key JSON, base64)`, value: Buffer.from(keyJson, "utf8").toString("base64") },
  ];
  const pem = (JSON.parse(keyJson) as { private_key?: unknown }).private_key;
  if (typeof pem === "string") {
    pem
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("-----"))
      .forEach((line, index) => forms.push({ name: `${name} (PEM line ${index + 1})`, value: line.trim() }));
  }
  return forms;
}

/** Every secret found in `text`, once per secret. */
export function findSecrets(where: string, text: string, secrets: readonly NamedSecret[]): SecretFinding[] {
  const squeezed = squeeze(text);
  return secrets
    .filter(({ value }) => value.length >= MIN_LENGTH && (text.includes(value) || squeezed.includes(squeeze(value))))
    .map(({ name }) => ({ where, secret: name }));
}

export interface ScannedTree {
  readonly files: string[];
  readonly findings: SecretFinding[];
}

/**
 * Scans every regular file under `root` (symbolic links are not followed, so a symlinked node_modules is skipped),
 * except those `skip` accepts (given the path relative to `root`).
 */
export function scanTree(root: string, secrets: readonly NamedSecret[], skip: (relativePath: string) => boolean = () => false): ScannedTree {
  const files: string[] = [];
  const findings: SecretFinding[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (skip(relative(root, path))) continue;
      if (stat.isDirectory()) visit(path);
      else if (stat.isFile()) {
        files.push(relative(root, path));
        findings.push(...findSecrets(relative(root, path), readFileSync(path, "latin1"), secrets));
      }
    }
  };
  visit(root);
  return { files, findings };
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}
