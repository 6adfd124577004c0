import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../store/runs/types';

export interface ArtifactFile {
  /** The path under the MLflow run's artifacts (the path under mlnb's run folder). */
  relative: string;
  file: string;
}

/** The run's artifact files (model folders walked), as MLflow lays out a run's artifacts. */
export function artifactFiles(artifactRoot: string, run: RunRecord): ArtifactFile[] {
  const files: ArtifactFile[] = [];
  const walk = (file: string, relative: string) => {
    if (!fs.existsSync(file)) {
      return; // A file removed since: nothing to send.
    }
    if (fs.statSync(file).isDirectory()) {
      for (const name of fs.readdirSync(file).sort()) {
        walk(path.join(file, name), `${relative}/${name}`);
      }
    } else {
      files.push({ relative, file });
    }
  };
  for (const artifact of run.artifacts) {
    // Kept under `<run id>/…` (or a job's folder): MLflow's run folder is the run's own already.
    const relative = artifact.path.startsWith(`${run.id}/`)
      ? artifact.path.slice(run.id.length + 1)
      : path.posix.basename(artifact.path);
    walk(path.join(artifactRoot, artifact.path), relative);
  }
  return files;
}
