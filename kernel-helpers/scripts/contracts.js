// Generates src/contracts/index.ts, the record and API body types of both packages, from the JSON
// Schemas in schemas/ with json-schema-to-typescript. The build runs it; a test fails when the
// committed file differs from what the schemas give.
// Usage: node scripts/contracts.js [--check | --stdout]
const fs = require('node:fs');
const path = require('node:path');
const { compile } = require('json-schema-to-typescript');
const prettier = require('prettier');

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const OUTPUT = path.join(__dirname, '..', 'src', 'contracts', 'index.ts');

/**
 * The TypeScript name of each part of a schema worth naming, by JSON pointer. What is not named
 * here stays inline in its parent, except api.schema.json's $defs, each named after its key.
 * Names follow the kernel's own (store/*\/types.ts), so a mirror there can re-export these.
 */
const NAMES = {
  'run.schema.json': {
    '': 'RunRecord',
    '/properties/status': 'RunStatus',
    '/properties/source': 'RunSource',
    '/properties/code': 'CodeVersion',
    '/properties/code/properties/git/oneOf/1': 'GitState',
    '/properties/cells/items': 'CellRecord',
    '/properties/environment': 'Environment',
    '/properties/params/additionalProperties': 'ParamValue',
    '/properties/params/additionalProperties/properties/type': 'ParamType',
    '/properties/metrics/additionalProperties/items': 'MetricEntry',
    '/properties/dataRefs/items': 'DataRef',
    '/properties/artifacts/items': 'ArtifactRecord'
  },
  'dataset.schema.json': {
    '': 'DatasetRecord',
    '/properties/format': 'DatasetFormat',
    '/properties/schema/items': 'SchemaColumn',
    '/properties/schema/items/properties/type': 'ColumnType',
    '/properties/badRows': 'BadRows',
    '/properties/annotations': 'DatasetAnnotations',
    '/properties/annotations/properties/notes/items': 'DatasetNote',
    '/properties/lineage': 'DatasetLineage',
    '/properties/lineage/properties/readBy/items': 'DatasetReader',
    '/properties/versions/items': 'DatasetVersionSummary',
    '/$defs/statistics': 'ColumnStatistics',
    '/$defs/statistics/properties/quantiles': 'Quantiles',
    '/$defs/histogram': 'Histogram'
  },
  'job.schema.json': {
    '': 'Job',
    '/properties/notebook': 'NotebookSnapshot',
    '/properties/parameters/additionalProperties': 'ParamValue',
    '/properties/parameters/additionalProperties/properties/type': 'ParamType',
    '/properties/schedule/oneOf/1': 'JobSchedule',
    '/properties/retries': 'RetryPolicy',
    '/properties/concurrency': 'ConcurrencyPolicy',
    '/$defs/gateResult': 'GateResult',
    '/$defs/attempt': 'AttemptRecord',
    '/$defs/attempt/properties/status': 'AttemptStatus'
  },
  'model.schema.json': {
    '': 'ModelRecord',
    '/$defs/stage': 'ModelStage',
    '/$defs/version': 'ModelVersion',
    '/$defs/version/properties/artifact': 'ModelArtifact',
    '/$defs/stageChange': 'StageChange',
    '/$defs/evaluation': 'ModelEvaluation',
    '/$defs/evaluation/properties/measure/oneOf/1': 'MeasureResult'
  },
  'health.schema.json': { '': 'Health' },
  'api.schema.json': {}
};

/** The root of a file of $defs only: generated to reach its $defs, then left out. */
const UNNAMED = 'NotAContract';

const HEADER = `// Generated from schemas/*.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then \`npm run build -w mlnb\` (or \`node kernel-helpers/scripts/contracts.js\`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.
`;

/** The TypeScript text of every schema, one declaration per name. */
async function generate() {
  const declarations = new Map();
  for (const [file, names] of Object.entries(NAMES)) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
    const text = await compile(prepare(schema, names), '', {
      bannerComment: '',
      additionalProperties: false,
      unreachableDefinitions: true,
      strictIndexSignatures: false,
      format: true,
      cwd: SCHEMAS
    });
    for (const declaration of splitDeclarations(text)) {
      const name = /^export (?:type|interface) (\w+)/m.exec(declaration)[1];
      const known = declarations.get(name);
      if (known && withoutComments(known) !== withoutComments(declaration)) {
        throw new Error(`${file} defines ${name} unlike another schema does: give one of them another name.`);
      }
      if (!known) {
        declarations.set(name, declaration);
      }
    }
  }
  const source = HEADER + '\n' + [...declarations.values()].join('\n\n') + '\n';
  const options = await prettier.resolveConfig(OUTPUT);
  return prettier.format(source, { ...options, parser: 'typescript' });
}

