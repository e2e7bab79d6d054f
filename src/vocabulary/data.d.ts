// The checked vocabulary (vocabulary/*.yaml), as the build bundles it
// (scripts/build.mjs, from dist/vocabulary.json) and the tests load it
// (vitest.config.ts). Only src/vocabulary.ts imports it.
declare module 'rongcuo:vocabulary' {
  const vocabulary: import('./schema.js').Vocabulary;
  export default vocabulary;
}
