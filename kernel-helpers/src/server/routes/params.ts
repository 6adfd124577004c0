/** What the routes' path parameters look like, checked by Fastify before a handler runs. */

/** A record id (runs, jobs, pipelines): 32 hexadecimal digits. */
export const HEX_ID = '^[0-9a-f]{32}$';

/** A dataset or model name: letters, digits, '_', '.', '-', starting with a letter or digit. */
export const ENTITY_NAME = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';

/** The schema of a route's path parameters, each a string matching its pattern. */
export function pathParams(patterns: Record<string, string>) {
  return {
    type: 'object',
    required: Object.keys(patterns),
    properties: Object.fromEntries(
      Object.entries(patterns).map(([name, pattern]) => [name, { type: 'string', pattern }])
    )
  };
}
