import type { FeedbackRequest, FeedbackResponse, LiveMetric } from '../contracts';
import type { Store } from '../store/engine/store';
import { InputError } from './input';
import type { Reading } from './served-model';

/** A prediction kept until its true label comes back. */
interface Kept {
  version: number;
  reading: Reading;
  labels: string[] | null;
}

/** The running sums of one version's live metric. */
interface Tally {
  count: number;
  correct: number;
  squaredError: number;
}

/**
 * The feedback loop: recent predictions by request id (the newest `capacity`), and per version
 * the live accuracy (classifiers) or RMSE (regression) over the true labels received, each new
 * value appended to the version's live metric series in the registry.
 */
export class FeedbackLoop {
  private readonly kept = new Map<string, Kept>();
  private readonly tallies = new Map<number, Tally>();

  constructor(
    private readonly store: Store,
    private readonly model: string,
    private readonly capacity = 100_000
  ) {}

  keep(requestId: string, version: number, reading: Reading, labels: string[] | null): void {
    if (this.kept.size >= this.capacity) {
      this.kept.delete(this.kept.keys().next().value as string); // the oldest
    }
    this.kept.set(requestId, { version, reading, labels });
  }

  /** Scores one feedback body; throws InputError (400) for a bad body, `unknown` when the id is not kept. */
  async receive(body: unknown): Promise<FeedbackResponse | 'unknown'> {
    const feedback = feedbackOf(body);
    const kept = this.kept.get(feedback.requestId);
    if (!kept) {
      return 'unknown';
    }
    const tally = this.tallies.get(kept.version) ?? { count: 0, correct: 0, squaredError: 0 };
    let correct: boolean | null = null;
    let error: number | null = null;
    if (kept.labels) {
      const truth = trueIndex(feedback, kept.labels);
      correct = truth === kept.reading.index;
    } else {
      if (typeof feedback.value !== 'number') {
        throw new InputError('value', 'a regression model needs "value", the true number.');
      }
      error = (kept.reading.value ?? 0) - feedback.value;
    }
    this.kept.delete(feedback.requestId); // one label per prediction
    tally.count += 1;
    tally.correct += correct ? 1 : 0;
    tally.squaredError += (error ?? 0) ** 2;
    this.tallies.set(kept.version, tally);
    const live: LiveMetric = {
      version: kept.version,
      key: kept.labels ? 'live_accuracy' : 'live_rmse',
      value: kept.labels ? tally.correct / tally.count : Math.sqrt(tally.squaredError / tally.count),
      count: tally.count,
      at: new Date().toISOString()
    };
    await this.store.models.logLiveMetric(this.model, live);
    return { requestId: feedback.requestId, version: kept.version, correct, error, live };
  }
}

function feedbackOf(body: unknown): FeedbackRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      'body',
      'the body must be a JSON object: {"requestId": …, "label": …} (or "value").'
    );
  }
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find(k => !['requestId', 'label', 'value'].includes(k));
  if (unknown) {
    throw new InputError(unknown, `"${unknown}" is not a feedback field (requestId, label, value).`);
  }
  if (typeof b.requestId !== 'string' || b.requestId === '') {
    throw new InputError('requestId', 'requestId must be the id a prediction was answered with.');
  }
  if (b.label === undefined && b.value === undefined) {
    throw new InputError('label', 'give the true "label" (or "value" for a regression model).');
  }
  if (b.label !== undefined && typeof b.label !== 'string' && !Number.isInteger(b.label)) {
    throw new InputError('label', 'label must be a class name or its index.');
  }
  if (b.value !== undefined && (typeof b.value !== 'number' || !Number.isFinite(b.value))) {
    throw new InputError('value', 'value must be a number.');
  }
  return b as unknown as FeedbackRequest;
}

function trueIndex(feedback: FeedbackRequest, labels: string[]): number {
  const { label } = feedback;
  const index = typeof label === 'number' ? label : label === undefined ? -1 : labels.indexOf(label);
  if (index < 0 || index >= labels.length) {
    throw new InputError('label', `"${label ?? ''}" is not a label of the model (${labels.join(', ')}).`);
  }
  return index;
}
