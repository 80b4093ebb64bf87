import { EdgegapApiError } from "../edgegap-api/errors";
import { DiagnosticError } from "../provider-runtime";

/**
 * Edgegap answers 424 when it cannot pull the image with the credentials given (`verify_image`). Right after a
 * Google service account key and its reader grant are created that is expected for a while: IAM is eventually
 * consistent. So a 424 is retried with growing pauses until `windowMs` has passed, then reported with the image
 * reference and the username (never the token).
 */
export interface ImageReference {
  readonly repository: string;
  readonly image: string;
  readonly tag: string;
  readonly username: string | null;
}

const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 10_000;

export async function retryImagePull<T>(
  attempt: () => Promise<T>,
  options: { windowMs: number; signal: AbortSignal; image: ImageReference; onRetry?: (waitMs: number, tries: number) => void },
): Promise<T> {
  const started = Date.now();
  for (let tries = 1, pause = FIRST_PAUSE_MS; ; tries++, pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof EdgegapApiError) || error.kind !== "image_pull_failed") throw error;
      const remaining = options.windowMs - (Date.now() - started);
      if (remaining <= 0 || options.signal.aborted) throw imagePullFailure(error, options.image, tries, Date.now() - started);
      const wait = Math.min(pause, remaining);
      options.onRetry?.(wait, tries);
      await sleep(wait, options.signal);
    }
  }
}

function imagePullFailure(error: EdgegapApiError, ref: ImageReference, tries: number, elapsedMs: number): DiagnosticError {
  const who = ref.username === null ? "without credentials" : `as "${ref.username}"`;
  const message = error.apiMessage ? ` Edgegap said: "${error.apiMessage}".` : "";
  return new DiagnosticError("Edgegap cannot pull the image", {
    detail:
      `Edgegap could not pull ${ref.repository}/${ref.image}:${ref.tag} ${who} (HTTP 424), ${tries} ` +
      `${tries === 1 ? "try" : "tries"} over ${Math.round(elapsedMs / 1000)} s.${message} Check that the tag exists, ` +
      "that the key's service account has roles/artifactregistry.reader on the repository serving the image, and " +
      "that the key is still valid. A grant or key created moments ago can take minutes to work: raise the " +
      "provider's image_pull_retry_seconds if it keeps failing right after creation.",
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
