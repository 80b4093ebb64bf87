/**
 * `npm run sandbox [-- --keep]`: the example app's real `cdktf deploy` and `cdktf destroy`, offline and with no
 * accounts (see sandbox.ts and the README's "Sandbox"). Exits 0 when every check passed, 1 with the reason otherwise.
 */
import { runSandbox, SandboxError } from "./sandbox";

const USAGE = "usage: npm run sandbox [-- --keep]\n  --keep  keep the workspace (project copy, state, logs) and print where it is";

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--keep");
  if (unknown.length > 0) {
    process.stderr.write(`sandbox: unknown option ${JSON.stringify(unknown[0])}\n${USAGE}\n`);
    return 2;
  }
  const started = Date.now();
  // Ctrl-C: stop cdktf as a terminal would, clean up, then exit 1; a second Ctrl-C exits at once.
  const interrupted = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write("\nInterrupted: stopping cdktf and cleaning up (Ctrl-C again to quit now)\n");
    interrupted.abort();
    process.once("SIGINT", () => process.exit(130));
  });
  try {
    await runSandbox({ keep: argv.includes("--keep"), signal: interrupted.signal });
    process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(0)} s in all)\n`);
    return 0;
  } catch (error) {
    const message = error instanceof SandboxError ? error.message : `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`\nSandbox FAILED: ${message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
