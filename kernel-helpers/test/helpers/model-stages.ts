import type { ModelRecord, StageChange } from '../../src/store/models/types';

// Apart from models.ts, which loads tfjs: the store's suites read stages without a model.

/** A model's versions with their stages, newest first: `v2 production`. */
export const stagesOf = (model: ModelRecord): string[] => model.versions.map(v => `v${v.version} ${v.stage}`);

/** Stage changes (a promotion's, or a model's history) in their order: `v1 production → archived`. */
export const movesOf = (changes: StageChange[]): string[] =>
  changes.map(c => `v${c.version} ${c.from} → ${c.to}`);