/**
 * A copy of the schema the generator can name from: titles only where NAMES (or an api $defs
 * key) gives one, and $refs to plain values (a time, an id, a sha256) written out in place.
 */
function prepare(schema, names) {
  const copy = JSON.parse(JSON.stringify(schema));
  const defs = copy.$defs ?? {};
  const plain = new Set(Object.keys(defs).filter(key => isPlainValue(defs[key])));
  const visit = node => {
    if (Array.isArray(node)) {
      return node.map(visit);
    }
    if (!node || typeof node !== 'object') {
      return node;
    }
    delete node.title;
    delete node.$id;
    delete node.$schema;
    const ref = /^#\/\$defs\/(\w+)$/.exec(node.$ref ?? '');
    if (ref && plain.has(ref[1])) {
      const rest = { ...node };
      delete rest.$ref;
      return visit({ ...JSON.parse(JSON.stringify(defs[ref[1]])), ...rest });
    }
    for (const key of Object.keys(node)) {
      node[key] = visit(node[key]);
    }
    return node;
  };
  const prepared = visit(copy);
  for (const key of plain) {
    delete prepared.$defs[key];
  }
  const named = { ...names };
  if (!prepared.type && prepared.$defs) {
    // A file of $defs only (api.schema.json): each is a named type; the root is not one.
    for (const key of Object.keys(prepared.$defs)) {
      named[`/$defs/${key}`] ??= key[0].toUpperCase() + key.slice(1);
    }
    prepared.type = 'object';
    prepared.title = UNNAMED;
  }
  for (const [pointer, name] of Object.entries(named)) {
    const node = at(prepared, pointer);
    if (!node) {
      throw new Error(`NAMES: nothing at ${pointer} to call ${name}`);
    }
    node.title = name;
  }
  return prepared;
}

function isPlainValue(def) {
  return ['string', 'integer', 'number', 'boolean'].includes(def.type) && !def.enum;
}

function at(schema, pointer) {
  return pointer
    .split('/')
    .slice(1)
    .reduce(
      (node, key) => (node === undefined ? undefined : node[key.replace(/~1/g, '/').replace(/~0/g, '~')]),
      schema
    );
}

/** The top-level declarations with their doc comments, minus the generator's "referenced by" notes. */
function splitDeclarations(text) {
  const parts = [];
  let commented = false;
  const lines = text
    .replace(REFERENCED_BY, (_, start) => (start === '/**\n' ? '/**\n' : ''))
    .replace(/\/\*\*\n \*\/\n/g, '')
    .split('\n');
  for (const line of lines) {
    // Formatted output: only top-level comments and declarations start at column 0.
    if (line.startsWith('/**') || (line.startsWith('export ') && !commented) || parts.length === 0) {
      parts.push([]);
    }
    parts[parts.length - 1].push(line);
    commented = line === ' */' || (line.startsWith('/**') && line.endsWith('*/'));
  }
  return parts
    .map(part => part.join('\n').trim())
    .filter(part => /^export (?:type|interface) \w+/m.test(part) && !part.includes(`interface ${UNNAMED} `));
}

// Alone in a comment, or after a description and an empty line.
const REFERENCED_BY = /(\/\*\*\n| \*\n) \* This interface was referenced by [^\n]*\n \* via the [^\n]*\n/g;

function withoutComments(declaration) {
  return declaration.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ');
}

async function main() {
  const text = await generate();
  if (process.argv.includes('--stdout')) {
    process.stdout.write(text);
    return;
  }
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      console.error(
        `${path.relative(ROOT, OUTPUT)} is not what schemas/ give: run node kernel-helpers/scripts/contracts.js`
      );
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  if (!fs.existsSync(OUTPUT) || fs.readFileSync(OUTPUT, 'utf8') !== text) {
    fs.writeFileSync(OUTPUT, text);
  }
}

module.exports = { generate, OUTPUT };

if (require.main === module) {
  main().catch(error => {
    console.error(error.message);
    process.exit(1);
  });
}
