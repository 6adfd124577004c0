import { BUILTIN_MAGICS } from '../src/magics/builtin';
import { expandMagics } from '../src/magics/expand';
import { createRegistry, MagicError } from '../src/magics/registry';

describe('expandMagics', () => {
  test('leaves a cell without magics exactly as written', () => {
    const source = 'const rate = 10 % 3;\nconst s = `50%`;\n  x % y';
    expect(expandMagics(source, BUILTIN_MAGICS)).toBe(source);
  });

  test('replaces %mlnb with a call of the mlnb API, keeping line numbers and indentation', () => {
    const expanded = expandMagics('const a = 1;\n  %mlnb\nconst b = 2;', BUILTIN_MAGICS);
    expect(expanded).toBe('const a = 1;\n  mlnb.printInfo();\nconst b = 2;');
  });

  test('an unknown line magic names the magic and the known ones', () => {
    expect(() => expandMagics('%foo bar', BUILTIN_MAGICS)).toThrow(
      new MagicError('Unknown magic %foo. Known magics: %capture, %log, %mlnb, %param, %run.')
    );
  });

  test('an unknown cell magic is reported with its %% prefix', () => {
    expect(() => expandMagics('%%sqlx\nselect 1', BUILTIN_MAGICS)).toThrow(/Unknown magic %%sqlx/);
  });

  test('a cell magic below the first line is refused with its line number', () => {
    const registry = createRegistry([], [{ name: 'sql', summary: '', expand: () => '' }]);
    expect(() => expandMagics('const a = 1;\n%%sql', registry)).toThrow(
      'Line 2: the cell magic %%sql must be the first line of its cell.'
    );
  });

  test('a cell magic receives its arguments and the rest of the cell', () => {
    const registry = createRegistry(
      [],
      [
        {
          name: 'echo',
          summary: '',
          expand: (args, body) => `console.log(${JSON.stringify(args + '|' + body)});`
        }
      ]
    );
    expect(expandMagics('\n%%echo --out r\nselect 1\nfrom t', registry)).toBe(
      'console.log("--out r|select 1\\nfrom t");'
    );
  });

  test('a line starting with % that is no magic name is explained', () => {
    expect(() => expandMagics('%  ', BUILTIN_MAGICS)).toThrow(/Line 1: "%" is not a magic/);
    expect(() => expandMagics('%123', BUILTIN_MAGICS)).toThrow(/is not a magic/);
  });

  test('%mlnb refuses arguments', () => {
    expect(() => expandMagics('%mlnb extra', BUILTIN_MAGICS)).toThrow(
      '%mlnb takes no arguments (got "extra").'
    );
  });
});
