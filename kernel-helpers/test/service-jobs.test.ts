import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { registerColumns } from '../src/catalog/register';
import { buildService } from '../src/server/app';
import { openStore } from '../src/store/engine/open';
import type { Store } from '../src/store/engine/store';
import { ENGINES } from './helpers/engines';
import { tempDir } from './helpers/env';
import { expectErrorAnswer, requestService } from './helpers/http';
import { code, writeNotebook } from './helpers/notebooks';
import { expectFollowsSchema } from './helpers/schemas';
import { serviceForSuite } from './helpers/service';

describe.each(ENGINES)('the jobs endpoints of the service (%s store)', engine => {
  const api = serviceForSuite(engine, root => {
    fs.mkdirSync(path.join(root, 'nb'));
    writeNotebook(path.join(root, 'nb'), 'train.ipynb', [
      code('p', "const acc = 0.9;\nconst label = 'base';\nconst layers = [8, 4];", ['parameters']),
      code('m', '%param lr: number = 0.01'),
      code('t', 'mlnb.log({ val_acc: acc });')
    ]);
    writeNotebook(root, 'py.ipynb', [code('a', 'print(1)')], 'python3');
    writeNotebook(api.outside, 'outside.ipynb', [code('a', '1')]);
    fs.symlinkSync(path.join(api.outside, 'outside.ipynb'), path.join(root, 'link.ipynb'));
  });
  const request = api.call;

  /** Collects the server-sent events until stopped. */
  const listen = () => {
    const events: any[] = [];
    const req = http.get({ socketPath: api.socket, path: '/api/events' }, res =>
      res.on('data', chunk =>
        String(chunk)
          .split('\n')
          .filter(line => line.startsWith('data: '))
          .forEach(line => events.push(JSON.parse(line.slice(6))))
      )
    );
    return { events, stop: () => req.destroy() };
  };

  const create = (body: Record<string, unknown>) =>
    request('POST', '/api/jobs', { notebook: 'nb/train.ipynb', name: 'api-job', ...body });

  test('preview-schedule: the schedule in words and the next 3 fire times', async () => {
    const { status, body } = await request('POST', '/api/jobs/preview-schedule', {
      cron: '0 6 * * 1-5',
      timezone: 'Europe/Berlin'
    });
    expect(status).toBe(200);
    expect(body.description).toBe('At 06:00, Monday through Friday (Europe/Berlin)');
    expect(body.next).toHaveLength(3);
    const times = body.next.map((t: string) => Date.parse(t));
    expect(times[0]).toBeGreaterThan(Date.now());
    expect([...times].sort()).toEqual(times);
    for (const t of body.next) {
      const local = new Date(t).toLocaleString('en-GB', {
        timeZone: 'Europe/Berlin',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit'
      });
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 06:00$/);
    }
  });

  test.each([
    [{ cron: '0 6 32 * *', timezone: 'UTC' }, 'day of month', 'has an invalid day of month field: "32"'],
    [{ cron: '0 6 * * *', timezone: 'Moon/Base' }, 'timezone', 'Unknown time zone "Moon/Base"'],
    [{ cron: '0 6 * *', timezone: 'UTC' }, 'cron', 'has 4 fields']
  ])('preview-schedule %j is a 400 naming the field', async (schedule, field, message) => {
    const { status, body } = await request('POST', '/api/jobs/preview-schedule', schedule);
    expect(status).toBe(400);
    expect(body.field).toBe(field);
    expect(body.error).toContain(message);
  });

  test('notebook-parameters: the declared parameters with types and defaults', async () => {
    const { status, body } = await request('GET', '/api/notebook-parameters?path=nb%2Ftrain.ipynb');
    expect(status).toBe(200);
    expect(body.parameters).toEqual([
      { name: 'acc', type: 'number', default: 0.9, from: 'parameters-cell' },
      { name: 'label', type: 'string', default: 'base', from: 'parameters-cell' },
      { name: 'layers', type: 'json', default: [8, 4], from: 'parameters-cell' },
      { name: 'lr', type: 'number', default: 0.01, from: 'magic' }
    ]);
  });

  test.each([
    ['..%2Foutside.ipynb', 400, 'outside the workspace'],
    [encodeURIComponent(path.join('/etc', 'passwd')), 400, 'outside the workspace'],
    ['link.ipynb', 400, 'outside the workspace'],
    ['missing.ipynb', 404, 'No notebook missing.ipynb'],
    ['py.ipynb', 400, 'runs on the kernel "python3", not "mlnb"']
  ])('notebook-parameters?path=%s is a %i', async (given, code, message) => {
    const { status, body } = await request('GET', `/api/notebook-parameters?path=${given}`);
    expect(status).toBe(code);
    expect(body.error).toContain(message);
  });

  test.each([
    [{ notebook: '../outside.ipynb' }, 400, 'notebook', 'outside the workspace'],
    [{ notebook: 'link.ipynb' }, 400, 'notebook', 'outside the workspace'],
    [{ parameters: { epochs: 3 } }, 400, undefined, 'declares no parameter "epochs"'],
    [{ parameters: { acc: 'high' } }, 400, undefined, '"acc" is a number parameter'],
    [{ schedule: { cron: '0 25 * * *', timezone: 'UTC' } }, 400, 'hour', 'invalid hour field'],
    [{ gates: ['val_acc >= ok'] }, 400, undefined, 'the threshold "ok" after >= is not a number'],
    [{ concurrency: 'sometimes' }, 400, undefined, 'Invalid request'],
    [{ colour: 'blue' }, 400, undefined, 'Invalid request']
  ])('creating with %j is refused (%i) and stores nothing', async (change, code, field, message) => {
    const { status, body } = await create(change);
    expect(status).toBe(code);
    expect(body.error).toContain(message);
    expect(body.field).toBe(field);
    expect((await request('GET', '/api/jobs')).body.jobs).toEqual([]);
  });

  test('the scheduler inside the service fires a job on its schedule', async () => {
    const created = await create({ name: 'every2s', schedule: { cron: '*/2 * * * * *', timezone: 'UTC' } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    try {
      const until = Date.now() + 30_000;
      let fired: any;
      while (!fired && Date.now() < until) {
        fired = (await request('GET', `/api/jobs/${id}/history`)).body.attempts.find(
          (a: any) => a.trigger === 'schedule' && a.attempt === 1
        );
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect(fired).toBeDefined();
      expect(Date.parse(fired.startTime) - Date.parse(fired.slot)).toBeLessThan(1000);
    } finally {
      expect((await request('DELETE', `/api/jobs/${id}`)).status).toBe(204);
    }
  });

  test('a data trigger on POST and PATCH: an unknown dataset is 400 naming it, nothing stored; a new version fires the job with that version', async () => {
    const { store } = api.service;
    const register = (rows: number) => {
      const n = Array.from({ length: rows }, (_, i) => i);
      return registerColumns(store, { n }, `n\n${n.join('\n')}`, { name: 'feed', createdBy: 'test' });
    };
    await register(1);
    const refused = await create({ name: 'on-ghost', onNewVersion: { dataset: 'ghost' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ error: expect.stringContaining('"ghost"'), field: 'onNewVersion' });
    expect(await store.jobs.get('on-ghost')).toBeUndefined();

    const created = await create({ name: 'on-feed', onNewVersion: { dataset: 'feed', debounceSeconds: 0 } });
    expect(created.status).toBe(201);
    expectFollowsSchema('job', created.body);
    expect(created.body.onNewVersion).toEqual({ dataset: 'feed', debounceSeconds: 0 });
    const id = created.body.id;
    try {
      await register(2);
      // The service's own scheduler (the system clock) fires it: watched, not ticked.
      const until = Date.now() + 30_000;
      let fired: any;
      while (!fired && Date.now() < until) {
        fired = (await request('GET', `/api/jobs/${id}/history`)).body.attempts.find(
          (a: any) => a.trigger === 'dataset'
        );
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect(fired).toMatchObject({ datasetVersion: 'feed@2', attempt: 1 });

      const ghost = await request('PATCH', `/api/jobs/${id}`, { onNewVersion: { dataset: 'ghost' } });
      expect(ghost.status).toBe(400);
      expect((await store.jobs.get(id))!.onNewVersion).toEqual({ dataset: 'feed', debounceSeconds: 0 });
      const off = await request('PATCH', `/api/jobs/${id}`, { onNewVersion: null });
      expect(off.status).toBe(200);
      expect(off.body.onNewVersion).toBeNull();
    } finally {
      expect((await request('DELETE', `/api/jobs/${id}`)).status).toBe(204);
    }
  });

  test('create, list, show, change, run, history, delete', async () => {
    const created = await create({
      schedule: { cron: '30 5 * * *', timezone: 'America/New_York' },
      parameters: { acc: 0.93, layers: [16, 8], lr: 0.1 },
      gates: ['val_acc >= 0.9'],
      retries: 1,
      concurrency: 'replace'
    });
    expect(created.status).toBe(201);
    const job = created.body;
    expect(job).toMatchObject({
      name: 'api-job',
      notebook: { path: 'nb/train.ipynb' },
      parameters: { acc: { type: 'number', value: 0.93 }, layers: { type: 'json', value: [16, 8] } },
      retries: { count: 1, backoffSeconds: 10 },
      concurrency: 'replace',
      scheduleText: 'At 05:30 (America/New_York)',
      lastAttempt: null,
      activeAttempts: 0
    });
    expect(job.nextRuns).toHaveLength(3);
    expectFollowsSchema('job', job);
    expect((await create({})).status).toBe(409);

    expect((await request('GET', '/api/jobs')).body.jobs.map((j: any) => j.id)).toEqual([job.id]);
    expect((await request('GET', `/api/jobs/${job.id}`)).body.name).toBe('api-job');
    // The edit dialog offers what the job's snapshot declares, with types and defaults.
    const declared = (await request('GET', `/api/jobs/${job.id}/parameters`)).body.parameters;
    expect(declared.map((p: any) => [p.name, p.type, p.default])).toEqual([
      ['acc', 'number', 0.9],
      ['label', 'string', 'base'],
      ['layers', 'json', [8, 4]],
      ['lr', 'number', 0.01]
    ]);
    expect((await request('GET', `/api/jobs/${'0'.repeat(32)}/parameters`)).status).toBe(404);
    expect((await request('GET', `/api/jobs/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await request('GET', '/api/jobs/..%2f..')).status).toBe(400);

    const paused = await request('PATCH', `/api/jobs/${job.id}`, { enabled: false, timeoutSeconds: 60 });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ enabled: false, timeoutSeconds: 60, nextRuns: [] });
    const badPatch = await request('PATCH', `/api/jobs/${job.id}`, {
      schedule: { cron: '* * * 0 *', timezone: 'UTC' }
    });
    expect(badPatch.body).toMatchObject({ field: 'month' });
    expect((await request('PATCH', `/api/jobs/${job.id}`, { parameters: { label: 3 } })).status).toBe(400);

    const feed = listen();
    try {
      const ran = await request('POST', `/api/jobs/${job.id}/run`);
      expect(ran.status).toBe(202);
      expect(ran.body.attempt).toMatchObject({ status: 'running', trigger: 'manual', attempt: 1 });
      const until = Date.now() + 60_000;
      let history: any[] = [];
      while (Date.now() < until) {
        history = (await request('GET', `/api/jobs/${job.id}/history`)).body.attempts;
        if (history[0]?.status !== 'running') {
          break;
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        status: 'succeeded',
        gateResults: [{ gate: 'val_acc >= 0.9', ok: true, observed: 0.93 }]
      });
      expectFollowsSchema('job', history[0], 'attempt');
      expect(feed.events).toContainEqual({ type: 'job-changed', id: job.id });
    } finally {
      feed.stop();
    }

    const snapshotDir = path.join(api.service.store.artifactRoot, 'jobs', job.id);
    expect(fs.existsSync(snapshotDir)).toBe(true);
    expect((await request('DELETE', `/api/jobs/${job.id}`)).status).toBe(204);
    expect((await request('GET', `/api/jobs/${job.id}`)).status).toBe(404);
    expect(fs.existsSync(snapshotDir)).toBe(false);
  });
});

describe('jobs on other engines through the service (Run now, the DAG link)', () => {
  let dir: string;
  let store: Store;
  /** Airflow's URL the service is given: a port nothing listens on (a real refusal). */
  let airflowUrl: string;
  let withAirflow: FastifyInstance;
  let withoutAirflow: FastifyInstance;

  const call = (app: FastifyInstance, method: string, url: string, body?: object) =>
    requestService(app.server.address() as string, method, url, body);
  /** POST /api/jobs to the service that knows Airflow, for the folder's train.ipynb. */
  const create = (body: object) =>
    call(withAirflow, 'POST', '/api/jobs', { notebook: 'train.ipynb', ...body });
  const createOnAirflow = (name: string, cron: string) =>
    create({ name, engine: 'airflow', schedule: { cron, timezone: 'UTC' } });

  beforeAll(async () => {
    dir = tempDir();
    writeNotebook(dir, 'train.ipynb', [code('p', "const label = 'base';", ['parameters'])]);
    store = await openStore({ cwd: dir, createAt: dir });
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    airflowUrl = `http://127.0.0.1:${(closed.address() as { port: number }).port}/`;
    await new Promise(resolve => closed.close(resolve));
    withAirflow = buildService({ store, root: dir, airflowUrl });
    withoutAirflow = buildService({ store, root: dir });
    await withAirflow.listen({ path: path.join(dir, 'with.sock') });
    await withoutAirflow.listen({ path: path.join(dir, 'without.sock') });
  });
  afterAll(async () => {
    await withAirflow.close();
    await withoutAirflow.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the engine is set at creation and changed by PATCH; a seconds field is refused outside mlnb', async () => {
    const refused = await createOnAirflow('every-second', '*/5 * * * * *');
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: expect.stringContaining('has a seconds field'),
      field: 'schedule'
    });
    expect(await store.jobs.get('every-second')).toBeUndefined();
    // The dialog's preview says it as the cron is typed; mlnb takes seconds.
    const preview = (engine: string) =>
      call(withAirflow, 'POST', '/api/jobs/preview-schedule', {
        cron: '*/5 * * * * *',
        timezone: 'UTC',
        engine
      });
    expect((await preview('airflow')).body).toEqual(refused.body);
    expect((await preview('kubernetes')).status).toBe(400);
    expect((await preview('mlnb')).status).toBe(200);
    const unknown = await create({ name: 'nowhere', engine: 'cron.d' });
    expect(unknown.status).toBe(400);

    const created = await createOnAirflow('nightly run', '0 2 * * *');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      engine: 'airflow',
      airflowDagUrl: `${airflowUrl}dags/mlnb__nightly_run`
    });
    // The link is only there where the service knows Airflow.
    expect(
      (await call(withoutAirflow, 'GET', `/api/jobs/${created.body.id}`)).body.airflowDagUrl
    ).toBeUndefined();

    // Back to mlnb with a seconds field, then to Airflow again: refused, the job as it was.
    const id = created.body.id;
    const toMlnb = await call(withAirflow, 'PATCH', `/api/jobs/${id}`, {
      engine: 'mlnb',
      schedule: { cron: '0 0 2 * * *', timezone: 'UTC' }
    });
    expect(toMlnb.status).toBe(200);
    expect(toMlnb.body.airflowDagUrl).toBeUndefined();
    const back = await call(withAirflow, 'PATCH', `/api/jobs/${id}`, { engine: 'airflow' });
    expect(back.status).toBe(400);
    expect(back.body.field).toBe('schedule');
    expect((await store.jobs.get(id))?.engine).toBe('mlnb');
  });

  test('Run now of an Airflow job: says how to run it where Airflow is unknown, names an unreachable one', async () => {
    const { body: job } = await create({ name: 'on-airflow', engine: 'airflow' });
    const unknown = await call(withoutAirflow, 'POST', `/api/jobs/${job.id}/run`);
    expectErrorAnswer(unknown, 409, 'trigger the DAG mlnb__on-airflow in Airflow');
    expect(unknown.body.error).toContain('mlnb jobs run on-airflow --airflow-url URL');
    const unreachable = await call(withAirflow, 'POST', `/api/jobs/${job.id}/run`);
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.error).toMatch(
      /^Airflow at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)/
    );
    // Nothing ran in mlnb instead.
    expect(await store.jobs.history(job.id, 10)).toEqual([]);
  });

  test.each(['kubernetes', 'argo'])('Run now of a job on %s shows the export command', async engine => {
    const { body: job } = await create({ name: `in cluster ${engine}`, engine });
    const ran = await call(withAirflow, 'POST', `/api/jobs/${job.id}/run`);
    expectErrorAnswer(ran, 409, `mlnb jobs export 'in cluster ${engine}' --to ${engine} -o DIR`);
    expect(await store.jobs.history(job.id, 10)).toEqual([]);
  });
});
