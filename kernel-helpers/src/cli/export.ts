import type { Command } from 'commander';
import type { Store } from '../store/engine/store';
import type { RunRecord } from '../store/runs/types';
import { FilterTerm, parseFilter, parseOrderBy } from '../runs/filter';
import { UsageFailure } from './failure';
import { resolveRunId } from './run-ids';
import { formatTable } from './table';
import { withStore } from './with-store';

interface ExportOptions {
  trackingUri?: string;
  dir?: string;
  experiment?: string;
  all?: boolean;
  filter?: string;
  json?: boolean;
}

/** `mlnb export mlflow`: runs to an MLflow tracking server, or to files in its export layout. */
export function addExportCommands(program: Command): void {
  const exporting = program.command('export').description("runs in other tools' formats");
  exporting
    .command('mlflow')
    .description(
      'export runs to an MLflow tracking server (again: adds only what is new) or, with --dir, ' +
        "to files in mlflow-export-import's layout"
    )
    .argument('[run-ids...]', 'the runs (ids or unique prefixes)')
    .option('--tracking-uri <url>', 'the MLflow tracking server, e.g. http://127.0.0.1:5000')
    .option('--dir <dir>', "write mlflow-export-import's experiment layout here instead")
    .option('--experiment <name>', "the MLflow experiment (default: each run's notebook path)")
    .option('--all', 'every run in the store')
    .option('--filter <expr>', 'the runs matching a filter, as in `mlnb runs list --filter`')
    .option('--json', 'print JSON')
    .action(async (ids: string[], opts: ExportOptions) => {
      if (Boolean(opts.trackingUri) === Boolean(opts.dir)) {
        throw new UsageFailure('mlnb export mlflow needs --tracking-uri URL or --dir DIR (one of them).', 2);
      }
      if ([ids.length > 0, opts.all, opts.filter !== undefined].filter(Boolean).length !== 1) {
        throw new UsageFailure('Name the runs: run ids, --all or --filter EXPR (one of them).', 2);
      }
      if (opts.experiment !== undefined && !opts.experiment.trim()) {
        throw new UsageFailure('--experiment: give a name.', 2);
      }
      const { MlflowClient, MlflowError } = await import('../mlflow/rest');
      try {
        // Checked before the store is read: a wrong server fails fast, with nothing written.
        const client = opts.trackingUri ? new MlflowClient(opts.trackingUri) : null;
        await client?.checkVersion();
        await withStore(async store => {
          const runs = await selectRuns(store, ids, opts);
          if (client) {
            await toServer(store, client, runs, opts);
          } else {
            await toFiles(store, runs, opts);
          }
        });
      } catch (error) {
        if (error instanceof MlflowError) {
          throw new UsageFailure(error.message, error.usage ? 2 : 1);
        }
        throw error;
      }
    });
}

async function toServer(
  store: Store,
  client: import('../mlflow/rest').MlflowClient,
  runs: RunRecord[],
  opts: ExportOptions
): Promise<void> {
  const { MlflowExporter } = await import('../mlflow/export');
  const exporter = new MlflowExporter(client, store);
  const done = [];
  for (const run of runs) {
    done.push(await exporter.exportRun(run, opts.experiment));
  }
  if (opts.json) {
    console.log(JSON.stringify(done, null, 2));
    return;
  }
  console.log(
    formatTable(
      ['RUN', 'MLFLOW RUN', '', 'METRICS', 'PARAMS', 'INPUTS', 'ARTIFACTS'],
      done.map(d => [
        d.runId.slice(0, 12),
        d.mlflowRunId,
        d.created ? 'created' : 'updated',
        String(d.metrics),
        String(d.params),
        String(d.inputs),
        String(d.artifacts)
      ])
    )
  );
  done.forEach(d => console.log(`${d.runId.slice(0, 12)}: ${d.url}`));
}

async function toFiles(store: Store, runs: RunRecord[], opts: ExportOptions): Promise<void> {
  const { writeExportLayout } = await import('../mlflow/layout');
  const written = await writeExportLayout(store, opts.dir!, runs, opts.experiment);
  if (opts.json) {
    console.log(JSON.stringify(written, null, 2));
    return;
  }
  written.forEach(w => console.log(`${w.folder}: ${w.runs.length} run(s) of ${w.experiment}`));
}

/** The runs named by ids, --all or --filter; an unknown id is refused before anything is sent. */
async function selectRuns(store: Store, ids: string[], opts: ExportOptions): Promise<RunRecord[]> {
  let chosen: string[];
  if (ids.length > 0) {
    chosen = [];
    for (const id of ids) {
      chosen.push(await resolveRunId(store, id));
    }
  } else {
    let filter: FilterTerm[];
    try {
      filter = parseFilter(opts.filter ?? '');
    } catch (error) {
      throw new UsageFailure(`--filter: ${(error as Error).message}`, 2);
    }
    chosen = [];
    let pageToken: string | null = null;
    do {
      const page = await store.runs.search({
        filter,
        order: parseOrderBy('start_time asc'),
        limit: 500,
        pageToken
      });
      chosen.push(...page.runs.map(r => r.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    if (chosen.length === 0) {
      throw new UsageFailure(
        opts.all ? 'The store holds no runs to export.' : `No run matches --filter ${opts.filter}.`,
        2
      );
    }
  }
  const runs: RunRecord[] = [];
  for (const id of new Set(chosen)) {
    runs.push((await store.runs.get(id))!);
  }
  return runs;
}
