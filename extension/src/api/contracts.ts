/**
 * The record and body types of the mlnb service, generated from schemas/ into the `mlnb`
 * package (kernel-helpers/src/contracts). Types only: nothing of that package reaches the
 * browser bundle (TypeScript erases these imports before webpack runs).
 */
export type * from 'mlnb/dist/contracts';
