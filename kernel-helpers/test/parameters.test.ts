import {
  declaredParameters,
  magicParameters,
  parametersCellConstants,
  parametersCellSource,
  parseParameterArgs,
  runParams
} from '../src/runner/parameters';
import { injectParameters } from '../src/runner/inject';
import type { Notebook } from '../src/runner/notebook';
import { code } from './helpers/notebooks';

const notebook = (cells: object[]) =>
  ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }) as unknown as Notebook;

describe('parameters', () => {
  test('a parameters cell declares its top-level literal constants, typed by the literal', () => {
    const found = parametersCellConstants(
      "const epochs = 10;\nlet rate = -0.5;\nconst name = 'net';\nconst tpl = `x`;\nconst on = false;\n" +
        'const sizes = [1, 2];\nconst cfg = { "a": 1 };\nconst computed = epochs * 2;\nfunction f() { const inner = 1; }'
    );
    expect(found.map(p => [p.name, p.type, p.default])).toEqual([
      ['epochs', 'number', 10],
      ['rate', 'number', -0.5],
      ['name', 'string', 'net'],
      ['tpl', 'string', 'x'],
      ['on', 'boolean', false],
      ['sizes', 'json', [1, 2]],
      ['cfg', 'json', { a: 1 }]
    ]);
  });

  test('%param lines anywhere in the notebook declare parameters too', () => {
    const declared = declaredParameters(
      notebook([code('p', 'const epochs = 1;', ['parameters']), code('a', 'x();\n%param lr: number = 0.1\n')])
    );
    expect([...declared.values()].map(p => [p.name, p.type, p.from])).toEqual([
      ['epochs', 'number', 'parameters-cell'],
      ['lr', 'number', 'magic']
    ]);
  });

  test('-p values are read by their declared type', () => {
    const declared = declaredParameters(
      notebook([code('p', "const n = 1;\nconst s = 'a';\nconst b = true;\nconst j = [1];", ['parameters'])])
    );
    expect(parseParameterArgs(['n=2.5', 's=42', 'b=FALSE', 'j={"k":[1,2]}', 's=a=b'], declared)).toEqual({
      n: 2.5,
      s: 'a=b',
      b: false,
      j: { k: [1, 2] }
    });
  });

  test('the injected cell follows the parameters cell and replaces an earlier one', () => {
    const source = notebook([
      code('md', 'first'),
      code('p', 'const n = 1;', ['parameters']),
      code('old', 'const n = 5;', ['injected-parameters']),
      code('z', 'n')
    ]);
    const declared = declaredParameters(source);
    const injected = injectParameters(source, { n: 7 }, declared);
    expect(injected.cells.map(c => c.id)).toEqual(['md', 'p', 'injected-parameters', 'z']);
    expect(injected.cells[2].source).toBe('// Parameters injected by mlnb run\nconst n = 7;');
  });

  test('without a parameters cell the injected cell goes first', () => {
    const source = notebook([code('a', '%param lr: number = 0.1'), code('b', 'lr')]);
    const injected = injectParameters(source, { lr: 0.5 }, declaredParameters(source));
    expect(injected.cells[0].source).toBe('// Parameters injected by mlnb run\n// %param lr = 0.5');
  });

  test("a run's params: the parameters cell's literal values, less %param names, then the -p values", () => {
    const source = notebook([
      code('a', '%param lr: number = 0.1\n%param odd: foo = 1'),
      code(
        'p',
        "const epochs = 3;\nconst lr = 0.5;\nconst odd = 'x';\nconst twice = epochs * 2;\nlet neg = -1;",
        ['parameters']
      ),
      code('q', 'const later = 1;', ['parameters'])
    ]);
    const magicNames = magicParameters(source).map(p => p.name);
    expect(magicNames).toEqual(['lr']);
    const params = runParams({ source: parametersCellSource(source), magicNames }, { epochs: 7, lr: 0.2 });
    expect(params).toEqual({ epochs: 7, odd: 'x', neg: -1, lr: 0.2 });
    expect(Object.keys(params)).toEqual(['epochs', 'odd', 'neg', 'lr']);
    // What the parameters cell declares (not declared by %param) is what the run records.
    const declared = declaredParameters(source);
    const fromCell = [...declared.values()].filter(
      p => p.from === 'parameters-cell' && p.default !== undefined
    );
    expect(Object.keys(runParams({ source: parametersCellSource(source), magicNames }, {}))).toEqual(
      fromCell.map(p => p.name)
    );
    expect(runParams({ source: null, magicNames: [] }, { n: 1 })).toEqual({ n: 1 });
  });
});
