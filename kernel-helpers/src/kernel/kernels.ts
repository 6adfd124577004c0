/** An mlnb kernel, and the tslab kernel whose notebooks it runs as they are. */
export interface MlnbKernel {
  name: string;
  displayName: string;
  language: 'typescript' | 'javascript';
  /** tslab's kernel of the same language (its notebooks run on this one unchanged). */
  tslabTwin: string;
}

export const MLNB_KERNELS: readonly MlnbKernel[] = [
  { name: 'mlnb', displayName: 'TypeScript (mlnb)', language: 'typescript', tslabTwin: 'tslab' },
  { name: 'mlnb-js', displayName: 'JavaScript (mlnb)', language: 'javascript', tslabTwin: 'jslab' }
];

/** The mlnb kernel called `name`, or the one matching tslab's kernel of that name. */
export function matchingKernel(name: string): MlnbKernel | undefined {
  return MLNB_KERNELS.find(k => k.name === name || k.tslabTwin === name);
}

/** The names `-k` accepts, for messages. */
export function kernelNames(): string {
  return MLNB_KERNELS.flatMap(k => [k.name, k.tslabTwin]).join(', ');
}
