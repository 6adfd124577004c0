import type { ParamType, ParamValue } from '../store/runs/types';

const NAME = /^[A-Za-z_][\w.\-/]*$/;

/** Checks a param, metric or tag name; throws a TypeError naming the problem. */
export function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new TypeError(
      `${kind} name ${JSON.stringify(name)} is not valid: use letters, digits, _ . - / and start with a letter or _.`
    );
  }
  return name;
}

/** The declared type of a value, as parameters and the run record know them. */
export function typeOf(value: unknown): ParamType {
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

export function paramValue(value: unknown): ParamValue {
  const type = typeOf(value);
  if (type === 'json') {
    try {
      JSON.stringify(value);
    } catch (error) {
      throw new TypeError(`a parameter value must be JSON-serializable: ${(error as Error).message}`);
    }
  }
  if (type === 'number' && !Number.isFinite(value as number)) {
    throw new TypeError(`a number parameter must be finite, not ${value}`);
  }
  return { type, value: value === undefined ? null : value };
}
