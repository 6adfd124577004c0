/**
 * What a command prints about its result: the value as JSON with --json (for scripts), else the
 * text a person reads.
 */
export async function printResult<T>(
  json: boolean | undefined,
  value: T,
  text: (value: T) => string | Promise<string>
): Promise<void> {
  console.log(json ? JSON.stringify(value, null, 2) : await text(value));
}
