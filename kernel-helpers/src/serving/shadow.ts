import type { ShadowAgreement } from '../contracts';
import type { Store } from '../store/engine/store';
import type { Reading } from './served-model';
import { ModelSlot } from './slot';

/** Regression values agree when they differ by at most this share of the serving value (or of 1). */
const VALUE_TOLERANCE = 0.01;

/**
 * Shadow mode: a second version (`name@staging`, followed like the serving one) scores the same
 * rows after the answer is sent; how often it chose what the serving version did is counted.
 */
export class Shadow {
  private compared = 0;
  private agreed = 0;

  private constructor(readonly slot: ModelSlot) {}

  static async open(
    store: Store,
    ref: string,
    cwd: string,
    tell: (message: string) => void
  ): Promise<Shadow> {
    return new Shadow(await ModelSlot.open(store, ref, cwd, message => tell(`shadow: ${message}`)));
  }

  /** The shadow's readings of `rows`, counted against the serving version's. */
  compare(rows: number[][], serving: Reading[]): Reading[] {
    const model = this.slot.current;
    const readings = model.read(model.predict(rows));
    readings.forEach((r, i) => {
      this.compared += 1;
      this.agreed += agree(r, serving[i]) ? 1 : 0;
    });
    return readings;
  }

  agreement(): ShadowAgreement {
    return {
      model: this.slot.name,
      version: this.slot.current.version.version,
      compared: this.compared,
      agreed: this.agreed,
      agreement: this.compared === 0 ? null : this.agreed / this.compared
    };
  }
}

function agree(a: Reading, b: Reading): boolean {
  if (a.label !== null || b.label !== null) {
    return a.label === b.label;
  }
  const scale = Math.max(1, Math.abs(b.value ?? 0));
  return Math.abs((a.value ?? 0) - (b.value ?? 0)) <= VALUE_TOLERANCE * scale;
}
