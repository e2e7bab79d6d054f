// Build step: check the vocabulary (vocabulary/*.yaml) once and write it as
// JSON, which esbuild then bundles into the CLI (scripts/build.mjs), so the
// CLI starts without parsing YAML or running the schema.
import { writeFileSync } from 'node:fs';
import { UserError } from '../src/errors.js';
import { loadVocabulary } from '../src/vocabulary/load.js';

const [dir, outFile] = process.argv.slice(2) as [string, string];
try {
  const vocabulary = loadVocabulary(dir);
  writeFileSync(outFile, JSON.stringify(vocabulary));
  process.stdout.write(`precompiled ${Object.keys(vocabulary.facts).length} facts, ${Object.keys(vocabulary.outcomes).length} outcomes → ${outFile}\n`);
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
