import type { NewModelVersion } from '../src/store/models/types';
import { ENGINES, storePerTest } from './helpers/engines';
import { movesOf, stagesOf } from './helpers/model-stages';

const version = (name: string, n: number, passed?: boolean): NewModelVersion => ({
  name,
  runId: null,
  artifact: { path: `run${n}/model`, sha256: `sha${n}`, bytes: 100 + n },
  evaluation:
    passed === undefined
      ? null
      : ({ measure: { metric: 'f1_macro', atLeast: 0.8, value: passed ? 0.9 : 0.5, passed } } as never),
  createdBy: 'ada'
});

/** The registry's storage contract, the same on both engines. */
describe.each(ENGINES)('the model registry in a %s store', engine => {
  const t = storePerTest(engine);

  test('versions number from 1 per model; the record keeps artifact, sha256 and the measure', async () => {
    const first = await t.store.models.register(version('churn', 1, true));
    const second = await t.store.models.register(version('churn', 2, false));
    await t.store.models.register(version('fraud', 3));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second).toMatchObject({
      name: 'churn',
      stage: 'none',
      artifact: { path: 'run2/model', sha256: 'sha2', bytes: 102 },
      measurePassed: false,
      createdBy: 'ada'
    });
    expect((await t.store.models.version('fraud', 1))?.measurePassed).toBeNull();
    const list = await t.store.models.list();
    expect(list.map(m => [m.name, m.latestVersion, m.versionCount])).toEqual(
      expect.arrayContaining([
        ['churn', 2, 2],
        ['fraud', 1, 1]
      ])
    );
  });

  test('production holds one version: the one it replaces is archived, and the history says who and why', async () => {
    for (let n = 1; n <= 2; n++) {
      await t.store.models.register(version('churn', n, true));
    }
    await t.store.models.setStage('churn', 1, { stage: 'production', by: 'ada' });
    const moves = await t.store.models.setStage('churn', 2, {
      stage: 'production',
      by: 'bob',
      reason: 'better'
    });
    expect(movesOf(moves)).toEqual(['v1 production → archived', 'v2 none → production']);
    expect((await t.store.models.version('churn', 'production'))?.version).toBe(2);
    const model = (await t.store.models.get('churn'))!;
    expect(stagesOf(model)).toEqual(['v2 production', 'v1 archived']);
    // Newest first, and within one millisecond in the order they were made.
    expect(movesOf(model.history)).toEqual([
      'v2 none → production',
      'v1 production → archived',
      'v1 none → production'
    ]);
    expect(model.history.map(h => h.by)).toEqual(['bob', 'bob', 'ada']);
    await expect(t.store.models.setStage('churn', 9, { stage: 'staging', by: 'ada' })).rejects.toThrow(
      'churn has no version 9.'
    );
  });

  test('registrations at the same time get distinct version numbers', async () => {
    const versions = await Promise.all(
      Array.from({ length: 8 }, (_, n) => t.store.models.register(version('churn', n + 1)))
    );
    expect(versions.map(v => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('changedSince names the models registered or moved after a time', async () => {
    const before = Date.now() - 1;
    await t.store.models.register(version('churn', 1));
    expect((await t.store.models.changedSince(before)).map(c => c.name)).toEqual(['churn']);
    expect(await t.store.models.changedSince(Date.now() + 1000)).toEqual([]);
  });

  test('a live metric series per version keeps its order; model servers are kept until they stop', async () => {
    await t.store.models.register(version('churn', 1));
    await t.store.models.register(version('churn', 2));
    const at = '2026-12-03T00:00:00.000Z';
    for (const [v, value, count] of [
      [2, 1, 1],
      [1, 0.5, 1],
      [2, 0.5, 2],
      [2, 2 / 3, 3]
    ]) {
      await t.store.models.logLiveMetric('churn', { version: v, key: 'live_accuracy', value, count, at });
    }
    expect((await t.store.models.liveMetrics('churn')).map(p => [p.version, p.value, p.count])).toEqual([
      [1, 0.5, 1],
      [2, 1, 1],
      [2, 0.5, 2],
      [2, 2 / 3, 3]
    ]);
    const status = {
      model: 'churn',
      version: 2,
      stage: 'production',
      following: 'production',
      warm: true,
      address: 'http://127.0.0.1:5001/',
      startedAt: at,
      heartbeatAt: new Date().toISOString(),
      shadow: null
    };
    await t.store.models.saveServer(status);
    await t.store.models.saveServer({ ...status, version: 3 });
    expect(await t.store.models.servers('churn', Date.now() - 60_000)).toEqual([{ ...status, version: 3 }]);
    expect(await t.store.models.servers('churn', Date.now() + 60_000)).toEqual([]);
    await t.store.models.removeServer(status.address);
    expect(await t.store.models.servers('churn', 0)).toEqual([]);
  });
});
