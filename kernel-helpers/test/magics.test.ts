import { BUILTIN_MAGICS } from '../src/magics/builtin';
import { expandMagics } from '../src/magics/expand';
import { tablesOf } from '../src/magics/catalog';
import { createRegistry, MagicError } from '../src/magics/registry';

const expand = (source: string) => expandMagics(source, BUILTIN_MAGICS);

/** One test per [source, message]: expanding the source is refused with the message. */
const testRefusals = (cases: [string, string][]) =>
  test.each(cases)('%s is refused: %s', (source, message) => {
    expect(() => expand(source)).toThrow(message);
  });

describe('expandMagics', () => {
  test('leaves a cell without magics exactly as written', () => {
    const source = 'const rate = 10 % 3;\nconst s = `50%`;\n  x % y';
    expect(expand(source)).toBe(source);
  });

  test('replaces %mlnb with a call of the mlnb API, keeping line numbers and indentation', () => {
    const expanded = expand('const a = 1;\n  %mlnb\nconst b = 2;');
    expect(expanded).toBe('const a = 1;\n  mlnb.printInfo();\nconst b = 2;');
  });

  test('an unknown line magic names the magic and the known ones', () => {
    expect(() => expand('%foo bar')).toThrow(
      new MagicError(
        'Unknown magic %foo. Known magics: %%sql, %capture, %dataset, %hist, %log, %mlnb, %param, %run, %seed.'
      )
    );
  });

  test('an unknown cell magic is reported with its %% prefix', () => {
    expect(() => expand('%%sqlx\nselect 1')).toThrow(/Unknown magic %%sqlx/);
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
    expect(() => expand('%  ')).toThrow(/Line 1: "%" is not a magic/);
    expect(() => expand('%123')).toThrow(/is not a magic/);
  });

  test('%mlnb refuses arguments', () => {
    expect(() => expand('%mlnb extra')).toThrow('%mlnb takes no arguments (got "extra").');
  });
});

describe('the tracking magics', () => {
  test('%param declares a typed constant from mlnb.param, for each type', () => {
    expect(expand('%param lr: number = 0.01')).toBe('const lr: number = mlnb.param("lr", 0.01);');
    expect(expand("%param optimizer: string = 'adam'")).toBe(
      'const optimizer: string = mlnb.param("optimizer", "adam");'
    );
    expect(expand('%param shuffle: boolean = true')).toBe(
      'const shuffle: boolean = mlnb.param("shuffle", true);'
    );
    expect(expand('%param layers: json = [64, 32]')).toBe(
      'const layers: any = mlnb.param("layers", [64,32]);'
    );
  });

  testRefusals([
    ['%param lr = 0.01', '%param needs "name: type = value"'],
    ['%param lr: float = 0.01', 'unknown type "float"'],
    ['%param lr: number = fast', '%param lr: "fast" is not a number (e.g. 0.01).'],
    ['%param name: string = adam', '%param name: "adam" is not a string'],
    ['%param on: boolean = yes', 'is not a boolean']
  ]);

  test('%run new and %run tag', () => {
    expect(expand('%run new')).toBe('mlnb.run.new();');
    expect(expand('%run new  wider net ')).toBe('mlnb.run.new("wider net");');
    expect(expand('%run tag team=fraud stage=dev')).toBe(
      'mlnb.tag("team", "fraud"); mlnb.tag("stage", "dev");'
    );
    expect(() => expand('%run tag team')).toThrow('%run tag: "team" is not key=value.');
    expect(() => expand('%run stop')).toThrow('%run takes "new [name]" or "tag key=value ...", got "stop".');
  });

  test('%log logs any expression under a metric name', () => {
    expect(expand('%log val_acc 0.91')).toBe('mlnb.log({ ["val_acc"]: (0.91) });');
    expect(expand('%log acc correct / total')).toBe('mlnb.log({ ["acc"]: (correct / total) });');
    expect(() => expand('%log acc')).toThrow('%log needs a metric name and a value');
  });

  test('%capture off and on', () => {
    expect(expand('%capture off')).toBe('mlnb.capture(false);');
    expect(expand('%capture on')).toBe('mlnb.capture(true);');
    expect(() => expand('%capture maybe')).toThrow('%capture takes "on" or "off", got "maybe".');
  });

  test('%seed takes a whole number from 0 to 2^32 - 1', () => {
    expect(expand('%seed 42')).toBe('mlnb.seed(42);');
    expect(expand('%seed 4294967295')).toBe('mlnb.seed(4294967295);');
    for (const bad of ['-1', '1.5', '4294967296', 'abc', '']) {
      expect(() => expand(`%seed ${bad}`)).toThrow('%seed needs a whole number from 0 to 4294967295');
    }
  });
});

describe('catalog magics', () => {
  test.each([
    ['%dataset load penguins@2 as df', 'const df = await mlnb.catalog.load("penguins@2");'],
    ['%dataset load seattle-weather', 'const seattle_weather = await mlnb.catalog.load("seattle-weather");'],
    [
      '%dataset load flights as late --columns origin,delay --where "delay > 60" --limit 100',
      'const late = await mlnb.catalog.load("flights", {"columns":["origin","delay"],"where":"delay > 60","limit":100});'
    ],
    [
      '%dataset register df --name clean --tag a --tag b',
      'await mlnb.catalog.register(df, {"name":"clean","tags":["a","b"]});'
    ],
    [
      '%dataset register "data/my file.csv" --name raw --description "Raw | unfiltered"',
      'await mlnb.catalog.register("data/my file.csv", {"name":"raw","description":"Raw | unfiltered"});'
    ],
    ['%hist df', 'await mlnb.hist(df);'],
    ['%hist df age "body mass"', 'await mlnb.hist(df, ["age","body mass"]);']
  ])('%s expands to one line of API calls', (source, expected) => {
    expect(expand(source)).toBe(expected);
  });

  testRefusals([
    ['%dataset', '%dataset takes "load name[@version] [as var]"'],
    ['%dataset load', '%dataset load needs name[@version]'],
    ['%dataset load a as', '%dataset load needs name[@version]'],
    ['%dataset load a as 1x', '"1x" is not a variable name'],
    ['%dataset load a --limit ten', '--limit: "ten" is not a whole number of rows'],
    ['%dataset register df', "%dataset register: required option '--name <name>' not specified"],
    ['%dataset register df --name x --color red', "unknown option '--color'"],
    ['%dataset register df --name x | rm', 'quote text that contains shell symbols'],
    ['%hist', '%hist needs a table variable']
  ]);

  test('%%sql passes the tables that may be variables, and names the result with --out', () => {
    const expanded = expand('%%sql --out top\nSELECT * FROM penguins p JOIN "seattle-weather" w ON 1');
    expect(expanded).toContain(
      'const top = await mlnb.sql("SELECT * FROM penguins p JOIN \\"seattle-weather\\" w ON 1", {'
    );
    expect(expanded).toContain(
      "// @ts-ignore\n  penguins: typeof penguins === 'undefined' ? undefined : penguins,"
    );
    expect(expanded).not.toContain('seattle-weather:');
    expect(() => expand('%%sql\n')).toThrow('%%sql needs a query');
    expect(() => expand('%%sql --out 2x\nselect 1')).toThrow('"2x" is not a variable name');
  });

  test('tablesOf finds the tables after FROM and JOIN, not the names a WITH clause defines', () => {
    expect(
      tablesOf('WITH t AS (SELECT * FROM a) SELECT * FROM t JOIN "b@2" ON 1 LEFT JOIN [c] ON 1')
    ).toEqual(['a', 'b@2', 'c']);
  });
});
