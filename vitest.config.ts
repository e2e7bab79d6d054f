// Test run settings. The tests import src/ directly: `rongcuo:vocabulary`
// (src/vocabulary/data.d.ts) is read from vocabulary/*.yaml here, checked as
// the build checks it (scripts/build.mjs bundles the precompiled
// dist/vocabulary.json instead).
//
// Most tests run the built CLI in child processes, whose start-up alone is a
// few hundred milliseconds and grows several times over on a busy machine
// (scripts/test-under-load.sh keeps every core busy): vitest's 5 s default
// fails tests that are merely slow. Tests that take over a second on an idle
// machine give their own budget, sized for a loaded one.
//
// Pool and workers stay vitest's defaults (forks, one worker fewer than the
// cores: a single one on 2 cores). The CLI under test runs worker threads of
// its own; two test workers on 2 cores measured no faster, only more crowded.
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import { VOCABULARY_FILES, loadVocabulary } from './src/vocabulary/load.js';

const ID = 'rongcuo:vocabulary';
const dir = join(import.meta.dirname, 'vocabulary');

const vocabulary: Plugin = {
  name: 'rongcuo-vocabulary',
  resolveId: (id) => (id === ID ? `\0${ID}` : undefined),
  load(id) {
    if (id !== `\0${ID}`) return undefined;
    for (const file of Object.values(VOCABULARY_FILES)) this.addWatchFile(join(dir, file));
    return `export default ${JSON.stringify(loadVocabulary(dir))};`;
  },
};

export default defineConfig({
  plugins: [vocabulary],
  test: {
    // The slowest test without its own budget takes about 1 s on an idle 2-core machine, up to 7 s on a loaded one.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
