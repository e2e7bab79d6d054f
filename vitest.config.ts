// Test run settings. Most tests run the built CLI in child processes, whose
// start-up alone is a few hundred milliseconds and grows several times over on a
// busy machine (scripts/test-under-load.sh keeps every core busy): vitest's 5 s
// default fails tests that are merely slow. Tests that take over a second on
// an idle machine give their own budget, sized for a loaded one.
//
// Pool and workers stay vitest's defaults (forks, one worker fewer than the
// cores: a single one on 2 cores). The CLI under test runs worker threads of
// its own; two test workers on 2 cores measured no faster, only more crowded.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The slowest test without its own budget takes about 1 s on an idle 2-core machine, up to 7 s on a loaded one.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
