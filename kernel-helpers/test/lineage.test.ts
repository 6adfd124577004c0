import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunRecorder } from '../src/capture/recorder';
import { attemptRunner } from '../src/jobs/attempt';
import { createJob } from '../src/jobs/define';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import { vegaFile } from './helpers/datasets';
import { freePort, runCliAsync, tempDir } from './helpers/env';
import { LineageReceiver, lineageProblems } from './helpers/lineage';
import { code, writeNotebook } from './helpers/notebooks';

const COLUMNS = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];

/**
 * OpenLineage events of real runs (`mlnb run`, a job attempt, the kernel's recorder) sent to a
 * real HTTP receiver, each validated against the 2-0-2 spec's required fields and types.
 */
describe('OpenLineage events', () => {
  let dir: string;
  let receiver: LineageReceiver;
  let url: string;
  let env: NodeJS.ProcessEnv;
  let commit: string;
  const lastLine = (text: string) => text.trim().split('\n').pop()!;

  beforeAll(async () => {
    dir = tempDir('mlnb-lineage-');
    receiver = new LineageReceiver();
    url = await receiver.start();
    env = {
      MLNB_STORE: path.join(dir, '.mlnb', 'store.db'),
      MLNB_OPENLINEAGE_URL: url,
      MLNB_OPENLINEAGE_API_KEY: 'secret-key',
      MLNB_OPENLINEAGE_NAMESPACE: 'team'
    };
    fs.copyFileSync(vegaFile('seattle-weather.csv'), path.join(dir, 'weather.csv'));
    writeNotebook(dir, 'train.ipynb', [
      code('load', '%dataset load weather as w'),
      code('out', "await mlnb.catalog.register(w.head(10), { name: 'weather-sample' });"),
      code('log', 'mlnb.log({ acc: 0.9 });')
    ]);
    writeNotebook(dir, 'broken.ipynb', [code('boom', "throw new Error('the data is bad');")]);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).stdout.trim();
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', 'git@github.com:acme/models.git');
    git('add', 'train.ipynb', 'broken.ipynb');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', 'notebooks');
    commit = git('rev-parse', 'HEAD');
    const registered = await runCliAsync(
      dir,
      ['datasets', 'register', 'weather.csv', '--name', 'weather'],
      env
    );
    expect(registered.status).toBe(0);
  });
  afterAll(async () => {
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a batch run emits START then COMPLETE: inputs with schema and version, outputs, git location, also to a file', async () => {
    const file = path.join(dir, 'events.jsonl');
    const ran = await runCliAsync(dir, ['run', 'train.ipynb'], { ...env, MLNB_OPENLINEAGE_FILE: file });
    expect(ran.stderr).toBe('');
    expect(ran.status).toBe(0);
    const events = receiver.of(lastLine(ran.stdout));
    expect(events.map(e => e.eventType)).toEqual(['START', 'COMPLETE']);
    events.forEach(e => expect(lineageProblems(e)).toEqual([]));
    expect(receiver.authorizations).toContain('Bearer secret-key');
    const [start, complete] = events;
    expect(start.run.runId).toBe(complete.run.runId);
    expect(complete.job).toMatchObject({ namespace: 'team', name: 'train.ipynb' });
    expect(start.job.facets.sourceCodeLocation).toMatchObject({
      type: 'git',
      url: `https://github.com/acme/models/blob/${commit}/train.ipynb`,
      version: commit,
      branch: 'main'
    });
    const [input] = complete.inputs;
    expect(input).toMatchObject({
      namespace: 'team',
      name: 'weather',
      facets: { version: { datasetVersion: '1' } }
    });
    expect(input.facets.schema.fields.map((f: { name: string }) => f.name)).toEqual(COLUMNS);
    expect(complete.outputs.map((o: { name: string }) => o.name)).toEqual(['weather-sample']);
    expect(complete.outputs[0].facets.schema.fields).toHaveLength(COLUMNS.length);
    // The file transport gets the same events, one JSON object a line.
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(lines.map(e => [e.eventType, e.run.runId])).toEqual(events.map(e => [e.eventType, e.run.runId]));
  });

  test('a failed run emits FAIL with the error message facet', async () => {
    const ran = await runCliAsync(dir, ['run', 'broken.ipynb'], env);
    expect(ran.status).toBe(1);
    const events = receiver.of(lastLine(ran.stdout));
    expect(events.map(e => e.eventType)).toEqual(['START', 'FAIL']);
    events.forEach(e => expect(lineageProblems(e)).toEqual([]));
    expect(events[1].run.facets.errorMessage).toMatchObject({ programmingLanguage: 'TypeScript' });
    expect(events[1].run.facets.errorMessage.message).toContain('the data is bad');
  });

  describe('in this process (the kernel recorder, a job attempt)', () => {
    let store: Store;
    const saved = { ...process.env };
    beforeAll(async () => {
      Object.assign(process.env, env);
      store = await openStore({ cwd: dir, env: { MLNB_STORE: env.MLNB_STORE } });
    });
    afterAll(async () => {
      await store.close();
      process.env = saved;
    });

    test('an interactive run emits START and COMPLETE; a killed one ABORT', async () => {
      const recorder = new RunRecorder({
        cwd: dir,
        source: 'interactive',
        notebookPath: path.join(dir, 'train.ipynb'),
        store
      });
      const first = recorder.ensureRun();
      recorder.log({ loss: 0.5 });
      const second = recorder.newRun();
      await recorder.finish('killed');
      const firstEvents = receiver.of(first.id);
      const secondEvents = receiver.of(second.id);
      expect(firstEvents.map(e => e.eventType)).toEqual(['START', 'COMPLETE']);
      expect(secondEvents.map(e => e.eventType)).toEqual(['START', 'ABORT']);
      [...firstEvents, ...secondEvents].forEach(e => expect(lineageProblems(e)).toEqual([]));
      expect(firstEvents[0].run.facets.parent).toBeUndefined();
    });

    test('a scheduled job attempt has the job as parent run and its slot as nominal time', async () => {
      const job = await createJob(store, { notebook: path.join(dir, 'train.ipynb'), name: 'nightly' });
      const slot = Date.UTC(2026, 11, 3, 2, 0, 0);
      const outcome = await attemptRunner({ store })({
        attemptId: 'b'.repeat(32),
        job,
        trigger: 'schedule',
        slot,
        attempt: 1
      }).done;
      expect(outcome).toMatchObject({ ok: true });
      const events = receiver.of(outcome.runId!);
      expect(events.map(e => e.eventType)).toEqual(['START', 'COMPLETE']);
      events.forEach(e => expect(lineageProblems(e)).toEqual([]));
      for (const event of events) {
        expect(event.job.name).toBe('nightly.train.ipynb');
        expect(event.run.facets.parent.job).toEqual({ namespace: 'team', name: 'nightly' });
        expect(event.run.facets.nominalTime.nominalStartTime).toBe('2026-12-03T02:00:00.000Z');
      }
      // Both events (and a retry of the same slot) name the same parent run.
      expect(events[0].run.facets.parent.run.runId).toBe(events[1].run.facets.parent.run.runId);
    });

    test('a 4xx is said with its body, the event kept in `lineage status` and never sent again', async () => {
      const warnings: string[] = [];
      const recorder = new RunRecorder({
        cwd: dir,
        source: 'interactive',
        store,
        warn: w => warnings.push(w)
      });
      receiver.refusing = 'job.name is not allowed here';
      try {
        const run = recorder.ensureRun();
        await recorder.finish('finished');
        expect(receiver.of(run.id)).toEqual([]);
      } finally {
        receiver.refusing = null;
      }
      expect(warnings.join('\n')).toMatch(/HTTP 400.*job\.name is not allowed here/);
      const flushed = await runCliAsync(dir, ['lineage', 'flush', '--json'], env);
      expect(JSON.parse(flushed.stdout)).toMatchObject({ sent: 0, pending: 0 });
      const status = JSON.parse((await runCliAsync(dir, ['lineage', 'status', '--json'], env)).stdout);
      const refused = status.rejected.map((r: { status: number; event: { eventType: string } }) => [
        r.status,
        r.event.eventType
      ]);
      expect(refused).toEqual([
        [400, 'START'],
        [400, 'COMPLETE']
      ]);
      expect(status.rejected[0].body).toContain('job.name is not allowed here');
    });
  });

  test('with the receiver down the run succeeds, its events wait on disk and `lineage flush` sends them in order', async () => {
    const port = await freePort();
    const down = { ...env, MLNB_OPENLINEAGE_URL: `http://127.0.0.1:${port}` };
    const ran = await runCliAsync(dir, ['run', 'train.ipynb'], down);
    expect(ran.status).toBe(0);
    expect(ran.stderr).toContain('wait in');
    const runId = lastLine(ran.stdout);
    const status = await runCliAsync(dir, ['lineage', 'status', '--json'], down);
    expect(JSON.parse(status.stdout)).toMatchObject({ pending: 2 });
    const stillDown = await runCliAsync(dir, ['lineage', 'flush'], down);
    expect(stillDown.status).toBe(1);

    const late = new LineageReceiver();
    await late.start(port);
    try {
      const flushed = await runCliAsync(dir, ['lineage', 'flush', '--json'], down);
      expect(flushed.status).toBe(0);
      expect(JSON.parse(flushed.stdout)).toMatchObject({ sent: 2, pending: 0, stopped: null });
      expect(late.of(runId).map(e => e.eventType)).toEqual(['START', 'COMPLETE']);
      late.events.forEach(e => expect(lineageProblems(e)).toEqual([]));
    } finally {
      await late.stop();
    }
  });

  test('lineage flush without a receiver configured is a usage error', async () => {
    const flushed = await runCliAsync(dir, ['lineage', 'flush'], { MLNB_STORE: env.MLNB_STORE });
    expect(flushed.status).toBe(2);
    expect(flushed.stderr).toContain('MLNB_OPENLINEAGE_URL is not set');
  });
});
