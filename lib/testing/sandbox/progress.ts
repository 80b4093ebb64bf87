/**
 * Readable progress from cdktf's terminal output, which redraws a status board with spinners: only the steps a
 * person wants to follow are kept (synth, init, the plan, each resource's change, the summary, errors), once each.
 */
const SPINNER = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s*/;
const RESOURCE_STEP =
  /\(([^()]+)\)(?: \(deposed object \w+\))?: (Creating\.\.\.|Creation complete|Modifying\.\.\.|Modifications complete|Destroying\.\.\.|Destruction complete|Still \w+\.\.\.)/;
const STEP_WORDS: Record<string, string> = {
  "Creating...": "creating",
  "Creation complete": "created",
  "Modifying...": "updating",
  "Modifications complete": "updated",
  "Destroying...": "destroying",
  "Destruction complete": "destroyed",
};

/** Turns one line of cdktf output into a progress line, or undefined to leave it out. */
export function progressLine(rawLine: string): string | undefined {
  const line = rawLine.replace(SPINNER, "").replace(/^[\w-]+ {2}/, "").trim();
  if (line === "Synthesizing") return "synthesizing the stack (main.ts through ts-node)";
  if (line.startsWith("Initializing provider plugins")) return "terraform init (providers from the local mirrors)";
  const plan = /^Plan: (.*)$/.exec(line);
  if (plan) return `plan: ${plan[1]}`;
  if (line.startsWith("No changes.")) return "plan: no changes";
  const step = RESOURCE_STEP.exec(line);
  if (step) {
    const deposed = line.includes("(deposed object") ? " (the previous key)" : "";
    const word = STEP_WORDS[step[2]] ?? step[2].replace(/\.\.\.$/, "").toLowerCase();
    return `${step[1]}${deposed}: ${word}`;
  }
  if (/^(Apply|Destroy) complete!/.test(line)) return line;
  if (/^Error:/.test(line)) return line;
  return undefined;
}

/**
 * Feeds on the growing output of a run and returns the progress lines not reported yet. Only complete lines are
 * read; a line seen before (cdktf repeats some while redrawing) is not repeated.
 */
export function progressReader(): (output: string) => string[] {
  let consumed = 0;
  const seen = new Set<string>();
  return (output) => {
    const end = output.lastIndexOf("\n") + 1;
    if (end <= consumed) return [];
    const lines = output.slice(consumed, end).split("\n");
    consumed = end;
    const fresh: string[] = [];
    for (const line of lines) {
      const step = progressLine(line);
      if (step !== undefined && !seen.has(step)) {
        seen.add(step);
        fresh.push(step);
      }
    }
    return fresh;
  };
}
