/** A failure the user can fix: printed as one message, no stack, with its exit code. */
export class UsageFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1
  ) {
    super(message);
  }
}
