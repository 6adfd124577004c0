import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { openStore } from '../src/store/engine/open';
import type { RunRecord } from '../src/store/runs/types';
import { localAirflow } from './helpers/airflow';
import { projectDir, runCli } from './helpers/env';
import { writeThreeSteps } from './helpers/pipelines';

/** `mlnb pipelines export`: one Airflow DAG run by the real `airflow dags test`, one Argo CronWorkflow validated. */
describe('mlnb pipelines export', () => {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir, env: { MLNB_STORE: '' } });

  beforeAll(() => {
    dir = projectDir();
    writeThreeSteps(dir);
    fs.writeFileSync(path.join(dir, 'source.csv'), 'n\n1\n');
    expect(cli('datasets', 'register', 'source.csv', '--name', 'source').status).toBe(0);
    const created = cli(
      ...['pipelines', 'create', 'nightly', 'ingest.ipynb', 'features.ipynb', 'score.ipynb'],
      ...['--schedule', '0 6 * * *', '--tz', 'UTC', '--on-new-version', 'source', '-p', 'ingest.rows=2']
    );
    expect(created.stderr).toBe('');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('Airflow: a task per step with the same edges, the data trigger as an asset; `airflow dags test` runs every step as a tracked run', async () => {
    const exported = cli('pipelines', 'export', 'nightly', '--to', 'airflow', '-o', 'dags');
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/debounce of 5 s has no equivalent/);
    const airflow = localAirflow(dir);
    const parsed = airflow.python(`
import json
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=${JSON.stringify(path.join(dir, 'dags'))})
dag = bag.get_dag("mlnb_pipeline__nightly")
print(json.dumps({
    "errors": list(bag.import_errors.values()),
    "upstream": {t.task_id: sorted(t.upstream_task_ids) for t in dag.tasks},
    "outlets": {t.task_id: [o.uri for o in t.outlets] for t in dag.tasks},
    "schedule": type(dag.timetable).__name__,
    "assets": [a.uri for a in dag.timetable.asset_condition.objects],
}))`);
    expect(parsed.status).toBe(0);
    expect(JSON.parse(parsed.stdout.trim().split('\n').pop()!)).toEqual({
      errors: [],
      upstream: { ingest: [], features: ['ingest'], score: ['features'] },
      outlets: { ingest: ['mlnb://datasets/raw'], features: ['mlnb://datasets/features'], score: [] },
      schedule: 'AssetOrTimeSchedule',
      assets: ['mlnb://datasets/source']
    });

    const tested = airflow('dags', 'test', 'mlnb_pipeline__nightly');
    expect(tested.status).toBe(0);
    const store = await openStore({ cwd: dir, env: {} });
    let runs: RunRecord[];
    try {
      const list = await store.runs.list({ limit: 10 });
      runs = await Promise.all(list.map(async r => (await store.runs.get(r.id))!));
    } finally {
      await store.close();
    }
    const byStep = Object.fromEntries(runs.map(r => [r.tags['mlnb.pipeline.step'], r]));
    expect(Object.keys(byStep).sort()).toEqual(['features', 'ingest', 'score']);
    const parent = byStep.ingest.tags['mlnb.pipeline.run'];
    expect(parent).toMatch(/^manual__/);
    for (const run of runs) {
      expect(run.status).toBe('finished');
      expect(run.tags).toMatchObject({
        'mlnb.pipeline.run': parent,
        'airflow.dag_id': 'mlnb_pipeline__nightly'
      });
    }
    expect(byStep.features.dataRefs.map(d => `${d.role} ${d.dataset}`)).toEqual([
      'input raw@1',
      'output features@1'
    ]);
    expect(byStep.score.metrics.rows.at(-1)!.value).toBe(2);
  });

  test("a step an engine starts (--pipeline-run alone) loads what its own pipeline run's steps registered, not a newer version", async () => {
    const step = (notebook: string, run: string, stepName: string, ...args: string[]) =>
      cli(
        'run',
        notebook,
        '--pipeline-run',
        JSON.stringify({ pipeline: 'nightly', run, step: stepName }),
        ...args
      );
    expect(step('ingest.ipynb', 'engine-run-1', 'ingest', '-p', 'rows=5').status).toBe(0);
    // Another run of the pipeline registers a newer raw before the first one's features task starts.
    expect(step('ingest.ipynb', 'engine-run-2', 'ingest', '-p', 'rows=7').status).toBe(0);
    const features = step('features.ipynb', 'engine-run-1', 'features');
    expect(features.status).toBe(0);
    const store = await openStore({ cwd: dir, env: {} });
    try {
      const versions = (await store.datasets.get('raw'))!.versions
        .sort((a, b) => a.version - b.version)
        .slice(-2);
      expect(versions.map(v => v.rows)).toEqual([5, 7]);
      const first = versions[0].version;
      expect(features.stderr).toContain(`registered raw@${first}: loading those versions`);
      const run = (await store.runs.get(features.stdout.trim()))!;
      expect(run.dataRefs.find(d => d.role === 'input')?.dataset).toBe(`raw@${first}`);
      const registered = await store.datasets.get('features');
      expect(Math.max(...registered!.versions.map(v => v.version))).toBe(registered!.versions[0].version);
      expect(registered!.versions[0].rows).toBe(5); // the newest features, from raw@first
    } finally {
      await store.close();
    }
  });

  test('Argo: one CronWorkflow whose DAG template has the same edges, valid by the Argo schema', () => {
    const exported = cli('pipelines', 'export', 'nightly', '--to', 'argo', '-o', 'argo');
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/no Argo equivalent/);
    const file = path.join(dir, 'argo', 'mlnb-pl-nightly.cronworkflow.yaml');
    const workflow = parse(fs.readFileSync(file, 'utf8'));
    expect(workflow.kind).toBe('CronWorkflow');
    expect(workflow.spec.schedules).toEqual(['0 6 * * *']);
    const [dag, ...steps] = workflow.spec.workflowSpec.templates;
    expect(dag.dag.tasks).toEqual([
      { name: 'ingest', template: 'ingest' },
      { name: 'features', template: 'features', dependencies: ['ingest'] },
      { name: 'score', template: 'score', dependencies: ['features'] }
    ]);
    expect(steps.map((s: { name: string }) => s.name)).toEqual(['ingest', 'features', 'score']);
    expect(steps[0].container.args).toContain('{"rows":2}');
    const bad = cli('pipelines', 'export', 'nightly', '--to', 'nomad');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--to must be airflow or argo/);
  });
});
