/** The directory listing of TypeScript's `sys`, as the compiler host asks for it. */
interface DirectoryLister {
  getDirectories(path: string): string[];
}

const TYPES_FOLDER = /[\\/]node_modules[\\/]@types$/;
const patched = new WeakSet<DirectoryLister>();

/**
 * The @types packages whose global declarations every cell sees: node's, and those named in
 * MLNB_GLOBAL_TYPES (comma-separated, e.g. `jest`).
 */
export function globalTypePackages(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const extra = (env.MLNB_GLOBAL_TYPES ?? '').split(',').map(name => name.trim());
  return new Set(['node', ...extra.filter(Boolean)]);
}

/**
 * Makes TypeScript include only those packages' globals automatically, as `"types": ["node"]` in
 * a tsconfig does. tslab compiles every cell with TypeScript's default, which puts the globals of
 * every package in the nearest node_modules/@types into every cell's program: in a project with
 * many (this repository's examples: 246 declaration files, 6 MB) each cell cost ~20% more and the
 * kernel's start ~0.8 s more. A package's types still come with its import; only other packages'
 * ambient globals (a test runner's `describe`) are out of scope. tslab takes no compiler options,
 * so the listing of @types folders is what changes.
 */
export function includeOnlyGlobalTypesOf(sys: DirectoryLister, packages = globalTypePackages()): void {
  if (patched.has(sys)) {
    return;
  }
  patched.add(sys);
  const getDirectories = sys.getDirectories.bind(sys);
  sys.getDirectories = path => {
    const names = getDirectories(path);
    return TYPES_FOLDER.test(path) ? names.filter(name => packages.has(name)) : names;
  };
}
