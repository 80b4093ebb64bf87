import { attr, DiagnosticError, requiresReplace, useStateForUnknown } from "../../provider-runtime";
import { StandInCloud } from "./cloud";
import { BindingScope, IamBindingRecord, IamCondition } from "./cloud-state";
import { newEtag, projectOfEmail } from "./names";

/**
 * What the three `*_iam_member` resources share: one member holding one role on one resource's IAM policy.
 * Every argument replaces the binding (as in the real provider), so there is no update.
 */

export const MEMBER_PATTERN =
  /^(allUsers|allAuthenticatedUsers|(user|serviceAccount|group|domain|projectOwner|projectEditor|projectViewer|principal|principalSet):\S+)$/;
export const ROLE_PATTERN = /^((projects|organizations)\/[^/]+\/)?roles\/[\w.]+$/;

/** Attributes of every IAM member resource, beside the ones naming the resource. */
export const bindingAttributes = {
  role: attr.string({ required: true, planModifiers: [requiresReplace()] }),
  member: attr.string({ required: true, planModifiers: [requiresReplace()] }),
  condition: attr.nested(
    {
      expression: attr.string({ required: true }),
      title: attr.string({ required: true }),
      description: attr.string({ optional: true }),
    },
    { optional: true, planModifiers: [requiresReplace()] },
  ),
  etag: attr.string({ computed: true, planModifiers: [useStateForUnknown()] }),
  id: attr.string({ optional: true, computed: true, planModifiers: [useStateForUnknown()] }),
};

/** An optional argument the provider may default (project, location): kept from state, replacing when changed. */
export const defaultedArgument = () => attr.string({ optional: true, computed: true, planModifiers: [useStateForUnknown(), requiresReplace()] });

export function validateBinding(config: { readonly role: unknown; readonly member: unknown }): void {
  if (typeof config.role === "string" && !ROLE_PATTERN.test(config.role)) {
    throw new DiagnosticError("Invalid role", { detail: `"${config.role}" must look like roles/NAME or projects/P/roles/NAME`, path: "role" });
  }
  if (typeof config.member === "string" && !MEMBER_PATTERN.test(config.member)) {
    throw new DiagnosticError("Invalid member", {
      detail: `"${config.member}" must be TYPE:ID (user:, serviceAccount:, group:, domain:, principal:, principalSet:) or allUsers/allAuthenticatedUsers`,
      path: "member",
    });
  }
}

export interface BindingRequest {
  readonly scope: BindingScope;
  readonly resource: string;
  readonly role: string;
  readonly member: string;
  readonly condition: IamCondition | null;
}

export function bindingId(request: Omit<BindingRequest, "scope">): string {
  const base = `${request.resource}/${request.role}/${request.member.toLowerCase()}`;
  return request.condition ? `${base}/${request.condition.title}` : base;
}

export async function createBinding(cloud: StandInCloud, typeName: string, request: BindingRequest, signal: AbortSignal): Promise<IamBindingRecord> {
  await cloud.checkFaults(typeName, "create", signal);
  const id = bindingId(request);
  return cloud.store.update(({ state, record }) => {
    // Google refuses a binding for a service account that does not exist.
    const email = /^serviceAccount:(.+)$/.exec(request.member)?.[1];
    if (email !== undefined && projectOfEmail(email) !== undefined && !state.accounts[email]) {
      throw new DiagnosticError(`Error applying IAM policy for ${request.resource}`, {
        detail: `googleapi: Error 400: Service account ${email} does not exist., badRequest`,
        path: "member",
      });
    }
    const binding: IamBindingRecord = { id, ...request, etag: newEtag(), created: record("create", "iam_member", id) };
    state.bindings[id] = binding;
    return binding;
  });
}

export async function readBinding(cloud: StandInCloud, typeName: string, id: string | null, signal: AbortSignal): Promise<IamBindingRecord | null> {
  await cloud.checkFaults(typeName, "read", signal);
  return cloud.store.read().bindings[id ?? ""] ?? null;
}

export async function deleteBinding(cloud: StandInCloud, typeName: string, id: string | null, signal: AbortSignal): Promise<void> {
  await cloud.checkFaults(typeName, "delete", signal);
  await cloud.store.update(({ state, record }) => {
    if (id === null || !state.bindings[id]) return;
    delete state.bindings[id];
    record("delete", "iam_member", id);
  });
}

/** `terraform import` ids of IAM members: "RESOURCE ROLE MEMBER" (space separated), as the real provider takes them. */
export function importedBinding(cloud: StandInCloud, id: string, resourceOf: (written: string) => string): IamBindingRecord {
  const parts = id.trim().split(/\s+/);
  const binding =
    parts.length === 3 ? cloud.store.read().bindings[bindingId({ resource: resourceOf(parts[0]!), role: parts[1]!, member: parts[2]!, condition: null })] : undefined;
  if (!binding) {
    throw new DiagnosticError("Cannot import non-existent remote object", { detail: `no IAM member binding "${id}" (give "RESOURCE ROLE MEMBER")` });
  }
  return binding;
}

export function conditionOf(condition: { expression: string; title: string; description: string | null } | null): IamCondition | null {
  return condition === null ? null : { expression: condition.expression, title: condition.title, description: condition.description };
}
