/** Test notebooks: the writer the benchmarks and UI tests share (fixtures/notebooks.js). */
export { code, writeNotebook } from '../../../fixtures/notebooks';

/** Every shell, template and quoting hazard at once: it must reach the notebook verbatim. */
export const HOSTILE = `'; rm -rf ~ # $(whoami) $(HOME) $$ {{ 7*7 }} {{=1}} "quoted" \`tick\`\nsecond line`;
