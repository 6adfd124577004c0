/**
 * The rows of a scoring request, read from the formats MLflow's server and TF Serving accept,
 * checked against the model's features. Anything wrong is an InputError naming the field, which
 * the server answers with a 400.
 */

export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** MLflow's scoring keys (`POST /invocations`); exactly one per request. */
export const MLFLOW_KEYS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rows of `POST /invocations`: `dataframe_split`, `dataframe_records`, `instances` or `inputs`. */
export function mlflowRows(body: Json, features: readonly string[]): number[][] {
  const given = isObject(body) ? MLFLOW_KEYS.filter(k => k in body) : [];
  if (!isObject(body) || given.length !== 1) {
    throw new InputError(
      'body',
      `the body must be a JSON object with one of ${MLFLOW_KEYS.join(', ')}` +
        (given.length > 1 ? ` (it has ${given.join(' and ')})` : '') +
        '.'
    );
  }
  const key = given[0];
  const value = body[key];
  if (key === 'dataframe_split') {
    return splitRows(value, features);
  }
  if (key === 'dataframe_records') {
    return listRows(value, key, features, 'records');
  }
  return listRows(value, key, features, 'any');
}

/** Rows of TF Serving's `POST /v1/models/NAME:predict`: `instances` (rows) or `inputs` (columns). */
export function tfServingRows(body: Json, features: readonly string[]): number[][] {
  if (!isObject(body) || !('instances' in body || 'inputs' in body)) {
    throw new InputError('body', 'the body must be a JSON object with "instances" (or "inputs").');
  }
  return 'instances' in body
    ? listRows(body.instances, 'instances', features, 'any')
    : listRows(body.inputs, 'inputs', features, 'any');
}

/** `{columns, data}` (pandas' split orient): columns by name when given, else by position. */
function splitRows(value: Json, features: readonly string[]): number[][] {
  if (!isObject(value) || !Array.isArray(value.data)) {
    throw new InputError('dataframe_split.data', 'dataframe_split needs "data", a list of rows.');
  }
  const columns = value.columns;
  if (columns === undefined) {
    return nonEmpty(value.data, 'dataframe_split.data').map((row, i) =>
      positionalRow(row, `dataframe_split.data[${i}]`, features)
    );
  }
  if (!Array.isArray(columns) || columns.some(c => typeof c !== 'string')) {
    throw new InputError(
      'dataframe_split.columns',
      'dataframe_split.columns must be a list of column names.'
    );
  }
  const order = features.map(f => {
    const at = columns.indexOf(f);
    if (at < 0) {
      throw new InputError(
        `dataframe_split.columns`,
        `the column "${f}" is missing (${featureList(features)}).`
      );
    }
    return at;
  });
  return nonEmpty(value.data, 'dataframe_split.data').map((row, i) => {
    const field = `dataframe_split.data[${i}]`;
    if (!Array.isArray(row) || row.length !== columns.length) {
      throw new InputError(field, `row ${i} must be a list of ${columns.length} values, one per column.`);
    }
    return order.map((at, j) => numberAt(row[at], `${field}.${features[j]}`));
  });
}

/** A list of rows: records (`{feature: value}`), or also positional lists when `accept` is any. */
function listRows(
  value: Json,
  key: string,
  features: readonly string[],
  accept: 'records' | 'any'
): number[][] {
  if (accept === 'any' && isObject(value)) {
    return columnRows(value, key, features);
  }
  return nonEmpty(value, key).map((row, i) => {
    const field = `${key}[${i}]`;
    if (isObject(row)) {
      return recordRow(row, field, features);
    }
    if (accept === 'any') {
      return positionalRow(row, field, features);
    }
    throw new InputError(field, `row ${i} must be an object of feature values (${featureList(features)}).`);
  });
}

/** `{feature: [values…]}` (TF Serving's columnar `inputs`, MLflow's tensor dict). */
function columnRows(value: Record<string, Json>, key: string, features: readonly string[]): number[][] {
  const columns = features.map(f => {
    const column = value[f];
    if (column === undefined) {
      throw new InputError(`${key}.${f}`, `the feature "${f}" is missing (${featureList(features)}).`);
    }
    return nonEmpty(column, `${key}.${f}`);
  });
  unknownFields(value, key, features);
  const rows = columns[0].length;
  columns.forEach((c, j) => {
    if (c.length !== rows) {
      throw new InputError(
        `${key}.${features[j]}`,
        `every column needs ${rows} values; "${features[j]}" has ${c.length}.`
      );
    }
  });
  return Array.from({ length: rows }, (_, i) =>
    columns.map((c, j) => numberAt(c[i], `${key}.${features[j]}[${i}]`))
  );
}

function recordRow(row: Record<string, Json>, field: string, features: readonly string[]): number[] {
  unknownFields(row, field, features);
  return features.map(f => {
    if (!(f in row)) {
      throw new InputError(`${field}.${f}`, `the feature "${f}" is missing (${featureList(features)}).`);
    }
    return numberAt(row[f], `${field}.${f}`);
  });
}

function positionalRow(row: Json, field: string, features: readonly string[]): number[] {
  if (!Array.isArray(row)) {
    throw new InputError(
      field,
      `a row must be a list of ${features.length} numbers or an object of features.`
    );
  }
  if (row.length !== features.length) {
    throw new InputError(
      field,
      `the row has ${row.length} value${row.length === 1 ? '' : 's'}; the model takes ${features.length} (${featureList(features)}).`
    );
  }
  return row.map((v, j) => numberAt(v, `${field}.${features[j]}`));
}

function unknownFields(row: Record<string, Json>, field: string, features: readonly string[]): void {
  const unknown = Object.keys(row).find(k => !features.includes(k));
  if (unknown !== undefined) {
    throw new InputError(
      `${field}.${unknown}`,
      `"${unknown}" is not a feature of the model (${featureList(features)}).`
    );
  }
}

function numberAt(value: Json, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(field, `${field} must be a number; got ${JSON.stringify(value) ?? 'nothing'}.`);
  }
  return value;
}

function nonEmpty(value: Json, field: string): Json[] {
  if (!Array.isArray(value)) {
    throw new InputError(field, `${field} must be a list.`);
  }
  if (value.length === 0) {
    throw new InputError(field, `${field} is empty: send at least one row.`);
  }
  return value;
}

const featureList = (features: readonly string[]) => `features: ${features.map(f => `"${f}"`).join(', ')}`;
