import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningService, startService } from '../src/server/serve';
import { projectDir, runCli } from './helpers/env';
import { requestService } from './helpers/http';
import { code, writeNotebook } from './helpers/notebooks';

/** "Re-run" from the run detail: POST /api/runs/{id}/rerun on a real service with real runs. */
describe('re-running a run', () => {
  let dir: string;
  let service: RunningService;
  let original: string;
  const post = (url: string) => requestService(path.join(dir, 'mlnb.sock'), 'POST', url);

  beforeAll(async () => {
    dir = projectDir();
    fs.mkdirSync(path.join(dir, 'nb'));
    fs.writeFileSync(path.join(dir, 'nb', 'factor.json'), '{"factor": 7}');
    writeNotebook(dir, 'nb/train.ipynb', [
      code('read', "const { factor } = JSON.parse(require('fs').readFileSync('factor.json', 'utf8'));"),
      code('log', 'for (let step = 0; step < 3; step++) mlnb.log({ score: factor * step });')
    ]);
    const ran = runCli(['run', path.join(dir, 'nb', 'train.ipynb')], { cwd: dir, env: { MLNB_STORE: '' } });
    expect(ran.status).toBe(0);
    original = ran.stdout.trim();
    service = await startService({ socket: path.join(dir, 'mlnb.sock') }, dir);
  });
  afterAll(async () => {
    await service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('executes the cells again in the notebook folder, as a new run of the same experiment linked to the old one', async () => {
    const response = await post(`/api/runs/${original}/rerun`);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ ok: true, failure: null });
    const before = (await service.store.runs.get(original))!;
    const after = (await service.store.runs.get(response.body.runId))!;
    expect(after).toMatchObject({
      experiment: before.experiment,
      status: 'finished',
      source: 'batch',
      name: `${before.name} (re-run)`,
      tags: { 'mlnb.rerun_of': original }
    });
    expect(after.metrics.score.map(p => p.value)).toEqual(before.metrics.score.map(p => p.value));
    expect(after.cells.map(c => c.source)).toEqual(before.cells.map(c => c.source));
  });

  test('an unknown run is a 404 and nothing runs', async () => {
    const count = (await service.store.runs.list({ limit: 100 })).length;
    const response = await post(`/api/runs/${'f'.repeat(32)}/rerun`);
    expect(response.status).toBe(404);
    expect((await service.store.runs.list({ limit: 100 })).length).toBe(count);
  });
});
