/** Longest slice of the input quoted in an error, so a pasted blob cannot flood a terminal. */
const MAX_QUOTED_INPUT = 200;

/**
 * Thrown by `splitRepository` when a repository name is not one Google's registries serve or Edgegap accepts.
 * The message quotes the input and says what is wrong; `input` and `reason` hold the same parts for programs.
 */
export class InvalidRepositoryError extends Error {
  /** The value that was passed, unmodified. */
  readonly input: string;
  /** What is wrong with it and what is expected, without the quoted input. */
  readonly reason: string;

  constructor(input: string, reason: string) {
    super(`invalid repository ${quoteInput(input)}: ${reason}`);
    this.name = "InvalidRepositoryError";
    this.input = input;
    this.reason = reason;
  }
}

function quoteInput(input: string): string {
  const shown = input.length > MAX_QUOTED_INPUT ? `${input.slice(0, MAX_QUOTED_INPUT)}…` : input;
  return JSON.stringify(shown);
}
