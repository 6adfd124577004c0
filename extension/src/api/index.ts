/** The one client of the mlnb service: every endpoint, typed with the contracts from schemas/. */
export * from './client';
export type * from './contracts';
export { subscribeToChanges } from './events';
export { problemOf, ServiceError } from './request';
