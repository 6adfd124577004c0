import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectValidDataset, vegaFile } from './helpers/datasets';
import { ENGINES } from './helpers/engines';
import { expectErrorAnswer } from './helpers/http';
import { serviceForSuite } from './helpers/service';

/** The catalog endpoints of a real service (Fastify's inject: the real routes, no socket). */
describe.each(ENGINES)('the datasets endpoints of the service (%s store)', engine => {
  const api = serviceForSuite(engine, root => {
    fs.mkdirSync(path.join(root, 'data'));
    fs.copyFileSync(vegaFile('seattle-weather.csv'), path.join(root, 'data', 'weather.csv'));
    fs.writeFileSync(path.join(api.outside, 'secret.csv'), 'a,b\n1,2\n');
    fs.symlinkSync(path.join(api.outside, 'secret.csv'), path.join(root, 'data', 'link.csv'));
  });
  const { call } = api;

  test('POST /api/datasets registers a file given relative to the Jupyter root (201, then 200 for the same content)', async () => {
    const created = await call('POST', '/api/datasets', {
      path: 'data/weather.csv',
      name: 'weather',
      tags: ['demo']
    });
    expect(created.status).toBe(201);
    expectValidDataset(created.body);
    expect(created.body.location).toBe(path.join(api.root, 'data', 'weather.csv'));
    const again = await call('POST', '/api/datasets', { path: 'data/weather.csv', name: 'weather' });
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
  });

  test.each([
    ['../secret.csv', 403],
    ['/etc/passwd', 403],
    ['data/link.csv', 403],
    ['data/none.csv', 404],
    ['data', 400]
  ])('POST /api/datasets refuses the path %s (%i) and registers nothing', async (file, status) => {
    const response = await call('POST', '/api/datasets', { path: file, name: 'escape' });
    expectErrorAnswer(response, status);
    expect((await call('GET', '/api/datasets/escape')).status).toBe(404);
  });

  test('GET /api/datasets searches as the panel types: prefixes, filters, snippet', async () => {
    const { body } = await call('GET', '/api/datasets?q=wea');
    expect(body.datasets.map((d: { name: string }) => d.name)).toEqual(['weather']);
    expect(body.datasets[0]).toMatchObject({ version: 1, format: 'csv', tags: ['demo'] });
    expect((await call('GET', '/api/datasets?q=wea&format=json')).body.datasets).toEqual([]);
    expect((await call('GET', '/api/datasets?format=xml')).status).toBe(400);
  });

  test('PATCH stores annotations as text (HTML included; the panel renders it inert) and notes are dated', async () => {
    const description = 'Weather <img src=x onerror="alert(1)"> <script>alert(2)</script>';
    const patched = await call('PATCH', '/api/datasets/weather', {
      description,
      columnNotes: { wind: 'm/s' }
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ description, columnNotes: { wind: 'm/s' } });
    const note = await call('POST', '/api/datasets/weather/notes', { text: 'Looks complete' });
    expect(note.status).toBe(201);
    expect(Date.parse(note.body.notes[0].time)).toBeGreaterThan(Date.now() - 60_000);
    expect((await call('PATCH', '/api/datasets/weather', { unknown: 1 })).status).toBe(400);
    expect((await call('PATCH', '/api/datasets/nothing', { owner: 'x' })).status).toBe(404);
  });

  test('GET /api/datasets/:name gives the latest or the asked version, and 404 with the known versions', async () => {
    expect((await call('GET', '/api/datasets/weather')).body.version).toBe(1);
    const missing = await call('GET', '/api/datasets/weather?version=3');
    expectErrorAnswer(missing, 404, 'its versions are 1');
  });
});
