/**
 * `npm run emulator -- [--port N] [--token T]... [--latency MS] [--page-size N]`: runs the Edgegap API emulator
 * in the foreground and prints its URL and a token. Test-only: it keeps what it receives (secrets included).
 */
import { EdgegapEmulator, type EdgegapEmulatorOptions } from "./emulator";

const USAGE = "usage: emulator [--port N] [--host H] [--token T]... [--latency MS] [--page-size N]";

function parseArgs(argv: readonly string[]): EdgegapEmulatorOptions {
  const tokens: string[] = [];
  const options: { -readonly [K in keyof EdgegapEmulatorOptions]: EdgegapEmulatorOptions[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = inline ?? argv[++i];
    const number = (): number => {
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} needs a whole number, got ${JSON.stringify(value)}`);
      return parsed;
    };
    switch (flag) {
      case "--port":
        options.port = number();
        break;
      case "--host":
        options.host = value;
        break;
      case "--token":
        if (!value) throw new Error("--token needs a value");
        tokens.push(value);
        break;
      case "--latency":
        options.latencyMs = number();
        break;
      case "--page-size":
        options.pageSize = number();
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(argv[i - (inline === undefined ? 1 : 0)])}\n${USAGE}`);
    }
  }
  return tokens.length > 0 ? { ...options, tokens } : options;
}

async function main(): Promise<void> {
  const emulator = await EdgegapEmulator.start(parseArgs(process.argv.slice(2)));
  process.stdout.write(
    [
      `Edgegap API emulator listening on ${emulator.url}`,
      `token: ${emulator.token}`,
      "",
      `  export EDGEGAP_TOKEN=${emulator.token}`,
      `  curl -H "Authorization: token ${emulator.token}" ${emulator.url}/v1/apps`,
      `  admin (request log, faults, state): ${emulator.url}/_emulator/requests, /_emulator/faults, /_emulator/state`,
      "",
      "Test-only: it stores and logs secrets in clear. Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
