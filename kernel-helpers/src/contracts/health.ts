// Generated from schemas/health.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

/**
 * GET /api/health: which mlnb answers and which store it serves.
 */
export interface Health {
  version: string;
  store: {
    engine: 'sqlite' | 'postgres';
    /**
     * A file path, or a URL with its password masked.
     */
    location: string;
    /**
     * The store's identity, kept across copies.
     */
    id: string;
    schemaVersion: number;
  };
}
