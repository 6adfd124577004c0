import { expect, test } from '@jupyterlab/galata';
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { codeCells, notebook } from '../../fixtures/notebooks';
import { MlnbPage, vegaFile } from './mlnb-page';

const MLNB = path.resolve(__dirname, '..', '..', 'kernel-helpers', 'bin', 'mlnb.js');
/** Real data nobody here made: 3M flights, 13 MB of Parquet (vega-datasets). */
const FLIGHTS = vegaFile('flights-3m.parquet');

/** What DuckDB itself answers on the file, to compare the notebook's outputs with. */
async function expected(): Promise<{ late: number; top: [string, number][] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const source = `read_parquet('${FLIGHTS.replace(/'/g, "''")}')`;
  const late = (
    await connection.runAndReadAll(`SELECT count(*) FROM ${source} WHERE delay > 60`)
  ).getRowsJS();
  const top = (
    await connection.runAndReadAll(
      `SELECT origin, count(*) AS n FROM ${source} GROUP BY origin ORDER BY n DESC, origin LIMIT 3`
    )
  ).getRowsJS();
  connection.closeSync();
  return { late: Number(late[0][0]), top: top.map(([origin, n]) => [String(origin), Number(n)]) };
}

/** The notebook a person would write, its cells as they would type them. */
function notebookJson(cells: string[]): string {
  return JSON.stringify(notebook(codeCells(cells), MlnbPage.kernelName));
}

test('a Parquet dataset loads as a slice with %dataset load and is queried in place with %%sql', async ({
  page,
  tmpPath
}) => {
  // Profiling 3M rows and a kernel's first DuckDB query, on a shared two-core machine.
  test.setTimeout(180_000);
  // Registered with the CLI into the store this JupyterLab's kernels write to (see playwright.config.js).
  execFileSync(process.execPath, [MLNB, 'datasets', 'register', FLIGHTS, '--name', 'flights3m'], {
    stdio: 'pipe'
  });
  const want = await expected();
  const file = `${tmpPath}/parquet-sql.ipynb`;
  await page.contents.uploadContent(
    notebookJson([
      '%dataset load flights3m as late --columns origin,delay --where "delay > 60" --limit 1000\n' +
        'console.log("late", JSON.stringify(late.shape), JSON.stringify(late.columns), Math.min(...(late.column("delay").values as number[])));',
      '%%sql --out busiest\nSELECT origin, count(*) AS n FROM flights3m GROUP BY origin ORDER BY n DESC, origin LIMIT 3',
      'console.log("busiest", JSON.stringify(busiest.column("origin").values), JSON.stringify(busiest.column("n").values));',
      '%%sql\nSELECT count(*) AS late_flights FROM flights3m WHERE delay > 60'
    ]),
    'text',
    file
  );
  await page.notebook.openByPath(file);
  await page.notebook.activate('parquet-sql.ipynb');

  await page.notebook.runCell(0);
  const loaded = ((await page.notebook.getCellTextOutput(0)) ?? []).join('');
  // Only the asked columns and rows: 1,000 of the late flights, none of them 60 minutes or less.
  expect(loaded).toContain(`late [${Math.min(1000, want.late)},2] ["origin","delay"]`);
  expect(Number(loaded.trim().split(' ').pop())).toBeGreaterThan(60);

  await page.notebook.runCell(1);
  await page.notebook.runCell(2);
  const busiest = ((await page.notebook.getCellTextOutput(2)) ?? []).join('');
  expect(busiest).toContain(
    `busiest ${JSON.stringify(want.top.map(([origin]) => origin))} ${JSON.stringify(want.top.map(([, n]) => n))}`
  );

  // Without --out the result shows as a table in the notebook, as a person reads it.
  await page.notebook.runCell(3);
  const table = ((await page.notebook.getCellTextOutput(3)) ?? []).join('');
  expect(table).toContain('late_flights');
  expect(table.replace(/[,\s]/g, '')).toContain(String(want.late));
});
