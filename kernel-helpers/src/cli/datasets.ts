import { Command, InvalidArgumentError } from 'commander';
import * as os from 'node:os';
import type { DatasetHit, DatasetRecord } from '../store/datasets/types';
import { usageErrors } from './failure';
import { affectedBy, withIncidents } from './incident-marks';
import { collect, positiveInteger } from './options';
import { formatList, formatTable } from './table';
import { withStore } from './with-store';
import { printResult } from './print';

const FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'arrow', 'parquet'];

function format(value: string): string {
  if (!FORMATS.includes(value)) {
    throw new InvalidArgumentError(`one of ${FORMATS.join(', ')}.`);
  }
  return value;
}

/** Runs a catalog action; the catalog's and the profiler's errors are the user's input (exit 2). */
const catalogAction = usageErrors(async () => {
  const { DatasetError } = await import('../store/datasets/types');
  const { ProfileError } = await import('../profile/errors');
  return error => error instanceof DatasetError || error instanceof ProfileError;
});

/** Progress on stderr: rewritten in place on a terminal, every 10% otherwise. */
function progressPrinter(file: string): (read: number, total: number) => void {
  let lastTenth = -1;
  return (read, total) => {
    const percent = total ? Math.floor((read / total) * 100) : 100;
    const line = `profiling ${file}: ${percent}% (${(read / 1e6).toFixed(0)} of ${(total / 1e6).toFixed(0)} MB)`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${read >= total ? '\n' : ''}`);
    } else if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10);
      process.stderr.write(`${line}\n`);
    }
  };
}

/** `mlnb datasets register|search|show|diff|annotate`. */
export function addDatasetsCommands(program: Command): void {
  const datasets = program.command('datasets').description('the shared dataset catalog');

  datasets
    .command('register')
    .description('profile a file and store it as a catalog version (same content: same version)')
    .argument('<path>', 'a csv, tsv, json, jsonl or arrow file')
    .requiredOption('--name <name>', 'the catalog name')
    .option('--description <markdown>', 'what the data is')
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .option('--owner <owner>', 'who answers questions about it (default: you, on first registration)')
    .option('--format <format>', 'when the extension does not say', format)
    .option('--json', 'print the stored record as JSON (schemas/dataset.schema.json)')
    .action(
      async (
        file: string,
        opts: {
          name: string;
          description?: string;
          tag: string[];
          owner?: string;
          format?: string;
          json?: boolean;
        }
      ) => {
        const { registerFile } = await import('../catalog/register');
        const { record, created } = await catalogAction(() =>
          withStore(store =>
            registerFile(store, file, {
              name: opts.name,
              description: opts.description,
              tags: opts.tag.length ? opts.tag : undefined,
              owner: opts.owner,
              createdBy: os.userInfo().username,
              format: opts.format as DatasetRecord['format'] | undefined,
              onProgress: progressPrinter(file)
            })
          )
        );
        if (opts.json) {
          console.log(JSON.stringify(record, null, 2));
          return;
        }
        console.log(
          created
            ? `registered ${record.name}@${record.version}: ${record.rows} rows, ${record.schema.length} columns`
            : `${record.name}@${record.version} already holds this content (sha256 ${record.sha256.slice(0, 12)}…)`
        );
        if (record.badRows?.count) {
          console.error(
            `warning: ${record.badRows.count} rows had the wrong number of fields and were not profiled ` +
              `(lines ${record.badRows.lines.join(', ')}${record.badRows.count > record.badRows.lines.length ? ', …' : ''})`
          );
        }
      }
    );

  datasets
    .command('search')
    .description('full-text search over names, descriptions, tags, annotations and column names')
    .argument('[query]', 'words to find (each as a prefix); none lists every dataset', '')
    .option('--format <format>', 'only this format', format)
    .option('--tag <tag>', 'only datasets with this tag')
    .option('--owner <owner>', 'only datasets of this owner')
    .option('--limit <n>', 'at most this many', positiveInteger, 50)
    .option('--json', 'print JSON')
    .action(
      async (
        query: string,
        opts: { format?: string; tag?: string; owner?: string; limit: number; json?: boolean }
      ) => {
        const hits = await withStore(store =>
          store.datasets.search({
            query,
            format: opts.format as DatasetHit['format'] | undefined,
            tag: opts.tag,
            owner: opts.owner,
            limit: opts.limit
          })
        );
        await printResult(opts.json, hits, formatHits);
      }
    );

  datasets
    .command('show')
    .description('one dataset version: schema, statistics, annotations, versions, lineage')
    .argument('<ref>', 'name (the latest version) or name@version')
    .option('--json', 'print JSON (schemas/dataset.schema.json)')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { resolveDataset } = await import('../catalog/resolve');
      const { record, marks } = await catalogAction(() =>
        withStore(async store => {
          const found = await resolveDataset(store, ref);
          return {
            record: found,
            marks: await affectedBy(store, 'dataset', `${found.name}@${found.version}`)
          };
        })
      );
      await printResult(opts.json, record, () => withIncidents(marks, formatRecord(record)));
    });

  datasets
    .command('diff')
    .description('what changed between two versions: drift per column (mean shift, PSI, category shares)')
    .argument('<from>', 'name@version')
    .argument('[to]', 'version or name@version (default: the latest)')
    .option('--json', 'print JSON')
    .action(async (from: string, to: string | undefined, opts: { json?: boolean }) => {
      const { diffVersions } = await import('../catalog/versions');
      const diff = await catalogAction(() => withStore(store => diffVersions(store, from, to)));
      await printResult(opts.json, diff, formatDiff);
    });

  datasets
    .command('annotate')
    .description("edit a dataset's description, tags and owner, or add a dated note")
    .argument('<name>', 'the dataset')
    .option('--description <markdown>', 'replace the description')
    .option('--tag <tag>', 'add a tag (repeatable)', collect, [])
    .option('--untag <tag>', 'remove a tag (repeatable)', collect, [])
    .option('--owner <owner>', 'set the owner')
    .option('--note <text>', 'add a dated note signed by you')
    .action(
      async (
        name: string,
        opts: { description?: string; tag: string[]; untag: string[]; owner?: string; note?: string }
      ) => {
        await catalogAction(() =>
          withStore(async store => {
            const { resolveDataset } = await import('../catalog/resolve');
            const current = (await resolveDataset(store, name)).annotations;
            const tags = [...current.tags, ...opts.tag].filter(t => !opts.untag.includes(t));
            await store.datasets.annotate(name, {
              description: opts.description,
              owner: opts.owner,
              tags: opts.tag.length || opts.untag.length ? tags : undefined
            });
            if (opts.note) {
              await store.datasets.addNote(name, { author: os.userInfo().username, text: opts.note });
            }
          })
        );
        console.log(`annotated ${name}`);
      }
    );
}

function formatHits(hits: DatasetHit[]): string {
  return formatList(
    hits,
    'No datasets found.',
    ['NAME', 'VERSION', 'FORMAT', 'ROWS', 'TAGS', 'DESCRIPTION'],
    h => [
      h.name,
      String(h.version),
      h.format,
      String(h.rows),
      h.tags.join(','),
      h.snippet.replace(/\s+/g, ' ').slice(0, 60)
    ]
  );
}

function formatNumber(value: number | string | undefined): string {
  if (value === undefined) {
    return '';
  }
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : value;
}

function formatRecord(r: DatasetRecord): string {
  const lines = [
    `${r.name}@${r.version}  ${r.format}  ${r.rows} rows  ${r.bytes} bytes`,
    `location: ${r.location}`,
    `sha256:   ${r.sha256}`,
    `created:  ${r.createdAt} by ${r.createdBy}${r.lineage.producedBy ? ` (run ${r.lineage.producedBy})` : ''}`,
    `owner:    ${r.annotations.owner}`,
    `tags:     ${r.annotations.tags.join(', ')}`,
    ...(r.annotations.description ? ['', r.annotations.description] : []),
    '',
    formatTable(
      ['COLUMN', 'TYPE', 'MISSING', 'DISTINCT', 'MIN', 'MEAN', 'MAX'],
      r.schema.map(c => {
        const s = r.statistics[c.name];
        return [
          c.name,
          c.type,
          String(s.missing),
          `${s.distinct}${s.distinctExact ? '' : '~'}`,
          formatNumber(s.min),
          formatNumber(s.mean),
          formatNumber(s.max)
        ];
      })
    ),
    '',
    `versions: ${r.versions.map(v => `${v.version} (${v.rows} rows, ${v.createdAt.slice(0, 10)})`).join(', ')}`,
    `read by:  ${r.lineage.readBy.length ? r.lineage.readBy.map(x => `${x.runId.slice(0, 8)} ${x.runName}`).join(', ') : 'no run yet'}`
  ];
  return lines.join('\n');
}

function formatDiff(diff: import('../catalog/versions').VersionDiff): string {
  return [
    `${diff.name}: version ${diff.from} (${diff.rowsFrom} rows) → ${diff.to} (${diff.rowsTo} rows); largest PSI ${diff.maxPsi.toFixed(3)}`,
    formatTable(
      ['COLUMN', 'CHANGE', 'MEAN SHIFT (SD)', 'PSI', 'DRIFTED'],
      diff.columns.map(c => [
        c.column,
        c.change === 'retyped' ? `retyped ${c.typeFrom} → ${c.typeTo}` : c.change,
        c.meanShiftStd === undefined ? '' : c.meanShiftStd.toFixed(3),
        c.psi === undefined ? '' : c.psi.toFixed(3),
        c.drifted ? 'yes' : ''
      ])
    )
  ].join('\n');
}
