import { declaredParameters, parametersCellConstants, parseParameterArgs } from '../src/runner/parameters';
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
});
