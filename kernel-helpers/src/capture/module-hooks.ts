import Module from 'node:module';

type Patch = (exported: unknown, request: string) => void;

const patches = new Map<string, Patch>();
const patched = new WeakSet<object>();
let installed = false;

/**
 * Calls `patch` on the exports of `request` the first time user code loads it (and once per
 * distinct module instance: a package installed twice is patched twice). This is how autolog
 * reaches tfjs and danfo without any code in the notebook.
 */
export function onModuleLoad(requests: string[], patch: Patch): void {
  for (const request of requests) {
    patches.set(request, patch);
  }
  if (installed) {
    return;
  }
  installed = true;
  const internals = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = internals._load;
  internals._load = function (this: unknown, request: string, ...rest: unknown[]) {
    const exported = load.call(this, request, ...rest);
    const apply = patches.get(request);
    if (apply && exported && typeof exported === 'object' && !patched.has(exported)) {
      patched.add(exported);
      try {
        apply(exported, request);
      } catch (error) {
        process.stderr.write(`mlnb: autolog could not hook ${request}: ${(error as Error).message}\n`);
      }
    }
    return exported;
  };
}
