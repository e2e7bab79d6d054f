// Where the package's own files are (policies/, dist/): found from this
// module's place, whether it runs from the sources or from a bundle chunk.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The package root: the nearest folder above this module holding `policies/` and package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policies'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('internal: cannot find the rongcuo package root (policies/ folder)');
    dir = parent;
  }
}
