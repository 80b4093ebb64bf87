/**
 * Runs every benchmark, prints its section and writes them all to bench/RESULTS.md.
 *
 *   npm run bench                  every bench
 *   npm run bench -- library-load  only those whose module name contains "library-load"
 *
 * To add a bench: write bench/<name>.ts exporting `title` and `run(): Promise<BenchSection>` (see harness.ts),
 * and add its name to BENCH_MODULES.
 */
import { writeFileSync } from "fs";
import { cpus } from "os";
import { join } from "path";
import { Chart, renderCharts } from "./chart";
import { BenchSection, formatSection } from "./harness";

interface BenchModule {
  readonly title: string;
  run(): Promise<BenchSection>;
}

/** Module names under bench/, in the order they run. */
const BENCH_MODULES: readonly string[] = ["library-load", "provider-startup", "provider-lifecycle"];

async function main(filters: readonly string[]): Promise<void> {
  const selected = BENCH_MODULES.filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)));
  if (selected.length === 0) {
    throw new Error(`no bench matches ${filters.join(", ")}: expected part of one of ${BENCH_MODULES.join(", ")}`);
  }

  const header = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` on ${new Date().toISOString()}: node ${process.version}, ` +
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${process.env.BENCH_RUNS ?? "7"} runs per variant.`,
    "",
  ].join("\n");
  const sections: string[] = [];
  const charts: Chart[] = [];
  for (const name of selected) {
    const bench = (await import(`./${name}`)) as BenchModule;
    process.stderr.write(`# ${bench.title} (${name})\n`);
    const section = await bench.run();
    const text = formatSection(section);
    process.stdout.write(`\n${text}`);
    sections.push(text);
    charts.push(...(section.charts ?? []));
  }

  if (filters.length === 0) {
    writeFileSync(join(__dirname, "RESULTS.svg"), renderCharts(charts));
    const chartLink = charts.length > 0 ? "![Benchmark charts](RESULTS.svg)\n\n" : "";
    writeFileSync(join(__dirname, "RESULTS.md"), `${header}\n${chartLink}${sections.join("\n")}`);
    process.stdout.write("\nwrote bench/RESULTS.md and bench/RESULTS.svg\n");
  } else {
    process.stdout.write("\n(bench/RESULTS.md is only written when every bench runs)\n");
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
