/**
 * The record and body types of the mlnb service, generated from schemas/ into the `mlnb`
 * package (kernel-helpers/src/contracts). Types only: TypeScript erases these imports before
 * webpack runs. (The one runtime module the extension takes from `mlnb` is the pure chart
 * builder catalog/figure, shared with `%hist`.)
 */
export type * from 'mlnb/dist/contracts';
