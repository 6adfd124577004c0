import type * as TS from '@tslab/typescript-for-tslab';
import { typescript } from '../typescript';
import { parseParamLiteral } from '../magics/tracking';
import type { ParamType } from '../store/runs/types';
import { cellSource, hasTag, Notebook, PARAMETERS_TAG } from './notebook';

export interface DeclaredParameter {
  name: string;
  type: ParamType;
  default: unknown;
  /** Where it is declared: the `parameters` cell (a const) or a `%param` line. */
  from: 'parameters-cell' | 'magic';
}

/** A parameter value that does not fit its declaration; exit code 2, nothing executed. */
export class ParameterError extends Error {}

const PARAM_LINE = /^\s*%param\s+([A-Za-z_$][\w$]*)\s*:\s*(\w+)\s*=\s*(.+?);?\s*$/gm;

/** The parameters a notebook declares, in its `parameters` cell and with `%param`. */
export function declaredParameters(notebook: Notebook): Map<string, DeclaredParameter> {
  const declared = new Map<string, DeclaredParameter>();
  for (const param of cellConstants(parametersCellSource(notebook))) {
    declared.set(param.name, param);
  }
  for (const param of magicParameters(notebook)) {
    declared.set(param.name, param);
  }
  return declared;
}

/** The source of the notebook's `parameters` cell (its first code cell tagged so), if any. */
export function parametersCellSource(notebook: Notebook): string | null {
  const cell = notebook.cells.find(c => c.cell_type === 'code' && hasTag(c, PARAMETERS_TAG));
  return cell ? cellSource(cell) : null;
}

/** The parameters `%param` lines declare, anywhere in the notebook (no TypeScript needed). */
export function magicParameters(notebook: Notebook): DeclaredParameter[] {
  const found: DeclaredParameter[] = [];
  for (const cell of notebook.cells.filter(c => c.cell_type === 'code')) {
    for (const [, name, type, text] of cellSource(cell).matchAll(PARAM_LINE)) {
      if (['number', 'string', 'boolean', 'json'].includes(type)) {
        found.push({ name, type: type as ParamType, default: safeLiteral(name, type, text), from: 'magic' });
      }
    }
  }
  return found;
}

/**
 * What the run's params are made of: the parameters cell's literal values when the parent read
 * them already (`defaults`, when values were given and checked), else the cell's source and the
 * names `%param` lines declare, for the child to read (it loads TypeScript anyway, and the
 * parent loading it too would slow the child's start-up). Either way, read once per run.
 */
export type ParametersCell =
  | { source: null; magicNames: []; defaults: Record<string, unknown> }
  | { source: string | null; magicNames: string[]; defaults?: undefined };

/**
 * A run's params: the parameters cell's literal values, except names a `%param` line declares
 * too (`mlnb.param` records those as they run), then the given values, which win.
 */
export function runParams(cell: ParametersCell, given: Record<string, unknown>): Record<string, unknown> {
  if (cell.defaults) {
    return { ...cell.defaults, ...given };
  }
  const cellValues = new Map<string, DeclaredParameter>();
  for (const param of cellConstants(cell.source)) {
    cellValues.set(param.name, param);
  }
  for (const name of cell.magicNames) {
    cellValues.delete(name);
  }
  const defaults = [...cellValues.values()]
    .filter(p => p.default !== undefined)
    .map(p => [p.name, p.default]);
  return { ...Object.fromEntries(defaults), ...given };
}

function cellConstants(parametersCell: string | null): DeclaredParameter[] {
  return parametersCell === null ? [] : parametersCellConstants(parametersCell);
}

function safeLiteral(name: string, type: string, text: string): unknown {
  try {
    return parseParamLiteral(name, type, text);
  } catch {
    return undefined; // The kernel reports a bad %param when the cell runs.
  }
}

/** Top-level `const name = literal` (or let/var) in a parameters cell, typed by the literal. */
export function parametersCellConstants(source: string): DeclaredParameter[] {
  const ts = typescript();
  const file = ts.createSourceFile('parameters.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: DeclaredParameter[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) {
      continue;
    }
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) {
        continue;
      }
      const literal = literalOf(declaration.initializer);
      if (literal) {
        found.push({ name: declaration.name.text, ...literal, from: 'parameters-cell' });
      }
    }
  }
  return found;
}

function literalOf(node: TS.Expression): { type: ParamType; default: unknown } | undefined {
  const ts = typescript();
  if (ts.isNumericLiteral(node)) {
    return { type: 'number', default: Number(node.text) };
  }
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return { type: 'number', default: -Number(node.operand.text) };
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return { type: 'string', default: node.text };
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
    return { type: 'boolean', default: node.kind === ts.SyntaxKind.TrueKeyword };
  }
  if (ts.isArrayLiteralExpression(node) || ts.isObjectLiteralExpression(node)) {
    try {
      return { type: 'json', default: JSON.parse(node.getText()) };
    } catch {
      return { type: 'json', default: undefined };
    }
  }
  return undefined;
}

/**
 * Checks typed values (JSON, as a job or `--params-json` hands them over) against the
 * declarations: the name is declared and the value has the declared type. No text is re-read.
 */
export function checkParameterValues(
  values: Record<string, unknown>,
  declared: Map<string, DeclaredParameter>
): Record<string, unknown> {
  for (const [name, value] of Object.entries(values)) {
    const param = declared.get(name);
    if (!param) {
      const known = [...declared.keys()].sort().join(', ') || 'none';
      throw new ParameterError(`The notebook declares no parameter "${name}" (its parameters: ${known}).`);
    }
    const fits =
      param.type === 'json' ||
      (param.type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : typeof value === param.type);
    if (!fits || value === undefined) {
      throw new ParameterError(
        `"${name}" is a ${param.type} parameter, and ${JSON.stringify(value)} is not a ${param.type}.`
      );
    }
  }
  return values;
}

/**
 * Parses `-p name=value` pairs against the declared parameters: values are read by the
 * declared type (number, string, boolean, JSON). Throws ParameterError naming the parameter
 * and the expected type.
 */
export function parseParameterArgs(
  pairs: string[],
  declared: Map<string, DeclaredParameter>
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new ParameterError(`-p ${pair}: a parameter is given as name=value, e.g. -p epochs=10.`);
    }
    const name = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1);
    const param = declared.get(name);
    if (!param) {
      const known = [...declared.keys()].sort();
      throw new ParameterError(
        `-p ${name}: the notebook declares no parameter "${name}". ` +
          (known.length
            ? `Its parameters: ${known.join(', ')}.`
            : 'It declares none (tag a cell "parameters" or use %param).')
      );
    }
    values[name] = parseTyped(param, text);
  }
  return values;
}

function parseTyped(param: DeclaredParameter, text: string): unknown {
  const fail = (example: string) => {
    const shown = param.default === undefined ? example : JSON.stringify(param.default);
    return new ParameterError(
      `-p ${param.name}=${text}: "${param.name}" is a ${param.type} parameter (e.g. ${param.name}=${shown}).`
    );
  };
  switch (param.type) {
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) {
        throw fail('0.01');
      }
      return value;
    }
    case 'boolean':
      if (!['true', 'false'].includes(text.toLowerCase())) {
        throw fail('true');
      }
      return text.toLowerCase() === 'true';
    case 'string':
      return text;
    default:
      try {
        return JSON.parse(text);
      } catch {
        throw fail('[64,32]');
      }
  }
}
