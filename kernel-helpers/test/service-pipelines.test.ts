import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunningService, startService } from '../src/server/serve';
import type { PipelineView } from '../src/store/pipelines/types';
import { createTestStore, ENGINES, TestStore } from './helpers/engines';
import { tempDir } from './helpers/env';
import { requestService } from './helpers/http';
import { code, writeNotebook } from './helpers/notebooks';
import { writeThreeSteps } from './helpers/pipelines';

/** POST /api/pipelines: a pipeline defined from the UI, checked as the CLI and a pipeline file are. */
describe.each(ENGINES)('the pipelines endpoints of the service (%s store)', engine => {
  let made: TestStore;
  let dir: string;
  let root: string;
  let socketPath: string;
  let service: RunningService;

  const request = (method: string, url: string, body?: unknown) =>
    requestService(socketPath, method, url, body);
  const pipelines = async () =>
    ((await request('GET', '/api/pipelines')).body as { pipelines: PipelineView[] }).pipelines;

  beforeAll(async () => {
    dir = tempDir();
    root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'nb'), { recursive: true });
    writeThreeSteps(path.join(root, 'nb'));
    writeNotebook(path.join(root, 'nb'), 'py.ipynb', [code('a', 'print(1)')], 'python3');
    writeNotebook(path.join(root, 'nb'), 'twice.ipynb', [
      code('a', "await mlnb.catalog.register([{ a: 1 }], { name: 'raw' });")
    ]);
    writeNotebook(dir, 'outside.ipynb', [code('a', '1')]);
    socketPath = path.join(dir, 'mlnb.sock');
    made = await createTestStore(engine, path.join(root, '.mlnb'));
    process.env.MLNB_STORE = made.target;
    service = await startService({ socket: socketPath }, root);
  });
  afterAll(async () => {
    await service.close();
    delete process.env.MLNB_STORE;
    await made.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a pipeline defined by POST is stored with its edges, parameters and schedule, and listed', async () => {
    const { status, body } = await request('POST', '/api/pipelines', {
      name: 'nightly',
      steps: [
        { notebook: 'nb/ingest.ipynb', params: { rows: 4 } },
        { notebook: 'nb/features.ipynb' },
        { notebook: 'nb/score.ipynb', name: 'scoring', after: ['ingest'], retries: 1 }
      ],
      schedule: { cron: '0 4 * * *', timezone: 'Europe/Berlin' }
    });
    expect(status).toBe(201);
    const { pipeline, lastRun } = body as PipelineView;
    expect(lastRun).toBeNull();
    expect(pipeline.schedule).toEqual({ cron: '0 4 * * *', timezone: 'Europe/Berlin' });
    expect(pipeline.steps.map(s => [s.name, s.dependsOn])).toEqual([
      ['ingest', []],
      ['features', [{ step: 'ingest', because: 'raw' }]],
      [
        'scoring',
        [
          { step: 'ingest', because: 'after' },
          { step: 'features', because: 'features' }
        ]
      ]
    ]);
    expect((await pipelines()).map(view => view.pipeline.name)).toEqual(['nightly']);
  });

  test('bad definitions are refused with the reason and the field, and nothing is stored', async () => {
    const jobsBefore = (await request('GET', '/api/jobs')).body;
    const cases: [unknown, number, RegExp, string][] = [
      [
        {
          name: 'p',
          steps: [{ notebook: 'nb/ingest.ipynb', after: ['features'] }, { notebook: 'nb/features.ipynb' }]
        },
        400,
        /cycle: (ingest → features → ingest|features → ingest → features)/,
        'after'
      ],
      [
        { name: 'p', steps: [{ notebook: 'nb/ingest.ipynb', after: ['ghost'] }] },
        400,
        /runs after "ghost", which is not a step/,
        'after'
      ],
      [
        { name: 'p', steps: [{ notebook: 'nb/ingest.ipynb' }, { notebook: 'nb/twice.ipynb' }] },
        400,
        /"ingest" and "twice" both register the dataset "raw"/,
        'steps'
      ],
      [
        { name: 'p', steps: [{ notebook: 'nb/py.ipynb' }] },
        400,
        /py\.ipynb runs on the kernel "python3"/,
        ''
      ],
      [{ name: 'p', steps: [{ notebook: 'nb/features.ipynb' }] }, 400, /which no step registers/, 'steps'],
      [{ name: 'p', steps: [{ notebook: 'nb/ingest.ipynb', params: { nope: 1 } }] }, 400, /nope/, ''],
      [{ name: 'p', steps: [{ notebook: '../outside.ipynb' }] }, 400, /outside the workspace/, 'steps'],
      [
        { name: 'p', steps: [{ notebok: 'nb/ingest.ipynb' }] },
        400,
        /The request is not a pipeline definition: \/steps\/0 must have required property 'notebook'/,
        'file'
      ],
      [{ name: 'nightly', steps: [{ notebook: 'nb/ingest.ipynb' }] }, 409, /"nightly" exists already/, '']
    ];
    for (const [definition, status, message, field] of cases) {
      const answer = await request('POST', '/api/pipelines', definition);
      expect([answer.status, answer.body.error]).toEqual([status, expect.stringMatching(message)]);
      if (field) {
        expect(answer.body.field).toBe(field);
      }
    }
    expect((await pipelines()).map(view => view.pipeline.name)).toEqual(['nightly']);
    expect((await request('GET', '/api/jobs')).body).toEqual(jobsBefore);
  });
});
