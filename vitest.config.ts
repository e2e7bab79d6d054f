// The tests import src/ directly: `rongcuo:vocabulary` (src/vocabulary/data.d.ts)
// is read from vocabulary/*.yaml here, checked as the build checks it
// (scripts/build.mjs bundles the precompiled dist/vocabulary.json instead).
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

export default defineConfig({ plugins: [vocabulary] });
