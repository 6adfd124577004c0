import type * as TS from '@tslab/typescript-for-tslab';
import { typescript } from '../typescript';

/** A cheap test for `{ name,` or `, name }`: most cells have no shorthand and skip the parse. */
const MAYBE_SHORTHAND = /[{,]\s*[A-Za-z_$][\w$]*\s*[,}=]/;

/**
 * Rewrites object shorthand properties (`{ epochs }`) to their long form (`{ epochs: epochs }`).
 *
 * tslab rewrites references to variables declared in earlier cells, but not shorthand
 * properties, so `model.fit(x, y, { epochs })` failed with "epochs is not defined" when
 * `epochs` came from an earlier cell. The long form means the same thing everywhere, so every
 * shorthand is rewritten; line numbers are kept.
 */
export function expandShorthandProperties(source: string): string {
  if (!MAYBE_SHORTHAND.test(source)) {
    return source;
  }
  const ts = typescript();
  const file = ts.createSourceFile('cell.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: { end: number; name: string }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      names.push({ end: node.name.getEnd(), name: node.name.text });
    }
    node.forEachChild(visit);
  };
  visit(file);
  let result = source;
  // From the end, so earlier offsets stay valid.
  for (const { end, name } of names.sort((a, b) => b.end - a.end)) {
    result = `${result.slice(0, end)}: ${name}${result.slice(end)}`;
  }
  return result;
}
