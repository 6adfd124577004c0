import { MAX_SEED } from '../capture/seeded-random';
import { API_IDENTIFIER, LineMagic, MagicError } from './registry';

const PARAM_TYPES: Record<string, string> = {
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  json: 'any'
};

/** A literal of the declared type, as JSON, or a MagicError saying what was expected. */
export function parseParamLiteral(name: string, type: string, text: string): unknown {
  const fail = () =>
    new MagicError(`%param ${name}: ${JSON.stringify(text)} is not a ${type} (e.g. ${EXAMPLES[type]}).`);
  switch (type) {
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) {
        throw fail();
      }
      return value;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') {
        throw fail();
      }
      return text === 'true';
    case 'string': {
      const single = /^'((?:[^'\\]|\\.)*)'$/.exec(text);
      if (single) {
        return single[1].replace(/\\'/g, "'");
      }
      try {
        const value = JSON.parse(text);
        if (typeof value === 'string') {
          return value;
        }
      } catch {
        // Not a JSON string either.
      }
      throw fail();
    }
    default:
      try {
        return JSON.parse(text);
      } catch {
        throw fail();
      }
  }
}

const EXAMPLES: Record<string, string> = {
  number: '0.01',
  string: '"adam"',
  boolean: 'true',
  json: '[64, 32]'
};

/** `%param name: type = value`: a typed pipeline parameter, overridable by `mlnb run -p`. */
export const paramMagic: LineMagic = {
  name: 'param',
  summary: 'declare a typed parameter: %param lr: number = 0.01',
  expand(args, language) {
    const match = /^([A-Za-z_$][\w$]*)\s*:\s*(\w+)\s*=\s*(.+)$/.exec(args);
    if (!match) {
      throw new MagicError(
        `%param needs "name: type = value" (types: number, string, boolean, json), got "${args}".`
      );
    }
    const [, name, type, text] = match;
    if (!(type in PARAM_TYPES)) {
      throw new MagicError(`%param ${name}: unknown type "${type}"; use number, string, boolean or json.`);
    }
    const value = parseParamLiteral(name, type, text.trim().replace(/;$/, ''));
    const declared = language === 'javascript' ? name : `${name}: ${PARAM_TYPES[type]}`;
    return `const ${declared} = ${API_IDENTIFIER}.param(${JSON.stringify(name)}, ${JSON.stringify(value)});`;
  }
};

/** `%run new [name]` starts another run; `%run tag k=v ...` tags the current one. */
export const runMagic: LineMagic = {
  name: 'run',
  summary: 'start a run or tag it: %run new [name], %run tag key=value',
  expand(args) {
    const [verb, ...rest] = args.split(/\s+/).filter(Boolean);
    if (verb === 'new') {
      const name = args.slice(3).trim();
      return `${API_IDENTIFIER}.run.new(${name ? JSON.stringify(name) : ''});`;
    }
    if (verb === 'tag') {
      if (rest.length === 0) {
        throw new MagicError('%run tag needs key=value pairs, e.g. %run tag team=fraud.');
      }
      return rest
        .map(pair => {
          const eq = pair.indexOf('=');
          if (eq <= 0) {
            throw new MagicError(`%run tag: "${pair}" is not key=value.`);
          }
          return `${API_IDENTIFIER}.tag(${JSON.stringify(pair.slice(0, eq))}, ${JSON.stringify(pair.slice(eq + 1))});`;
        })
        .join(' ');
    }
    throw new MagicError(`%run takes "new [name]" or "tag key=value ...", got "${args}".`);
  }
};

/** `%log key expression`: logs one metric value (the next step of that metric). */
export const logMagic: LineMagic = {
  name: 'log',
  summary: 'log a metric: %log val_acc 0.91',
  expand(args) {
    const match = /^(\S+)\s+(.+)$/.exec(args);
    if (!match) {
      throw new MagicError(`%log needs a metric name and a value, e.g. %log val_acc 0.91, got "${args}".`);
    }
    return `${API_IDENTIFIER}.log({ [${JSON.stringify(match[1])}]: (${match[2]}) });`;
  }
};

/** `%capture off|on`: pause or resume the recording of executed cells. */
export const captureMagic: LineMagic = {
  name: 'capture',
  summary: 'pause or resume the recording of cells: %capture off|on',
  expand(args) {
    if (args !== 'on' && args !== 'off') {
      throw new MagicError(`%capture takes "on" or "off", got "${args}".`);
    }
    return `${API_IDENTIFIER}.capture(${args === 'on'});`;
  }
};

/** `%seed N`: Math.random restarts from N (see `mlnb.seed`). */
export const seedMagic: LineMagic = {
  name: 'seed',
  summary: 'seed Math.random for this and later runs: %seed 42',
  expand(args) {
    const seed = Number(args);
    if (!/^\d+$/.test(args) || seed > MAX_SEED) {
      throw new MagicError(`%seed needs a whole number from 0 to ${MAX_SEED}, e.g. %seed 42, got "${args}".`);
    }
    return `${API_IDENTIFIER}.seed(${seed});`;
  }
};
