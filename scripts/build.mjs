// Build: precompile the vocabulary to dist/vocabulary.json, bundle the CLI
// with esbuild (lazy command chunks, the vocabulary inside), then precompile
// the bundled policies to dist/policies.json.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies may call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __rongcuoCreateRequire } from 'node:module'; const require = __rongcuoCreateRequire(import.meta.url);" },
  // `rongcuo:vocabulary` (src/vocabulary/data.d.ts): the checked vocabulary, bundled as data.
  plugins: [
    {
      name: 'vocabulary',
      setup(b) {
        b.onResolve({ filter: /^rongcuo:vocabulary$/ }, () => ({ path: resolve('dist/vocabulary.json') }));
      },
    },
  ],
};
await build({ ...common, entryPoints: ['scripts/precompile-vocabulary.ts'], outfile: 'dist/precompile-vocabulary.mjs' });
try {
  execFileSync(process.execPath, ['dist/precompile-vocabulary.mjs', 'vocabulary', 'dist/vocabulary.json'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
rmSync('dist/precompile-vocabulary.mjs');
await build({
  ...common,
  // The parallel check's worker shares the CLI's chunks.
  entryPoints: { cli: 'src/cli.ts', 'check-worker': 'src/batch/worker.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
});
await build({ ...common, entryPoints: ['scripts/precompile.ts'], outfile: 'dist/precompile.mjs' });
execFileSync(process.execPath, ['dist/precompile.mjs', 'policies', 'dist/policies.json'], { stdio: 'inherit' });
rmSync('dist/precompile.mjs');
