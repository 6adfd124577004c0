import * as fs from 'node:fs';
import * as path from 'node:path';
import { useRecorder } from '../../src/api';
import { RunRecorder } from '../../src/capture/recorder';
import { openStore } from '../../src/store/engine/open';
import type { Store } from '../../src/store/engine/store';
import { createTestStore, Engine, TestStore } from './engines';
import { tempDir } from './env';

/** What `recordingForSuite` gives a suite. */
export interface SuiteRecording {
  /** A fresh temporary folder: the recorder's working folder, whose .mlnb holds a SQLite store. */
  readonly dir: string;
  /** What MLNB_STORE names, for a CLI or a service that should find the same store. */
  readonly target: string;
  readonly store: Store;
  /** The active recorder of the notebook API (`mlnb.log`, `evaluate`, `models`). */
  readonly recorder: RunRecorder;
}

/**
 * A real `engine` store and a batch RunRecorder made the notebook API's active one, for the
 * enclosing suite (beforeAll/afterAll): what a notebook's calls record lands in that store.
 * `env` adds to MLNB_STORE (e.g. MLNB_ARTIFACTS, given the folder). After the suite, the
 * recorder's run is finished (if the suite has not), the store closed and dropped, the folder removed.
 */
export function recordingForSuite(
  engine: Engine = 'sqlite',
  env: (dir: string) => Record<string, string> = () => ({})
): SuiteRecording {
  // Filled in by beforeAll; the suite reads it as a SuiteRecording.
  const state = {} as { dir: string; target: string; store: Store; recorder: RunRecorder; made: TestStore };
  beforeAll(async () => {
    state.dir = tempDir();
    state.made = await createTestStore(engine, path.join(state.dir, '.mlnb'));
    state.target = state.made.target;
    state.store = await openStore({ env: { MLNB_STORE: state.target, ...env(state.dir) } });
    state.recorder = new RunRecorder({
      cwd: state.dir,
      source: 'batch',
      store: state.store,
      warn: () => undefined
    });
    useRecorder(state.recorder);
  });
  afterAll(async () => {
    await state.recorder.finish('finished');
    await state.store.close();
    await state.made.drop();
    fs.rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}
