import { resolveModelVersion } from '../models/resolve';
import type { Store } from '../store/engine/store';
import { parseModelRef, type ModelStage } from '../store/models/types';
import { loadServedModel, type ServedModel } from './served-model';

/**
 * The version a reference names, loaded, and kept current when the reference is a stage: `check`
 * loads the version now in that stage beside the one serving and swaps it in once it is ready,
 * so requests never wait for a load. A version whose files fail their sha256 is refused (once,
 * with a message) and the previous version keeps serving.
 */
export class ModelSlot {
  private checking: Promise<void> | null = null;
  private refused = new Set<number>();

  private constructor(
    private readonly store: Store,
    private readonly cwd: string,
    readonly name: string,
    public current: ServedModel,
    /** The stage followed; null when a version number was given (or none: the latest). */
    readonly following: ModelStage | null,
    private readonly tell: (message: string) => void
  ) {}

  /** Loads what `ref` names now; a ModelError when there is none or its files fail their check. */
  static async open(
    store: Store,
    ref: string,
    cwd: string,
    tell: (message: string) => void
  ): Promise<ModelSlot> {
    const parsed = parseModelRef(ref);
    const version = await resolveModelVersion(store, ref);
    const loaded = await loadServedModel(store, version, cwd);
    return new ModelSlot(store, cwd, parsed.name, loaded, parsed.stage ?? null, tell);
  }

  /** Looks for a new version in the followed stage (one check at a time); resolves once swapped or not. */
  check(): Promise<void> {
    if (!this.following) {
      return Promise.resolve();
    }
    this.checking ??= this.swapIfPromoted(this.following).finally(() => (this.checking = null));
    return this.checking;
  }

  private async swapIfPromoted(stage: ModelStage): Promise<void> {
    const next = await this.store.models.version(this.name, stage);
    if (!next || next.version === this.current.version.version || this.refused.has(next.version)) {
      return;
    }
    try {
      const loaded = await loadServedModel(this.store, next, this.cwd);
      const before = this.current.version.version;
      this.current = loaded;
      this.tell(`${this.name}@${next.version} (${stage}) now answers; it replaced version ${before}.`);
    } catch (error) {
      this.refused.add(next.version);
      this.tell(
        `${this.name}@${next.version} was not loaded, version ${this.current.version.version} keeps serving: ` +
          (error as Error).message
      );
    }
  }
}
