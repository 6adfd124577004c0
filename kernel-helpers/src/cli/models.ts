import { Command } from 'commander';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LiveMetric } from '../contracts';
import type { ModelRecord, ModelSummary, ModelVersionRecord } from '../store/models/types';
import { usageErrors } from './failure';
import { affectedBy, withIncidents } from './incident-marks';
import { addServingCommands, liveLines } from './serving';
import { formatList, formatTable } from './table';
import { withStore } from './with-store';
import { printResult } from './print';

/** Runs a registry action; the registry's errors are the user's input (exit 2). */
const registryAction = usageErrors(async () => {
  const { ModelError } = await import('../store/models/types');
  return error => error instanceof ModelError;
});

/** `mlnb models list|show|register|promote|export`. */
export function addModelsCommands(program: Command): void {
  const models = program.command('models').description('the model registry: versions, stages, export');

  models
    .command('list')
    .description('every registered model with its latest, staging and production versions')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withStore(store => store.models.list());
      await printResult(opts.json, list, formatModels);
    });

  models
    .command('show')
    .description('a model (its versions and stage history) or one version (NAME@VERSION, NAME@STAGE)')
    .argument('<ref>', 'NAME, NAME@VERSION or NAME@STAGE')
    .option('--json', 'print JSON (schemas/model.schema.json)')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { parseModelRef, ModelError } = await import('../store/models/types');
      const { resolveModelVersion } = await import('../models/resolve');
      const { shown, live } = await registryAction(() =>
        withStore(async store => {
          const parsed = parseModelRef(ref);
          const live = await store.models.liveMetrics(parsed.name);
          if (parsed.version !== undefined || parsed.stage !== undefined) {
            const version = await resolveModelVersion(store, ref);
            return { shown: version, live: live.filter(p => p.version === version.version) };
          }
          const model = await store.models.get(parsed.name);
          if (!model) {
            await resolveModelVersion(store, ref); // says which models there are
            throw new ModelError(`No model "${parsed.name}".`);
          }
          return { shown: model, live };
        })
      );
      if (opts.json) {
        console.log(JSON.stringify(shown, null, 2));
        return;
      }
      const versions = 'versions' in shown ? shown.versions : [shown];
      const marks = await withStore(async store =>
        (await Promise.all(versions.map(v => affectedBy(store, 'model', `${v.name}@${v.version}`)))).flat()
      );
      const unique = [...new Map(marks.map(m => [m.id, m])).values()];
      console.log(
        withIncidents(unique, 'versions' in shown ? formatModel(shown, live) : formatVersion(shown, live))
      );
    });

  models
    .command('register')
    .description('register a model kept with a run (tfjs autolog keeps each trained model as "model")')
    .argument('<name>', 'the model name')
    .requiredOption(
      '--run <id[/artifact]>',
      'the run (its id or first characters), and the artifact (default model)'
    )
    .option('--json', 'print the new version as JSON')
    .action(async (name: string, opts: { run: string; json?: boolean }) => {
      const { registerModelFolder, runModelFolder } = await import('../models/register');
      const version = await registryAction(() =>
        withStore(async store => {
          const { runId, dir } = await runModelFolder(store, opts.run);
          return registerModelFolder(store, name, dir, runId);
        })
      );
      await printResult(opts.json, version, () => `registered ${version.name}@${version.version}`);
    });

  models
    .command('promote')
    .description('move a version to a stage (a version that failed its measure needs --force)')
    .argument('<ref>', 'NAME@VERSION')
    .requiredOption('--stage <stage>', 'none, staging, production or archived')
    .option(
      '--force',
      'move a version that failed its evaluation measure, or one an open incident affects, anyway (recorded)'
    )
    .action(async (ref: string, opts: { stage: string; force?: boolean }) => {
      const { promoteModel } = await import('../models/stages');
      const changes = await registryAction(() =>
        withStore(store =>
          promoteModel(store, ref, { stage: opts.stage, force: opts.force, by: os.userInfo().username })
        )
      );
      if (changes.length === 0) {
        console.log(`${ref} is already in ${opts.stage}`);
      }
      for (const c of changes) {
        console.log(`${ref.split('@')[0]}@${c.version}: ${c.from} → ${c.to}${c.forced ? ' (forced)' : ''}`);
      }
    });

  models
    .command('export')
    .description('write a version as a tfjs layers model (model.json + weights) for a browser or phone')
    .argument('<ref>', 'NAME@VERSION, NAME@STAGE or NAME')
    .requiredOption('--out <dir>', 'the folder to write (created; must not hold a model.json)')
    .action(async (ref: string, opts: { out: string }) => {
      const { exportModel } = await import('../models/export');
      const out = path.resolve(opts.out);
      const { version, files } = await registryAction(() => withStore(store => exportModel(store, ref, out)));
      console.log(`exported ${version.name}@${version.version} to ${out}: ${files.join(', ')}`);
    });

  addServingCommands(models, registryAction);
}

