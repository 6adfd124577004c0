import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunRecorder } from '../src/capture/recorder';
import type { RunningService } from '../src/server/serve';
import { ENGINES } from './helpers/engines';
import { listenToEvents } from './helpers/http';
import { serviceForSuite } from './helpers/service';
import { expectValidRun } from './helpers/store';

/** Three runs as a notebook would leave them: params, a metric series, tags, an artifact. */
async function recordRun(
  service: RunningService,
  dir: string,
  name: string,
  lr: number,
  acc: number,
  team: string
) {
  const recorder = new RunRecorder({
    cwd: dir,
    source: 'batch',
    notebookPath: path.join(dir, 'train.ipynb'),
    store: service.store
  });
  const run = recorder.ensureRun(name);
  recorder.params({ lr, optimizer: 'adam' });
  recorder.log({ val_acc: acc / 2 });
  recorder.log({ val_acc: acc });
  recorder.tags({ team });
  fs.writeFileSync(path.join(dir, 'report.txt'), `report of ${name}`);
  await recorder.artifact('report.txt');
  await recorder.finish('finished');
  return run.id;
}

describe.each(ENGINES)('the runs endpoints of the service (%s store)', engine => {
  const api = serviceForSuite(engine);
  const ids: Record<string, string> = {};

  const { call } = api;
  const names = (body: any) => body.runs.map((r: any) => r.name);
  const list = (query: string) => call('GET', `/api/runs?${query}`);

  beforeAll(async () => {
    ids.a = await recordRun(api.service, api.root, 'alpha', 0.01, 0.8, 'fraud');
    ids.b = await recordRun(api.service, api.root, 'beta', 0.1, 0.95, 'fraud');
    ids.c = await recordRun(api.service, api.root, 'gamma', 0.01, 0.9, 'search');
  });

  test('lists runs newest first, with their latest metrics', async () => {
    const { status, body } = await list('');
    expect(status).toBe(200);
    expect(names(body)).toEqual(['gamma', 'beta', 'alpha']);
    expect(body.runs[0].latestMetrics).toEqual({ val_acc: 0.9 });
    expect(body.next_page_token).toBeNull();
  });

  test.each([
    ['metrics.val_acc > 0.85', ['gamma', 'beta']],
    ['metrics.val_acc > 0.85 and params.lr = 0.01', ['gamma']],
    ['tags.team = "fraud"', ['beta', 'alpha']],
    ["params.optimizer = 'adam' and status = 'finished'", ['gamma', 'beta', 'alpha']],
    ['name like "%a"', ['gamma', 'beta', 'alpha']],
    ['params.lr >= 0.05', ['beta']]
  ])('filter %s', async (filter, expected) => {
    const { status, body } = await list(`filter=${encodeURIComponent(filter)}`);
    expect(status).toBe(200);
    expect(names(body)).toEqual(expected);
  });

  test('orders by a metric, and searches free text', async () => {
    expect(names((await list('order_by=metrics.val_acc%20DESC')).body)).toEqual(['beta', 'gamma', 'alpha']);
    // alpha and gamma tie on lr: ties are broken by id, so only beta's place is fixed.
    expect(names((await list('order_by=params.lr%20ASC')).body)[2]).toBe('beta');
    expect(names((await list('q=search')).body)).toEqual(['gamma']);
  });

  test.each([
    ['metrics.val_acc >', 'The expression ends where a value (a number or a quoted string) was expected', 18],
    ['metrics.val_acc > "high"', 'Metrics are numbers', 19],
    ['accuracy > 1', 'Unknown key "accuracy"', 1],
    ['status = "finished" or status = "failed"', 'Expected "and" between conditions, found "or"', 21]
  ])('a malformed filter "%s" is a 400 that points at the error', async (filter, message, column) => {
    const { status, body } = await list(`filter=${encodeURIComponent(filter)}`);
    expect(status).toBe(400);
    expect(body.error).toContain(message);
    expect(body.column).toBe(column);
  });

  test('pages stay stable while runs are added', async () => {
    const first = await list('limit=2');
    expect(names(first.body)).toEqual(['gamma', 'beta']);
    const late = await recordRun(api.service, api.root, 'delta', 0.5, 0.5, 'late');
    const second = await list(`limit=2&page_token=${first.body.next_page_token}`);
    expect(names(second.body)).toEqual(['alpha']);
    expect(second.body.next_page_token).toBeNull();
    expect(names((await list('limit=1')).body)).toEqual(['delta']);
    await call('DELETE', `/api/runs/${late}`);
    expect((await list('page_token=garbage')).status).toBe(400);
  });

  test('one run as a schema-valid record; unknown or malformed ids are 404 and 400', async () => {
    const { status, body } = await call('GET', `/api/runs/${ids.b}`);
    expect(status).toBe(200);
    expectValidRun(body);
    expect(body.metrics.val_acc.map((p: any) => p.value)).toEqual([0.475, 0.95]);
    expect((await call('GET', `/api/runs/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await call('GET', '/api/runs/..%2f..%2fstore.db')).status).toBe(400);
  });

  test('rename, tag and annotate a run; a bad body is refused', async () => {
    const { status, body } = await call('PATCH', `/api/runs/${ids.a}`, {
      name: 'alpha v2',
      tags: { stage: 'dev' },
      notes: '**baseline**'
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'alpha v2',
      notes: '**baseline**',
      tags: { team: 'fraud', stage: 'dev' }
    });
    expect((await call('PATCH', `/api/runs/${ids.a}`, { owner: 'x' })).status).toBe(400);
    expect((await call('PATCH', `/api/runs/${ids.a}`, { tags: { 'bad key!': 'x' } })).status).toBe(400);
  });

  test('artifacts download; paths outside the run are refused', async () => {
    const run = (await call('GET', `/api/runs/${ids.c}`)).body;
    const report = run.artifacts.find((a: any) => a.path.endsWith('report.txt'));
    const file = await call('GET', `/api/runs/${ids.c}/artifacts/report.txt`);
    expect(file).toMatchObject({ status: 200, raw: 'report of gamma' });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const escape of ['..%2f..%2fstore.db', '..%2f' + ids.b + '%2freport.txt', '%2fetc%2fpasswd']) {
      expect((await call('GET', `/api/runs/${ids.c}/artifacts/${escape}`)).status).toBe(404);
    }
  });

  test('delete removes the run and its artifact files', async () => {
    const id = await recordRun(api.service, api.root, 'doomed', 0.3, 0.3, 'x');
    expect(fs.existsSync(path.join(api.service.store.artifactRoot, id))).toBe(true);
    expect((await call('DELETE', `/api/runs/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/runs/${id}`)).status).toBe(404);
    expect(fs.existsSync(path.join(api.service.store.artifactRoot, id))).toBe(false);
    expect((await call('DELETE', `/api/runs/${id}`)).status).toBe(404);
  });

  test('the event stream announces a run written by another writer as it changes', async () => {
    const listening = await listenToEvents(api.socket, 'run-changed');
    expect(listening.contentType).toBe('text/event-stream');
    const id = await recordRun(api.service, api.root, 'live', 0.2, 0.7, 'live');
    await listening.seen;
    listening.stop();
    expect(listening.events.map(e => e.id)).toContain(id);
  });
});
