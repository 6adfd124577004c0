import type { PipelineEdge } from '../../store/pipelines/types';

/** A step as the graph sees it: its name and the steps it depends on. */
export interface GraphStep {
  name: string;
  dependsOn: PipelineEdge[];
}

/**
 * The steps in an order where each comes after those it depends on (the given order where
 * free), or the cycle's names in running order when there is one: `["a", "b", "a"]` (a runs
 * before b, which runs before a).
 */
export function orderSteps<Step extends GraphStep>(steps: Step[]): { order: Step[] } | { cycle: string[] } {
  const byName = new Map(steps.map(step => [step.name, step]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: Step[] = [];
  const path: string[] = [];
  const visit = (step: Step): string[] | null => {
    if (state.get(step.name) === 'done') {
      return null;
    }
    if (state.get(step.name) === 'visiting') {
      // The path follows dependencies upstream; people read a cycle in the order steps run.
      return [...path.slice(path.indexOf(step.name)), step.name].reverse();
    }
    state.set(step.name, 'visiting');
    path.push(step.name);
    for (const edge of step.dependsOn) {
      const cycle = visit(byName.get(edge.step)!);
      if (cycle) {
        return cycle;
      }
    }
    path.pop();
    state.set(step.name, 'done');
    order.push(step);
    return null;
  };
  for (const step of steps) {
    const cycle = visit(step);
    if (cycle) {
      return { cycle };
    }
  }
  return { order };
}

/** The steps that depend on `name`, directly or through others. */
export function downstreamOf(steps: GraphStep[], name: string): Set<string> {
  const found = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const step of steps) {
      if (!found.has(step.name) && step.dependsOn.some(e => e.step === name || found.has(e.step))) {
        found.add(step.name);
        grew = true;
      }
    }
  }
  return found;
}
