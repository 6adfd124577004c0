/**
 * A run search's filter and order as the store reads them (runs/filter.ts parses them from
 * MLflow's filter language).
 */

export type FilterOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

export const RUN_ATTRIBUTES = [
  'status',
  'source',
  'name',
  'experiment',
  'user',
  'start_time',
  'end_time'
] as const;
export type RunAttribute = (typeof RUN_ATTRIBUTES)[number];

export type FilterKey =
  { kind: 'metric' | 'param' | 'tag'; name: string } | { kind: 'attribute'; name: RunAttribute };

export interface FilterTerm {
  key: FilterKey;
  op: FilterOperator;
  value: string | number;
}

/** `order_by`: `start_time DESC` (default), `metrics.val_acc DESC`, `params.lr`, `name ASC`. */
export interface RunOrder {
  key: FilterKey;
  descending: boolean;
}
