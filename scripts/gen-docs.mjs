// Writes the generated sections of docs/case-format.md (the fact vocabulary,
// its tags and shared readings, the outcomes) from vocabulary/*.yaml.
//
//   node scripts/gen-docs.mjs           rewrite docs/case-format.md
//   node scripts/gen-docs.mjs --check   exit 1 if it is out of date (test/case-format-doc.test.ts checks too)
//
// The vocabulary's loader and the sections' renderer are TypeScript
// (src/vocabulary/): bundled with esbuild into a temporary module first.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docFile = join(root, 'docs', 'case-format.md');
const temp = mkdtempSync(join(tmpdir(), 'rongcuo-gen-docs-'));
let updated;
try {
  const bundle = join(temp, 'gen-docs.mjs');
  await build({
    stdin: {
      contents: "export { loadVocabulary } from './src/vocabulary/load.ts'; export { updateCaseFormat } from './src/vocabulary/doc.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    outfile: bundle,
    banner: { js: "import { createRequire as __rongcuoCreateRequire } from 'node:module'; const require = __rongcuoCreateRequire(import.meta.url);" },
  });
  const { loadVocabulary, updateCaseFormat } = await import(pathToFileURL(bundle).href);
  let vocabulary;
  try {
    vocabulary = loadVocabulary(join(root, 'vocabulary'));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  updated = updateCaseFormat(readFileSync(docFile, 'utf8'), vocabulary);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
const current = readFileSync(docFile, 'utf8');
if (process.argv.includes('--check')) {
  if (updated !== current) {
    process.stderr.write('docs/case-format.md is out of date with vocabulary/*.yaml: run node scripts/gen-docs.mjs\n');
    process.exit(1);
  }
  process.stdout.write('docs/case-format.md is up to date\n');
} else if (updated !== current) {
  writeFileSync(docFile, updated);
  process.stdout.write('wrote docs/case-format.md\n');
} else {
  process.stdout.write('docs/case-format.md is up to date\n');
}
