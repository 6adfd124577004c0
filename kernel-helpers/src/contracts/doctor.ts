// Generated from schemas/doctor.schema.json by kernel-helpers/scripts/contracts.js (json-schema-to-typescript).
// Do not edit: change the schema, then `npm run build -w mlnb` (or `node kernel-helpers/scripts/contracts.js`).
// Types only, no code: the extension imports it too, and nothing of Node may reach the browser.

/**
 * The ML Joel test answered from the store: `mlnb doctor --json` and `GET /api/doctor`. Each question scores 1 (yes), 0.5 (partly) or 0 (no); the score is their sum.
 */
export interface DoctorReport {
  score: number;
  checkedAt: string;
  /**
   * The nine questions in order
   */
  answers: DoctorAnswer[];
}

export interface DoctorAnswer {
  number: number;
  question: string;
  answer: 'yes' | 'partly' | 'no';
  points: 0 | 0.5 | 1;
  /**
   * What the answer rests on: numbers, and the ids of runs, datasets, jobs, models
   */
  evidence: string[];
  /**
   * The one command or click that improves the answer
   */
  improve: string;
}
