import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tslabTypescript from '@tslab/typescript-for-tslab';
import { createConverter } from 'tslab/dist/converter';
import { plainDocComments, readDeclarationsWithoutDocs } from '../src/runner/doc-comments';
import { typescript } from '../src/typescript';
import { PACKAGE_ROOT } from '../src/version';
import { tempDir } from './helpers/env';

describe('doc comments in declarations', () => {
  test('each JSDoc opener becomes a plain comment in place; everything else stays', () => {
    const text = [
      '/** doc */ declare const a: 1;',
      '/**/ declare const b: 2; /***/',
      'declare const c: \'/** not a comment */\' | "/**" | `/**${string}/**`;',
      'type T = `${`/**`}`; // a line comment /** too',
      "declare const d: { e: `${'}'}/**` }; /* plain /** */",
      '/**',
      ' * @deprecated',
      ' */',
      'declare function f(): void;'
    ].join('\n');
    const plain = plainDocComments(text);
    expect(plain).toHaveLength(text.length);
    expect(plain.split('\n')).toEqual([
      '/*  doc */ declare const a: 1;',
      '/**/ declare const b: 2; /* */',
      'declare const c: \'/** not a comment */\' | "/**" | `/**${string}/**`;',
      'type T = `${`/**`}`; // a line comment /** too',
      "declare const d: { e: `${'}'}/**` }; /* plain /** */",
      '/* ',
      ' * @deprecated',
      ' */',
      'declare function f(): void;'
    ]);
  });

  test('TypeScript parses the same declarations, with no JSDoc left', () => {
    const ts = typescript();
    const file = require.resolve('@types/node/fs.d.ts');
    const text = fs.readFileSync(file, 'utf8');
    const nodes = (source: string) => {
      const found: string[] = [];
      let jsDoc = 0;
      const visit = (node: import('@tslab/typescript-for-tslab').Node) => {
        jsDoc += (node as { jsDoc?: unknown[] }).jsDoc?.length ?? 0;
        found.push(`${node.kind}:${node.pos}:${node.end}`);
        ts.forEachChild(node, visit);
      };
      visit(ts.createSourceFile(file, source, ts.ScriptTarget.ES2022));
      return { found, jsDoc };
    };
    const original = nodes(text);
    const plain = nodes(plainDocComments(text));
    expect(original.jsDoc).toBeGreaterThan(100);
    expect(plain.jsDoc).toBe(0);
    expect(plain.found).toEqual(original.found);
  });

  test("tslab's converter reports the same diagnostics reading declarations without doc comments", () => {
    const ts = tslabTypescript; // the instance tslab's converter uses (in jest's module registry)
    const dir = tempDir();
    const cwd = process.cwd();
    const readFile = ts.sys.readFile;
    const cells = [
      `import * as mlnb from ${JSON.stringify(PACKAGE_ROOT)};`,
      "import * as fs from 'fs';\nconst n: number = fs.readFileSync('x', 'utf8');",
      'const b = new Buffer(4); // deprecated: a suggestion, not an error',
      "mlnb.log({ loss: 'high' });\nconst d: Date = `${1}`;",
      'process.exit("1");\nconst u = new URL(1);'
    ];
    const diagnosticsOf = () => {
      const converter = createConverter({ isJS: false, isBrowser: false });
      try {
        let declarations = '';
        return cells.map(cell => {
          const out = converter.convert(declarations, cell);
          declarations = out.declOutput ?? declarations;
          return out.diagnostics;
        });
      } finally {
        converter.close();
      }
    };
    try {
      process.chdir(dir);
      const withDocs = diagnosticsOf();
      const read: string[] = [];
      ts.sys.readFile = (file, encoding) => (read.push(file), readFile(file, encoding));
      readDeclarationsWithoutDocs(ts.sys);
      const withoutDocs = diagnosticsOf();
      expect(read).toContainEqual(expect.stringMatching(/@types\/node\/fs\.d\.ts$/));
      expect(withDocs.flat().length).toBeGreaterThan(3);
      expect(withoutDocs).toEqual(withDocs);
    } finally {
      ts.sys.readFile = readFile;
      process.chdir(cwd);
      fs.rmSync(path.join(dir), { recursive: true, force: true });
    }
  });
});
