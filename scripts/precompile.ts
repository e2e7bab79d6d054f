// Build step: validate every bundled policy once and write them as JSON, so
// the CLI starts without parsing YAML or running the schema.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPolicyFile } from '../src/policy/load.js';

const [policiesDir, outFile] = process.argv.slice(2) as [string, string];
const policies = readdirSync(policiesDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => readPolicyFile(join(policiesDir, name)));
writeFileSync(outFile, JSON.stringify(policies));
process.stdout.write(`precompiled ${policies.length} policies → ${outFile}\n`);