const metric = (v: ModelVersionRecord, name: string): string => {
  const value = v.evaluation?.metrics[name];
  return value === undefined || value === null ? '' : value.toFixed(4);
};

/** The headline metrics of a version's task, for tables. */
const headline = (v: ModelVersionRecord): string =>
  v.evaluation
    ? (v.evaluation.task === 'regression' ? ['rmse', 'r2'] : ['accuracy', 'f1_macro'])
        .map(name => `${name} ${metric(v, name)}`)
        .join(', ')
    : 'not evaluated';

const measure = (v: ModelVersionRecord): string =>
  v.measurePassed === null ? '' : v.measurePassed ? 'passed' : 'FAILED';

function formatModels(list: ModelSummary[]): string {
  return formatList(
    list,
    'No models registered.',
    ['NAME', 'LATEST', 'STAGING', 'PRODUCTION', 'VERSIONS', 'UPDATED'],
    m => [
      m.name,
      String(m.latestVersion),
      m.staging === null ? '' : String(m.staging),
      m.production === null ? '' : String(m.production),
      String(m.versionCount),
      m.updatedAt.slice(0, 16).replace('T', ' ')
    ]
  );
}

function formatModel(m: ModelRecord, live: LiveMetric[]): string {
  return [
    `${m.name}: ${m.versions.length} version${m.versions.length === 1 ? '' : 's'}`,
    '',
    formatTable(
      ['VERSION', 'STAGE', 'METRICS', 'MEASURE', 'RUN', 'CREATED'],
      m.versions.map(v => [
        String(v.version),
        v.stage,
        headline(v),
        measure(v),
        v.runId ? v.runId.slice(0, 8) : '',
        `${v.createdAt.slice(0, 16).replace('T', ' ')} ${v.createdBy}`
      ])
    ),
    '',
    'history:',
    ...(m.history.length
      ? m.history.map(
          h =>
            `  ${h.at.slice(0, 19).replace('T', ' ')}  ${h.by}: version ${h.version} ${h.from} → ${h.to}` +
            `${h.forced ? ' (FORCED)' : ''}${h.reason ? ` — ${h.reason}` : ''}`
        )
      : ['  no stage changes yet']),
    ...(live.length ? ['', ...liveLines(live)] : [])
  ].join('\n');
}

function formatVersion(v: ModelVersionRecord, live: LiveMetric[]): string {
  const e = v.evaluation;
  return [
    `${v.name}@${v.version}  stage ${v.stage}`,
    `run:      ${v.runId ?? '(deleted)'}`,
    `files:    ${v.artifact.path} (${v.artifact.bytes} bytes, sha256 ${v.artifact.sha256.slice(0, 12)}…)`,
    `created:  ${v.createdAt} by ${v.createdBy}`,
    ...(e
      ? [
          `evaluation: ${e.task} on ${e.rows} rows`,
          ...Object.entries(e.metrics).map(
            ([k, value]) => `  ${k.padEnd(16)}${value === null ? 'n/a' : value.toFixed(4)}`
          ),
          ...(e.measure
            ? [`measure:  ${measure(v)} (${e.measure.metric} = ${e.measure.value ?? 'n/a'})`]
            : [])
        ]
      : ['evaluation: none (run mlnb.evaluate before registering)']),
    ...liveLines(live)
  ].join('\n');
}
