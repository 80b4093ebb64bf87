import type { EdgegapEmulator } from "../../../lib/testing/edgegap-emulator";
import type { TerraformState } from "./fault-workspace";
import { APP } from "./stack";

/**
 * "Nothing orphaned, nothing duplicated": the versions Edgegap (the emulator) holds are exactly the ones in the
 * Terraform state and exactly the ones expected, each state entry is the very object Edgegap holds (same
 * create_time) and none is tainted.
 */
export interface Consistency {
  readonly consistent: boolean;
  readonly problems: readonly string[];
}

export interface StateVersion {
  readonly address: string;
  readonly name: string;
  readonly tainted: boolean;
  readonly attributes: Record<string, unknown>;
}

export function stateVersions(state: TerraformState): StateVersion[] {
  return (state.resources ?? [])
    .filter((resource) => resource.mode === "managed" && resource.type === "edgegap_app_version")
    .flatMap((resource) =>
      resource.instances.map((instance) => ({
        address: `${resource.type}.${resource.name}`,
        name: String(instance.attributes.name),
        tainted: instance.status === "tainted",
        attributes: instance.attributes,
      })),
    );
}

export function checkConsistency(emulator: EdgegapEmulator, state: TerraformState, expected: readonly string[]): Consistency {
  const problems: string[] = [];
  const inState = stateVersions(state);
  const inEdgegap = emulator.apps.get(APP) === undefined ? [] : emulator.versions.list(APP);
  const sorted = (names: Iterable<string>) => [...names].sort();
  const stateNames = sorted(inState.map((v) => v.name));
  const edgegapNames = sorted(inEdgegap.map((v) => v.name));
  const duplicates = stateNames.filter((name, i) => stateNames.indexOf(name) !== i);
  if (duplicates.length > 0) problems.push(`in state more than once: ${duplicates.join(", ")}`);
  const orphans = edgegapNames.filter((name) => !stateNames.includes(name));
  if (orphans.length > 0) problems.push(`in Edgegap but not in state (orphaned): ${orphans.join(", ")}`);
  const ghosts = stateNames.filter((name) => !edgegapNames.includes(name));
  if (ghosts.length > 0) problems.push(`in state but not in Edgegap: ${ghosts.join(", ")}`);
  if (JSON.stringify(edgegapNames) !== JSON.stringify(sorted(expected))) {
    problems.push(`Edgegap holds [${edgegapNames.join(", ")}], expected [${sorted(expected).join(", ")}]`);
  }
  for (const version of inState) {
    if (version.tainted) problems.push(`${version.address} is tainted`);
    const stored = inEdgegap.find((v) => v.name === version.name);
    if (stored !== undefined && stored.create_time !== version.attributes.create_time) {
      problems.push(`${version.address} has create_time ${String(version.attributes.create_time)}, Edgegap ${stored.create_time}`);
    }
  }
  return { consistent: problems.length === 0, problems };
}
