/** Test notebooks: the writer the benchmarks and UI tests share (fixtures/notebooks.js). */
import { code } from '../../../fixtures/notebooks';

export { code, writeNotebook } from '../../../fixtures/notebooks';

/** Every shell, template and quoting hazard at once: it must reach the notebook verbatim. */
export const HOSTILE = `'; rm -rf ~ # $(whoami) $(HOME) $$ {{ 7*7 }} {{=1}} "quoted" \`tick\`\nsecond line`;

/** A job's notebook for the export suites: typed parameters (`note`, `lr`) and a logged metric. */
export const TRAIN_JOB_CELLS = [
  code('params', "const note = 'plain';\nconst lr = 0.1;", ['parameters']),
  code('train', 'mlnb.log({ acc: lr * 10 });\nconsole.log(JSON.stringify({ note, lr }));')
];
