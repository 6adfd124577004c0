import { Command, CommanderError } from 'commander';
import { parse as parseShellWords } from 'shell-quote';
import { API_IDENTIFIER, CellMagic, LineMagic, MagicError } from './registry';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Shell-like words ("quoted text" stays one word); operators such as `|` are refused. */
function words(args: string, magic: string): string[] {
  return parseShellWords(args).map(word => {
    if (typeof word !== 'string') {
      throw new MagicError(`${magic}: quote text that contains shell symbols such as | > & ; ( ).`);
    }
    return word;
  });
}

/** Parses options with commander, as the CLI does, turning its errors into a MagicError. */
function parseOptions(command: Command, argv: string[], magic: string): Command {
  command
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
    .allowExcessArguments(false);
  try {
    return command.parse(argv, { from: 'user' });
  } catch (error) {
    const message = (error as CommanderError).message.replace(/^error: /, '');
    throw new MagicError(`${magic}: ${message}`);
  }
}

/** A variable name for a dataset loaded without `as`: `seattle-weather` → `seattle_weather`. */
function variableFor(name: string): string {
  const cleaned = name.replace(/[^\w$]/g, '_');
  return /^\d/.test(cleaned) ? `_${cleaned}` : cleaned;
}

function expandLoad(rest: string[]): string {
  const options = parseOptions(
    new Command('%dataset load')
      .argument('[ref]')
      .argument('[as]')
      .argument('[variable]')
      .option('--columns <names>', 'comma-separated')
      .option('--where <condition>')
      .option('--limit <rows>'),
    rest,
    '%dataset load'
  );
  const [ref, as, variable] = options.args;
  if (!ref || (as !== undefined && (as !== 'as' || !variable))) {
    throw new MagicError(
      '%dataset load needs name[@version] [as variable] [--columns a,b] [--where "condition"] [--limit N], e.g. %dataset load penguins@2 as df.'
    );
  }
  const target = variable ?? variableFor(ref.split('@')[0]);
  if (!IDENTIFIER.test(target)) {
    throw new MagicError(`%dataset load: "${target}" is not a variable name.`);
  }
  const { columns, where, limit } = options.opts<{ columns?: string; where?: string; limit?: string }>();
  if (limit !== undefined && !/^\d+$/.test(limit)) {
    throw new MagicError(`%dataset load --limit: "${limit}" is not a whole number of rows.`);
  }
  const slice = {
    columns: columns
      ?.split(',')
      .map(c => c.trim())
      .filter(Boolean),
    where,
    limit: limit === undefined ? undefined : Number(limit)
  };
  const args = [ref, ...((columns ?? where ?? limit) ? [slice] : [])].map(a => JSON.stringify(a));
  return `const ${target} = await ${API_IDENTIFIER}.catalog.load(${args.join(', ')});`;
}

function expandRegister(rest: string[]): string {
  const options = parseOptions(
    new Command('%dataset register')
      .argument('<data>')
      .requiredOption('--name <name>')
      .option('--description <text>')
      .option('--owner <owner>')
      .option('--tag <tag>', 'repeatable', (value: string, previous: string[]) => [...previous, value], []),
    rest,
    '%dataset register'
  );
  const [data] = options.args;
  const { name, description, owner, tag } = options.opts<{
    name: string;
    description?: string;
    owner?: string;
    tag: string[];
  }>();
  // A variable holds a DataFrame; anything else (data/x.csv, "my file.json") is a path.
  const source = IDENTIFIER.test(data) ? data : JSON.stringify(data);
  const settings = JSON.stringify({ name, description, owner, tags: tag.length ? tag : undefined });
  return `await ${API_IDENTIFIER}.catalog.register(${source}, ${settings});`;
}

/**
 * `%dataset load name[@version] [as var] [--columns a,b] [--where "cond"] [--limit N]` gives a
 * danfo DataFrame (recorded as an input of the run); `%dataset register <dataframe|path> --name N [--description D] [--tag T]` catalogs data.
 */
export const datasetMagic: LineMagic = {
  name: 'dataset',
  summary: 'the catalog: %dataset load name[@version] [as df], %dataset register df|path --name N',
  expand(args) {
    const [verb, ...rest] = words(args, '%dataset');
    if (verb === 'load') {
      return expandLoad(rest);
    }
    if (verb === 'register') {
      return expandRegister(rest);
    }
    throw new MagicError(
      `%dataset takes "load name[@version] [as var]" or "register df|path --name N", got "${args}".`
    );
  }
};

/** `%hist df [columns...]`: feature histograms of a table, drawn with Plotly. */
export const histMagic: LineMagic = {
  name: 'hist',
  summary: 'histograms of a table: %hist df [column ...]',
  expand(args) {
    const [table, ...columns] = words(args, '%hist');
    if (!table || !IDENTIFIER.test(table)) {
      throw new MagicError(
        `%hist needs a table variable, then optional column names, e.g. %hist df age income.`
      );
    }
    return `await ${API_IDENTIFIER}.hist(${table}${columns.length ? `, ${JSON.stringify(columns)}` : ''});`;
  }
};

/** The tables a query reads (after FROM and JOIN), unquoted. */
export function tablesOf(sql: string): string[] {
  const names = new Set<string>();
  // Names a WITH clause defines are the query's own, not tables to load.
  const defined = new Set([...sql.matchAll(/\b([A-Za-z_]\w*)\s+as\s*\(/gi)].map(m => m[1].toLowerCase()));
  for (const match of sql.matchAll(/\b(?:from|join)\s+("[^"]+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_][\w.@-]*)/gi)) {
    const name = match[1].replace(/^["`[]|["`\]]$/g, '');
    if (!defined.has(name.toLowerCase())) {
      names.add(name);
    }
  }
  return [...names];
}

/**
 * `%%sql [--out var]`: SQL (DuckDB's dialect) over the DataFrames in scope and the
 * catalog's datasets by name; shows the result as a table and, with --out, keeps it as a DataFrame.
 */
export const sqlMagic: CellMagic = {
  name: 'sql',
  summary: 'SQL over DataFrames and catalog datasets: %%sql [--out df]',
  expand(args, body) {
    const options = parseOptions(
      new Command('%%sql').option('--out <variable>'),
      words(args, '%%sql'),
      '%%sql'
    );
    const out = options.opts<{ out?: string }>().out;
    if (out !== undefined && !IDENTIFIER.test(out)) {
      throw new MagicError(`%%sql --out: "${out}" is not a variable name.`);
    }
    if (!body.trim()) {
      throw new MagicError('%%sql needs a query below its first line.');
    }
    // Names that are variables in scope are passed as tables; the rest are looked up in the
    // catalog. A name that is not declared would be a compile error, hence the ts-ignore.
    const scope = tablesOf(body)
      .filter(name => IDENTIFIER.test(name))
      .map(name => `  // @ts-ignore\n  ${name}: typeof ${name} === 'undefined' ? undefined : ${name},\n`);
    const call = `await ${API_IDENTIFIER}.sql(${JSON.stringify(body)}, {\n${scope.join('')}})`;
    return out ? `const ${out} = ${call};` : `void (${call});`;
  }
};
