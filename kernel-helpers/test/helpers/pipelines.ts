import { code, writeNotebook } from './notebooks';

/**
 * The three notebooks of the example pipeline, tiny so that a run is quick: ingest registers
 * `raw` (rows given by a parameter), features loads `raw` and registers `features` (and fails
 * while a file named `fail-features` is in its folder), score loads `features` and logs a metric.
 */
export function writeThreeSteps(dir: string): void {
  writeNotebook(dir, 'ingest.ipynb', [
    code('p', 'const rows = 3;', ['parameters']),
    code(
      'i',
      "await mlnb.catalog.register(Array.from({ length: rows }, (_, i) => ({ x: i, y: 2 * i })), { name: 'raw' });"
    )
  ]);
  writeNotebook(dir, 'features.ipynb', [
    code('f', "if (require('fs').existsSync('fail-features')) throw new Error('features broke');"),
    code('l', '%dataset load raw as df'),
    code('r', '%dataset register df --name features')
  ]);
  writeNotebook(dir, 'score.ipynb', [
    code('s', "const f = await mlnb.catalog.load('features');\nmlnb.log({ rows: f.shape[0] });")
  ]);
}
