import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { registerColumns } from '../src/catalog/register';
import { createPipeline, PipelineInputError } from '../src/jobs/pipelines/define';
import { newLease } from '../src/jobs/pipelines/lease';
import { resumePipelineRun, RunTakenError, startPipelineRun } from '../src/jobs/pipelines/run';
import { PipelineTriggers } from '../src/jobs/pipelines/triggers';
import { Scheduler } from '../src/jobs/scheduler';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import type { RunLease } from '../src/store/pipelines/types';
import { createTestStore, ENGINES, TestStore } from './helpers/engines';
import { tempDir, waitFor } from './helpers/env';
import { code, writeNotebook } from './helpers/notebooks';
import { writeThreeSteps } from './helpers/pipelines';
import { FakeAttempt, fakeStarter, TestClock, wallClockPast } from './helpers/scheduler';

/**
 * The pipeline's definition, store, runner and triggers on both engines. The steps' attempts are
 * the scheduler's fake ones (the test ends each), so the order, the overlap and the triggers are
 * observed exactly; pipelines-cli.test.ts runs the same pipeline with real `mlnb run`s.
 */
describe.each(ENGINES)('pipelines in a %s store', engine => {
  let dir: string;
  let made: TestStore;
  let store: Store;
  let clock: TestClock;
  let attempts: FakeAttempt[];
  let scheduler: Scheduler;

  beforeEach(async () => {
    dir = tempDir();
    made = await createTestStore(engine, dir);
    store = await openStore({ env: { MLNB_STORE: made.target } });
    clock = new TestClock(Date.now());
    const fake = fakeStarter(clock);
    attempts = fake.attempts;
    scheduler = new Scheduler({ jobs: store.jobs, clock, startAttempt: fake.start, fireSchedules: false });
    writeThreeSteps(dir);
  });
  afterEach(async () => {
    await scheduler.stop();
    await store.close();
    await made.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const nb = (name: string) => `${dir}/${name}.ipynb`;
  const threeSteps = (extra: object = {}) =>
    createPipeline(store, {
      name: 'nightly',
      steps: [
        { notebook: nb('score') },
        { notebook: nb('ingest'), params: ['rows=5'] },
        { notebook: nb('features') }
      ],
      ...extra
    });
  const options = () => ({ store, scheduler, now: () => clock.now() });
  const stepOf = (a: FakeAttempt) => a.context.pipeline?.step;
  const attemptFor = async (step: string, nth = 1) => {
    await waitFor(
      () => attempts.filter(a => stepOf(a) === step).length >= nth,
      10_000,
      `an attempt of ${step}`
    );
    return attempts.filter(a => stepOf(a) === step)[nth - 1];
  };

  test('edges come from the datasets the notebooks register and load; steps are stored in dependency order as jobs not listed among jobs', async () => {
    const pipeline = await threeSteps();
    expect(pipeline.steps.map(s => [s.name, s.dependsOn, s.loads, s.registers])).toEqual([
      ['ingest', [], [], ['raw']],
      ['features', [{ step: 'ingest', because: 'raw' }], ['raw'], ['features']],
      ['score', [{ step: 'features', because: 'features' }], ['features'], []]
    ]);
    const ingestJob = (await store.jobs.get(pipeline.steps[0].jobId))!;
    expect(ingestJob.name).toBe('nightly.ingest');
    expect(ingestJob.parameters.rows).toEqual({ type: 'number', value: 5 });
    expect(await store.jobs.list()).toEqual([]);
    expect((await store.pipelines.list()).map(p => p.name)).toEqual(['nightly']);
  });

  test('bad definitions are refused with the names, and nothing is stored', async () => {
    const snapshots = () => {
      const folder = `${store.artifactRoot}/jobs`;
      return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
    };
    const before = snapshots();
    writeNotebook(dir, 'other.ipynb', [code('a', '1')], 'python3');
    writeNotebook(dir, 'loop.ipynb', [
      code('a', '%dataset load features as f\n%dataset register f --name raw')
    ]);
    writeNotebook(dir, 'twice.ipynb', [
      code('a', "await mlnb.catalog.register([{ a: 1 }], { name: 'raw' });")
    ]);
    writeNotebook(dir, 'orphan.ipynb', [code('a', '%dataset load nowhere as n')]);
    const refused = async (input: Parameters<typeof createPipeline>[1], message: RegExp) => {
      await expect(createPipeline(store, input)).rejects.toThrow(message);
    };
    await refused(
      {
        name: 'p',
        steps: [
          { notebook: nb('ingest'), after: ['score'] },
          { notebook: nb('features') },
          { notebook: nb('score') }
        ]
      },
      /cycle: (ingest → features → score → ingest|features → score → ingest → features|score → ingest → features → score)/
    );
    await refused(
      { name: 'p', steps: [{ notebook: nb('features') }, { notebook: nb('loop') }] },
      /cycle: .*features.*loop|cycle: .*loop.*features/
    );
    await refused(
      { name: 'p', steps: [{ notebook: nb('orphan') }] },
      /step "orphan" loads the dataset "nowhere", which no step registers and the catalog lacks/i
    );
    await refused(
      { name: 'p', steps: [{ notebook: nb('ingest') }, { notebook: nb('twice') }] },
      /"ingest" and "twice" both register the dataset "raw"/
    );
    await refused(
      { name: 'p', steps: [{ notebook: nb('other') }] },
      /other\.ipynb runs on the kernel "python3"/
    );
    await refused({ name: 'p', steps: [{ notebook: nb('ingest'), params: ['nope=1'] }] }, /nope/);
    await refused(
      { name: 'p', steps: [{ notebook: nb('ingest') }], onNewVersion: { dataset: 'ghost' } },
      /no dataset named "ghost"/
    );
    await expect(
      createPipeline(store, { name: 'p', steps: [{ notebook: nb('ingest') }, { notebook: nb('ingest') }] })
    ).rejects.toBeInstanceOf(PipelineInputError);
    expect(await store.pipelines.list()).toEqual([]);
    expect(await store.jobs.list()).toEqual([]);
    expect(snapshots()).toEqual(before);
  });

  test('a failed step stops what depends on it and nothing else; resume runs it again and keeps the steps that succeeded', async () => {
    writeNotebook(dir, 'report.ipynb', [code('a', "console.log('independent')")]);
    const pipeline = await createPipeline(store, {
      name: 'nightly',
      steps: [
        { notebook: nb('ingest') },
        { notebook: nb('features') },
        { notebook: nb('score') },
        { notebook: nb('report') }
      ],
      maxParallel: 2
    });
    const started = (await startPipelineRun(options(), pipeline, 'manual', clock.now()))!;
    (await attemptFor('ingest')).finish();
    (await attemptFor('report')).finish();
    (await attemptFor('features')).finish({ ok: false, error: 'features broke' });
    const failed = await started.done;
    expect(failed.status).toBe('failed');
    expect(Object.fromEntries(failed.steps.map(s => [s.step, s.status]))).toEqual({
      ingest: 'succeeded',
      features: 'failed',
      score: 'stopped',
      report: 'succeeded'
    });
    expect(failed.steps.find(s => s.step === 'features')!.error).toBe('features broke');

    const resumed = await resumePipelineRun(options(), pipeline, failed);
    expect(resumed.run.id).toBe(failed.id);
    (await attemptFor('features', 2)).finish();
    (await attemptFor('score')).finish();
    const done = await resumed.done;
    expect(done.status).toBe('succeeded');
    expect(attempts.map(stepOf).sort()).toEqual(['features', 'features', 'ingest', 'report', 'score']);
    expect(new Set(attempts.map(a => a.context.pipeline!.pipelineRunId))).toEqual(new Set([failed.id]));
  });

  test('steps without a dependency between them run at the same time, at most maxParallel at once', async () => {
    for (const name of ['a', 'b', 'c']) {
      writeNotebook(dir, `${name}.ipynb`, [code('x', `console.log('${name}')`)]);
    }
    const pipeline = await createPipeline(store, {
      name: 'fan',
      steps: ['a', 'b', 'c'].map(name => ({ notebook: nb(name) })),
      maxParallel: 2
    });
    const started = (await startPipelineRun(options(), pipeline, 'manual', clock.now()))!;
    await waitFor(() => attempts.length === 2, 10_000, 'two steps started');
    // Neither has finished, and the third waits for a free place.
    expect(attempts.map(stepOf)).toEqual(['a', 'b']);
    attempts[0].finish();
    await waitFor(() => attempts.length === 3, 10_000, 'the third step');
    attempts[1].finish();
    attempts[2].finish();
    expect((await started.done).status).toBe('succeeded');
  });

  test('the schedule starts one run per slot, and a run under way holds off the next', async () => {
    const pipeline = await threeSteps({ schedule: { cron: '*/5 * * * *', timezone: 'UTC' } });
    const triggers = new PipelineTriggers({ ...options() });
    const slot = Math.ceil((Date.parse(pipeline.updatedAt) + 1) / 300_000) * 300_000;
    clock.time = slot + 1000;
    await triggers.tick(clock.now());
    await triggers.tick(clock.now());
    const runs = await store.pipelines.runs(pipeline.id);
    expect(runs.map(r => [r.trigger, r.slot])).toEqual([['schedule', slot]]);
    clock.time = slot + 300_000 + 1000;
    await triggers.tick(clock.now());
    expect(await store.pipelines.runs(pipeline.id)).toHaveLength(1);
    (await attemptFor('ingest')).finish();
    (await attemptFor('features')).finish();
    (await attemptFor('score')).finish();
    await Promise.all(triggers.started);
    await triggers.tick(clock.now());
    expect((await store.pipelines.runs(pipeline.id)).map(r => r.slot)).toEqual([slot + 300_000, slot]);
  });

  test('an older run resumed (under way) holds off the schedule though a newer run failed', async () => {
    const pipeline = await threeSteps({ schedule: { cron: '*/5 * * * *', timezone: 'UTC' } });
    const slot = Math.ceil((Date.parse(pipeline.updatedAt) + 1) / 300_000) * 300_000;
    const run = (id: string, at: number) =>
      store.pipelines.claimRun({
        id,
        pipelineId: pipeline.id,
        trigger: 'schedule',
        slot: at,
        inputs: {},
        startTime: at,
        steps: pipeline.steps.map(s => s.name),
        lease: newLease()
      });
    expect(await run('older', slot)).toBe(true); // resumed: running again
    expect(await run('newer', slot + 300_000)).toBe(true);
    await store.pipelines.finishRun('newer', 'failed', slot + 300_500);
    const triggers = new PipelineTriggers({ ...options() });
    clock.time = slot + 600_000 + 1000;
    await triggers.tick(clock.now());
    expect((await store.pipelines.runs(pipeline.id)).map(r => r.id)).toEqual(['newer', 'older']);
    await store.pipelines.finishRun('older', 'succeeded', clock.now());
    await triggers.tick(clock.now());
    expect(await store.pipelines.runs(pipeline.id)).toHaveLength(3); // then the due slot starts
  });

  test('a new version of the trigger dataset starts the pipeline once, with that version; a burst starts one run', async () => {
    const register = (rows: number) =>
      registerColumns(
        store,
        { n: Array.from({ length: rows }, (_, i) => i) },
        `n\n${Array.from({ length: rows }, (_, i) => i).join('\n')}`,
        {
          name: 'source',
          createdBy: 'test'
        }
      );
    await register(1);
    await wallClockPast(Date.now()); // the pipeline after version 1, even within its millisecond
    const pipeline = await threeSteps({ onNewVersion: { dataset: 'source', debounceSeconds: 2 } });
    const triggers = new PipelineTriggers({ ...options() });
    clock.time = Date.now() + 10_000;
    await triggers.tick(clock.now());
    expect(await store.pipelines.runs(pipeline.id)).toEqual([]); // version 1 is older than the pipeline

    await register(2);
    await register(3); // a burst: versions 2 and 3
    clock.time = Date.now() + 500; // within the debounce of version 3
    const wake = await triggers.tick(clock.now());
    expect(await store.pipelines.runs(pipeline.id)).toEqual([]);
    expect(wake).toBeGreaterThan(clock.now());
    clock.time = wake;
    await triggers.tick(clock.now());
    await triggers.tick(clock.now());
    const runs = await store.pipelines.runs(pipeline.id);
    expect(runs.map(r => [r.trigger, r.slot, r.inputs])).toEqual([['dataset', 3, { source: 3 }]]);
    expect((await attemptFor('ingest')).context.pipeline!.datasetVersions).toEqual({ source: 3 });
    (await attemptFor('ingest')).finish();
    (await attemptFor('features')).finish();
    (await attemptFor('score')).finish();
    await Promise.all(triggers.started);
    clock.time += 60_000;
    await triggers.tick(clock.now());
    expect(await store.pipelines.runs(pipeline.id)).toHaveLength(1); // once per version
  });

  test('a run whose runner stopped is failed by the next tick with the reason, no longer holds off the schedule, and resumes', async () => {
    const pipeline = await threeSteps({ schedule: { cron: '*/5 * * * *', timezone: 'UTC' } });
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const claim = async (slot: number, lease: RunLease) => {
      const id = `${slot}`.padStart(32, '0');
      await store.pipelines.claimRun({
        id,
        pipelineId: pipeline.id,
        trigger: 'manual',
        slot,
        inputs: {},
        startTime: Date.now(),
        steps: pipeline.steps.map(s => s.name),
        lease
      });
      return id;
    };
    const here = `the pipeline runner (pid ${deadPid} on ${os.hostname()})`;
    const killedHere = await claim(1, { host: os.hostname(), pid: deadPid, until: Date.now() + 60_000 });
    await store.pipelines.updateStep(killedHere, 'ingest', { status: 'succeeded', outputs: { raw: 1 } });
    await store.pipelines.updateStep(killedHere, 'features', { status: 'running' });
    const lapsedElsewhere = await claim(2, { host: 'elsewhere', pid: 1, until: Date.now() - 1 });
    const lapsedHere = await claim(3, { host: os.hostname(), pid: process.pid, until: Date.now() - 1 });
    // The latest run: while it runs, the schedule waits.
    const aliveElsewhere = await claim(4, { host: 'elsewhere', pid: 1, until: Date.now() + 60_000 });

    const triggers = new PipelineTriggers({ ...options() });
    const slot = Math.ceil((Date.parse(pipeline.updatedAt) + 1) / 300_000) * 300_000;
    clock.time = slot + 1000;
    await triggers.tick(clock.now());
    const runOf = async (id: string) => (await store.pipelines.getRun(id))!;
    const killed = await runOf(killedHere);
    expect(killed.status).toBe('failed');
    expect(killed.endTime).not.toBeNull();
    expect(killed.error).toBe(`${here} stopped while the run was under way; resume the run to finish it`);
    expect(killed.steps.map(s => [s.step, s.status, s.error])).toEqual([
      ['ingest', 'succeeded', null],
      ['features', 'failed', `${here} stopped while this step ran`],
      ['score', 'stopped', `not run: ${here} stopped`]
    ]);
    expect((await runOf(lapsedElsewhere)).error).toMatch(/runner \(pid 1 on elsewhere\) stopped/);
    expect((await runOf(lapsedHere)).error).toMatch(
      new RegExp(`runner \\(pid ${process.pid} on .+\\) stopped`)
    );
    expect((await runOf(aliveElsewhere)).status).toBe('running'); // its lease holds
    expect(await store.pipelines.runs(pipeline.id)).toHaveLength(4); // ... and holds off the slot

    await store.pipelines.finishRun(aliveElsewhere, 'succeeded', Date.now());
    await triggers.tick(clock.now());
    const scheduled = (await store.pipelines.runs(pipeline.id)).find(r => r.trigger === 'schedule');
    expect(scheduled).toBeDefined();

    const resumed = await resumePipelineRun(options(), pipeline, killed);
    expect((await runOf(killedHere)).error).toBeNull();
    const again = resumePipelineRun(options(), pipeline, killed);
    await expect(again).rejects.toBeInstanceOf(RunTakenError);
    await expect(again).rejects.toThrow(/another process resumed it/);
    const attemptOf = async (runId: string, step: string) => {
      const found = () =>
        attempts.find(a => a.context.pipeline?.pipelineRunId === runId && stepOf(a) === step);
      await waitFor(() => found() !== undefined, 10_000, `the attempt of ${step}`);
      return found()!;
    };
    (await attemptOf(killedHere, 'features')).finish();
    (await attemptOf(killedHere, 'score')).finish();
    const done = await resumed.done;
    expect(done.steps.map(s => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(done.status).toBe('succeeded');
    expect(attempts.filter(a => a.context.pipeline?.pipelineRunId === killedHere).map(stepOf)).toEqual([
      'features',
      'score'
    ]);
    for (const step of ['ingest', 'features', 'score']) {
      (await attemptOf(scheduled!.id, step)).finish();
    }
    await Promise.all(triggers.started);
  });
});
