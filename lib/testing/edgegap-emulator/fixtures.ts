/**
 * Example requests for tests: a GCR app version carrying a (fake) service-account JSON key as private_token, the
 * way our constructs send it. The key is fake but shaped like a real one, so leak checks test something realistic.
 */
import type { CreateAppRequest, CreateAppVersionRequest } from "../../edgegap-api/models";

const FAKE_PRIVATE_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7fakefakefake\n-----END PRIVATE KEY-----\n";

/** A fake GCP service-account key file, as JSON text (what `private_token` carries with `_json_key`). */
export function fakeServiceAccountKey(id = "0123456789abcdef"): string {
  return JSON.stringify({
    type: "service_account",
    project_id: "project-name",
    private_key_id: id,
    private_key: FAKE_PRIVATE_KEY,
    client_email: "edgegap-pull@project-name.iam.gserviceaccount.com",
    client_id: "123456789012345678901",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
  });
}

export function exampleApp(overrides: Partial<CreateAppRequest> = {}): CreateAppRequest {
  return { name: "my-game", is_active: true, image: "iVBORw0KGgo=", ...overrides };
}

export function exampleVersion(overrides: Partial<CreateAppVersionRequest> = {}): CreateAppVersionRequest {
  return {
    name: "2026.12.03",
    docker_repository: "gcr.io",
    docker_image: "project-name/my-game",
    docker_tag: "2026.12.03",
    private_username: "_json_key",
    private_token: fakeServiceAccountKey(),
    req_cpu: 1024,
    req_memory: 2048,
    ports: [{ port: 7777, protocol: "UDP", to_check: false, name: "gameport" }],
    envs: [
      { key: "MAP_ID", value: "forest1" },
      { key: "MATCH_SECRET", value: "hidden-match-secret-42", is_hidden: true },
    ],
    ...overrides,
  };
}
