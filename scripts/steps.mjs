// Small helpers for the setup steps: run a command loudly, and skip a step whose inputs have not
// changed since it last succeeded (a stamp file holds the hash of its inputs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const VENV = path.join(ROOT, '.venv');
export const VENV_BIN = path.join(VENV, 'bin');
export const AIRFLOW_VENV = path.join(ROOT, '.venv-airflow');
const STAMPS = path.join(ROOT, '.setup');

/** Runs a command with inherited output; exits the whole script when it fails. */
export function sh(command, args, options = {}) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    console.error(`\nsetup: "${command} ${args.join(' ')}" failed (${why}).`);
    process.exit(result.status || 1);
  }
}

/** The hash of files and folders (recursively), by content, ignoring build outputs. */
export function hashInputs(inputs) {
  const hash = createHash('sha256');
  const visit = p => {
    if (!fs.existsSync(p)) {
      hash.update(`missing:${p}`);
      return;
    }
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        if (!['node_modules', 'lib', 'dist', '.ipynb_checkpoints'].includes(name)) {
          visit(path.join(p, name));
        }
      }
    } else {
      hash.update(`${path.relative(ROOT, p)}\0`).update(fs.readFileSync(p));
    }
  };
  inputs.map(i => path.join(ROOT, i)).forEach(visit);
  return hash.digest('hex');
}

/**
 * Runs `step.run()` unless its inputs hash to the value stamped after its last success and
 * `step.done()` (what it produces is there) holds.
 */
export function runStep(step) {
  const stamp = path.join(STAMPS, `${step.id}.sha256`);
  const digest = hashInputs(step.inputs);
  const previous = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
  if (previous === digest && step.done()) {
    console.log(`setup: ${step.title}: up to date`);
    return;
  }
  console.log(`setup: ${step.title}…`);
  const started = Date.now();
  step.run();
  fs.mkdirSync(STAMPS, { recursive: true });
  fs.writeFileSync(stamp, hashInputs(step.inputs));
  console.log(`setup: ${step.title}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
