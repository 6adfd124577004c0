// Generated from schemas/*.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

export type * from './run';
export type * from './dataset';
export type * from './job';
export type * from './model';
export type * from './pipeline';
export type * from './health';
export type * from './incident';
export type * from './doctor';
export type * from './review';
export type * from './api';
export type * from './serving';
