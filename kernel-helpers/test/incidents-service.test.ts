import { openStore } from '../src/store/engine/open';
import { ENGINES } from './helpers/engines';
import { runCli } from './helpers/env';
import { expectErrorAnswer, listenToEvents } from './helpers/http';
import { buildLineage } from './helpers/lineage-graph';
import { expectFollowsSchema } from './helpers/schemas';
import { serviceForSuite } from './helpers/service';

/** GET/POST/PATCH /api/incidents and GET /api/doctor of a real service, on both engines. */
describe.each(ENGINES)('the incidents endpoints (%s store)', engine => {
  let lineage: Awaited<ReturnType<typeof buildLineage>>;
  const api = serviceForSuite(engine, async (root, target) => {
    const store = await openStore({ env: { MLNB_STORE: target } });
    lineage = await buildLineage(store, root);
    await store.close();
  });
  const { call } = api;

  test('POST opens an incident (201) with what it affects and announces it; PATCH notes and resolves it', async () => {
    const listening = await listenToEvents(api.socket, 'incident-changed');
    const opened = await call('POST', '/api/incidents', {
      target: 'raw@1',
      title: '<b>bad</b> rows',
      note: 'seen in the plot'
    });
    expect(opened.status).toBe(201);
    expectFollowsSchema('incident', opened.body);
    expect(opened.body.affected.models).toEqual(['churn@1']);
    await listening.seen;
    listening.stop();
    expect(listening.events).toContainEqual({ type: 'incident-changed', id: opened.body.id });
    const listed = await call('GET', '/api/incidents?status=open');
    expect(listed.body.incidents.map((i: { id: string }) => i.id)).toContain(opened.body.id);
    const noted = await call('PATCH', `/api/incidents/${opened.body.id}`, { note: 'a fix is coming' });
    expect(noted.body.notes.map((n: { text: string }) => n.text)).toEqual([
      'seen in the plot',
      'a fix is coming'
    ]);
    const resolved = await call('PATCH', `/api/incidents/${opened.body.id.slice(0, 6)}`, {
      status: 'resolved'
    });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    const again = await call('PATCH', `/api/incidents/${opened.body.id}`, { status: 'resolved' });
    expectErrorAnswer(again, 409, 'was resolved already');
  });

  test('bad bodies are 400 naming the field; unknown targets and ids are 404; nothing is stored', async () => {
    const before = (await call('GET', '/api/incidents')).body.incidents.length;
    const blank = await call('POST', '/api/incidents', { target: 'raw@1', title: '   ' });
    expectErrorAnswer(blank, 400, 'title');
    const extra = await call('POST', '/api/incidents', { target: 'raw@1', title: 't', severity: 'high' });
    expectErrorAnswer(extra, 400, 'additional properties');
    const unknown = await call('POST', '/api/incidents', { target: 'nothing@9', title: 't' });
    expectErrorAnswer(unknown, 404, '"nothing@9" names no dataset version');
    expect((await call('GET', '/api/incidents/abcdef')).status).toBe(404);
    expect((await call('PATCH', '/api/incidents/abcdef', { status: 'open' })).status).toBe(400);
    expect((await call('GET', '/api/incidents')).body.incidents).toHaveLength(before);
  });

  test('GET /api/doctor answers the nine questions for the served store', async () => {
    const report = await call('GET', '/api/doctor');
    expect(report.status).toBe(200);
    expectFollowsSchema('doctor', report.body);
    expect(report.body.answers.map((a: { number: number }) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('the CLI: open, show, the flag in runs/datasets/models show, resolve; bad input exits 2 and stores nothing', () => {
    const env = { MLNB_STORE: api.target };
    const cli = (...args: string[]) => runCli(args, { cwd: api.root, env });
    const opened = cli('incidents', 'open', lineage.features, '--title', 'leaky feature', '--json');
    expect(opened.status).toBe(0);
    const id = JSON.parse(opened.stdout).id as string;
    expect(cli('runs', 'show', lineage.train).stdout).toContain(
      `AFFECTED by open incident ${id} "leaky feature"`
    );
    expect(cli('datasets', 'show', lineage.features).stdout).toContain(`AFFECTED by open incident ${id}`);
    expect(cli('models', 'show', 'churn').stdout).toContain(`AFFECTED by open incident ${id}`);
    expect(cli('models', 'show', 'fraud').stdout).not.toContain('AFFECTED');
    const promote = cli('models', 'promote', 'churn@1', '--stage', 'production');
    expect(promote.status).toBe(2);
    expect(promote.stderr).toContain(`is affected by open incident ${id}`);
    const show = cli('incidents', 'show', id.slice(0, 5));
    expect(show.stdout).toContain('target:   dataset features@1');
    expect(show.stdout).toContain('affects:  1 dataset version, 1 run, 1 model version, 1 job');
    for (const [args, message] of [
      [['incidents', 'open', 'gone@1', '--title', 't'], '"gone@1" names no dataset version'],
      [['incidents', 'open', 'raw@1', '--title', ' '], '--title is empty'],
      [['incidents', 'resolve', 'ffffffffffff'], 'No incident ffffffffffff']
    ] as const) {
      const refused = cli(...args);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(message);
    }
    expect(cli('incidents', 'resolve', id, '--note', 'rebuilt').status).toBe(0);
    const twice = cli('incidents', 'resolve', id);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('was resolved already');
    expect(cli('runs', 'show', lineage.train).stdout).not.toContain('AFFECTED');
    const all = JSON.parse(cli('incidents', 'list', '--all', '--json').stdout) as {
      id: string;
      notes: unknown[];
    }[];
    expect(all.find(i => i.id === id)!.notes).toHaveLength(1);
  });
});
