// Generates src/contracts/, the record and API body types of both packages, from the JSON Schemas
// in schemas/ with json-schema-to-typescript: one module per schema and an index. The build runs
// it; a test fails when the committed files differ from what the schemas give.
// Usage: node scripts/contracts.js [--check]
const fs = require('node:fs');
const path = require('node:path');
const { compile } = require('json-schema-to-typescript');
const prettier = require('prettier');

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const OUTPUT = path.join(__dirname, '..', 'src', 'contracts');

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
    '/properties/engine': 'JobEngine',
    '/$defs/dataTrigger': 'DataTrigger',
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
  'pipeline.schema.json': {
    '': 'PipelineRecord',
    '/properties/schedule/oneOf/1': 'JobSchedule',
    '/$defs/dataTrigger': 'DataTrigger',
    '/$defs/edge': 'PipelineEdge',
    '/$defs/step': 'PipelineStep',
    '/$defs/file': 'PipelineFile',
    '/$defs/stepRun': 'StepRun',
    '/$defs/stepRun/properties/status': 'StepStatus',
    '/$defs/run': 'PipelineRun',
    '/$defs/view': 'PipelineView',
    '/$defs/list': 'PipelineList'
  },
  'health.schema.json': { '': 'Health' },
  'incident.schema.json': {
    '': 'IncidentRecord',
    '/$defs/target': 'IncidentTarget',
    '/$defs/target/properties/kind': 'IncidentTargetKind',
    '/$defs/note': 'IncidentNote',
    '/$defs/affected': 'AffectedSet'
  },
  'doctor.schema.json': { '': 'DoctorReport', '/$defs/answer': 'DoctorAnswer' },
  'review.schema.json': {
    '': 'ReviewReport',
    '/$defs/finding': 'ReviewFinding',
    '/$defs/finding/properties/kind': 'FindingKind'
  },
  'api.schema.json': {},
  'serving.schema.json': {}
};

/**
 * Schemas the package validates with at run time (a *.pipeline.yaml, POST /api/pipelines): each
 * copied as is beside the types (data, not code), so that tsc puts it in dist/ and the npm
 * package, which ships no schemas/ folder, carries it.
 */
const EMBEDDED = ['pipeline.schema.json'];

/** The root of a file of $defs only: generated to reach its $defs, then left out. */
const UNNAMED = 'NotAContract';

const header =
  source => `// Generated from ${source} by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then \`npm run build -w mlnb\` (or \`node kernel-helpers/scripts/contracts.js\`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.
`;

/**
 * The modules' texts by file name: one per schema (`run.schema.json` gives `run.ts`) and
 * index.ts. A type two schemas both describe is declared by the first and imported by the other.
 */
async function generate() {
  const owners = new Map(); // type name -> { module, declaration }
  const modules = new Map(); // module -> text
  for (const [file, names] of Object.entries(NAMES)) {
    const module = file.replace(/\.schema\.json$/, '');
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
    const text = await compile(prepare(schema, names), '', {
      bannerComment: '',
      additionalProperties: false,
      unreachableDefinitions: true,
      strictIndexSignatures: false,
      format: true,
      cwd: SCHEMAS
    });
    const own = [];
    const imports = new Map(); // module -> names
    for (const declaration of splitDeclarations(text)) {
      const name = /^export (?:type|interface) (\w+)/m.exec(declaration)[1];
      const known = owners.get(name);
      if (!known) {
        owners.set(name, { module, declaration });
        own.push(declaration);
      } else if (withoutComments(known.declaration) !== withoutComments(declaration)) {
        throw new Error(
          `${file} defines ${name} unlike ${known.module} does: give one of them another name.`
        );
      } else {
        imports.set(known.module, [...(imports.get(known.module) ?? []), name]);
      }
    }
    const body = own.join('\n\n');
    const importLines = [...imports]
      .map(([from, used]) => [from, used.filter(name => new RegExp(`\\b${name}\\b`).test(body)).sort()])
      .filter(([, used]) => used.length > 0)
      .map(([from, used]) => `import type { ${used.join(', ')} } from './${from}';`);
    modules.set(
      `${module}.ts`,
      [header(`schemas/${file}`), ...importLines, importLines.length ? '' : null, body]
        .filter(part => part !== null)
        .join('\n')
    );
  }
  const index = Object.keys(NAMES).map(
    file => `export type * from './${file.replace(/\.schema\.json$/, '')}';`
  );
  modules.set('index.ts', [header('schemas/*.json'), ...index].join('\n'));
  for (const file of EMBEDDED) {
    modules.set(file, fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));
  }
  const options = await prettier.resolveConfig(path.join(OUTPUT, 'index.ts'));
  const formatted = new Map();
  for (const [name, text] of modules) {
    const parser = name.endsWith('.json') ? 'json' : 'typescript';
    formatted.set(name, await prettier.format(text + '\n', { ...options, parser }));
  }
  return formatted;
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
    // A string is the annotation; an object is a property named "title" (an incident has one).
    if (typeof node.title === 'string') {
      delete node.title;
    }
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
  const modules = await generate();
  if (process.argv.includes('--check')) {
    const present = fs.existsSync(OUTPUT) ? fs.readdirSync(OUTPUT) : [];
    const stale = [...new Set([...present, ...modules.keys()])].filter(
      name =>
        !modules.has(name) ||
        !present.includes(name) ||
        fs.readFileSync(path.join(OUTPUT, name), 'utf8') !== modules.get(name)
    );
    if (stale.length > 0) {
      console.error(
        `${stale.map(name => path.relative(ROOT, path.join(OUTPUT, name))).join(', ')}: not what schemas/ give. ` +
          'Run node kernel-helpers/scripts/contracts.js'
      );
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(OUTPUT, { recursive: true });
  for (const name of fs.readdirSync(OUTPUT).filter(name => !modules.has(name))) {
    fs.rmSync(path.join(OUTPUT, name));
  }
  for (const [name, text] of modules) {
    const file = path.join(OUTPUT, name);
    // Unchanged files keep their time stamps: tsc -b then has nothing to rebuild.
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) {
      fs.writeFileSync(file, text);
    }
  }
}

module.exports = { generate, OUTPUT };

if (require.main === module) {
  main().catch(error => {
    console.error(error.message);
    process.exit(1);
  });
}
