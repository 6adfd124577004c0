/** A failure the user can fix: printed as one message, no stack, with its exit code. */
export class UsageFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1
  ) {
    super(message);
  }
}

/**
 * A guard for a family of commands: runs their work, and an error `isInput` recognizes (the
 * user's input was wrong, and its message says how) becomes a UsageFailure with exit code 2.
 * `isInput` is loaded on first use, so that a command pays only for its own modules.
 */
export function usageErrors(
  isInput: () => Promise<(error: unknown) => boolean>
): <T>(work: () => Promise<T>) => Promise<T> {
  return async work => {
    const recognized = await isInput();
    try {
      return await work();
    } catch (error) {
      throw recognized(error) ? new UsageFailure((error as Error).message, 2) : error;
    }
  };
}
