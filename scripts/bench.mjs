// `npm run bench`: start-up and batch throughput of the built CLI, against
// references measured in the same run (bare node, a bare stream-and-parse
// loop, the same decision procedure on json-rules-engine), as medians and
// ratios with the targets of the performance issue.
//
//   npm run bench                  default: 100,000 cases, about a minute and a half
//   npm run bench -- --million     also 1,000,000 cases (≈780 MB of data), to show memory stays flat
//   npm run bench -- --runs 5      throughput runs per measurement (default 3)
//
// Builds dist/ first (esbuild only, no type check) when it is missing or
// older than the sources. Data goes to bench/data/ (git-ignored), generated
// once per seed and generator version.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, openSync, closeSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, GENERATOR_VERSION, generateCases, writeNdjson } from '../bench/generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const MILLION = flag('--million') || process.env.BENCH_MILLION === '1';
const THROUGHPUT_RUNS = option('--runs', 3);
const STARTUP_RUNS = option('--startup-runs', 15);
const CASES = 100_000;
const node = process.execPath;
const cli = join(root, 'bin', 'rongcuo');
const DATA = join(root, 'bench', 'data');

const say = (text) => process.stderr.write(`${text}\n`);

// ── build ────────────────────────────────────────────────────────────────
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of ['src', 'policies', 'vocabulary', 'scripts/build.mjs', 'scripts/precompile.ts', 'scripts/precompile-vocabulary.ts', 'package.json']) if (existsSync(path)) visit(path);
  return newest;
}

function ensureBuilt() {
  const outputs = ['dist/cli.js', 'dist/policies.json'];
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
  if (built >= newestSource()) return;
  say(built === 0 ? 'dist/ missing: building…' : 'dist/ older than the sources: building…');
  execFileSync(node, ['scripts/build.mjs'], { stdio: 'inherit' });
}

// ── data ─────────────────────────────────────────────────────────────────
async function dataFile(count) {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `cases-${count}-s${DEFAULT_SEED}-g${GENERATOR_VERSION}.ndjson`);
  if (!existsSync(file)) {
    say(`generating ${count.toLocaleString('en-US')} cases → ${file}`);
    await writeNdjson(`${file}.part`, count);
    execFileSync('mv', [`${file}.part`, file]);
  }
  return file;
}

function oneCaseFile() {
  const file = join(DATA, `one-s${DEFAULT_SEED}-g${GENERATOR_VERSION}.json`);
  if (!existsSync(file)) {
    const [first] = generateCases(1);
    writeFileSync(file, `${JSON.stringify({ formatVersion: 1, cases: [first] }, null, 2)}\n`);
  }
  return file;
}

// ── measuring ────────────────────────────────────────────────────────────
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** GNU time, if this machine has it, reports the child's peak resident memory. */
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((path) => {
  try {
    execFileSync(path, ['-f', '%M', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

/**
 * Runs a command to completion: wall time in ms, peak RSS in MB (GNU time's
 * %M; else the highest VmHWM polled from /proc; else null), stdout kept in
 * memory unless sent to a file.
 */
function run(command, commandArgs, { stdoutFile, keepStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const rssFile = join(DATA, `.rss-${process.pid}`);
    const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...commandArgs]] : [command, commandArgs];
    const out = stdoutFile ? openSync(stdoutFile, 'w') : keepStdout ? 'pipe' : 'ignore';
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { stdio: ['ignore', out, 'pipe'] });
    if (typeof out === 'number') closeSync(out);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    let polled = 0;
    const poll =
      !GNU_TIME && existsSync('/proc/self/status')
        ? setInterval(() => {
            try {
              const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (hwm) polled = Math.max(polled, Number(hwm[1]));
            } catch {
              // exited between polls
            }
          }, 10)
        : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (poll) clearInterval(poll);
      let rssKb = polled || null;
      if (GNU_TIME && existsSync(rssFile)) {
        rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        rmSync(rssFile);
      }
      if (code !== 0) {
        reject(new Error(`${command} ${commandArgs.join(' ')} exited with ${code}\n${stderr}`));
        return;
      }
      resolve({ ms, rssMb: rssKb === null ? null : rssKb / 1024, stdout, stderr });
    });
  });
}

async function startup(commands) {
  const times = new Map(commands.map(([name]) => [name, []]));
  // Round robin, after one warm-up each, so that a slow moment of the machine touches every command alike.
  for (const [, command, argv] of commands) await run(command, argv);
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const [name, command, argv] of commands) times.get(name).push((await run(command, argv)).ms);
  }
  return new Map([...times].map(([name, ms]) => [name, median(ms)]));
}

/**
 * Throughput measures, run round robin (each measure once, then again), so
 * that a slow phase of the machine touches every measure alike and the
 * ratios compare runs made close together. `measures`: [name, label,
 * command, argv, options?]; `runs`: the number of rounds.
 */
async function throughput(measures, runs = THROUGHPUT_RUNS) {
  const results = new Map(measures.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, label, command, argv, options] of measures) {
      say(`  ${label} (${i + 1}/${runs})`);
      results.get(name).push(await run(command, argv, options));
    }
  }
  return new Map(
    [...results].map(([name, rs]) => {
      const rss = rs.every((r) => r.rssMb !== null) ? Math.max(...rs.map((r) => r.rssMb)) : null;
      return [name, { ms: median(rs.map((r) => r.ms)), rssMb: rss, runs: rs, last: rs[rs.length - 1] }];
    }),
  );
}

/** The summary of a `check --format json` output file: its last line holding "summary". */
function jsonSummary(file) {
  const text = readFileSync(file, 'utf8');
  const at = text.lastIndexOf('"summary": ');
  if (at === -1) throw new Error(`${file}: no summary`);
  return JSON.parse(text.slice(at + '"summary": '.length, text.lastIndexOf('}') ));
}

function sameCounts(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

// ── the run ──────────────────────────────────────────────────────────────
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  rss: GNU_TIME ? `GNU time (${GNU_TIME}) %M` : existsSync('/proc/self/status') ? '/proc/PID/status VmHWM, polled every 10 ms' : 'not measured',
};

ensureBuilt();
const file100k = await dataFile(CASES);
const one = oneCaseFile();
const rows = [];
const row = (what, value, unit, reference, ratio, target, ok) => rows.push({ what, value, unit, reference, ratio, target, ok });

say('start-up…');
const policyArgs = ['--policy', 'fuzhou-2019'];
const starts = await startup([
  ['node -e 0', node, ['-e', '0']],
  ['rongcuo --version', node, [cli, '--version']],
  ['rongcuo --help', node, [cli, '--help']],
  ['rongcuo check (1 case)', node, [cli, 'check', one, ...policyArgs, '--format', 'json']],
]);
const bare = starts.get('node -e 0');
row('node -e 0', bare, 'ms', '', '1.00×', 'reference', null);
for (const [name, limit] of [['rongcuo --version', 1.5], ['rongcuo --help', 1.5], ['rongcuo check (1 case)', 2.5]]) {
  const ratio = starts.get(name) / bare;
  row(name, starts.get(name), 'ms', 'node -e 0', `${ratio.toFixed(2)}×`, `≤ ${limit}×`, ratio <= limit);
}

say(`throughput over ${CASES.toLocaleString('en-US')} cases…`);
const rate = (cases, ms) => cases / (ms / 1000);
const jsonOut = join(DATA, 'out-100k.json');
const measured = await throughput([
  ['parse', 'stream + JSON.parse loop', node, ['bench/parse-loop.mjs', file100k]],
  ['ndjson', 'rongcuo check --format ndjson', node, [cli, 'check', file100k, ...policyArgs, '--format', 'ndjson']],
  ['json', 'rongcuo check --format json', node, [cli, 'check', file100k, ...policyArgs, '--format', 'json'], { stdoutFile: jsonOut }],
  ['jre', 'json-rules-engine', node, ['bench/jre-fuzhou.mjs', file100k], { keepStdout: true }],
]);
const [parse, ndjson, json, jre] = ['parse', 'ndjson', 'json', 'jre'].map((name) => measured.get(name));

// The comparison only counts if both engines reach the same outcomes.
const ours = jsonSummary(jsonOut);
const theirs = JSON.parse(jre.last.stdout);
rmSync(jsonOut);
if (ours.cases !== CASES || ours.invalid !== 0 || theirs.cases !== CASES || !sameCounts(ours.byOutcome, theirs.byOutcome)) {
  say(`\n✗ outcome counts differ: rongcuo ${JSON.stringify(ours)} json-rules-engine ${JSON.stringify(theirs)}`);
  process.exit(1);
}
const missing = ['not-applicable', 'excluded', 'exempt', 'not-eligible'].filter((o) => !ours.byOutcome[o]);
if (missing.length > 0 || ours.byOutcome.undetermined) {
  say(`\n✗ the data should reach every fuzhou-2019 outcome but undetermined; counts: ${JSON.stringify(ours.byOutcome)}`);
  process.exit(1);
}

const parseRate = rate(CASES, parse.ms);
const jreRate = rate(CASES, jre.ms);
const jreEvalRate = rate(CASES, median(jre.runs.map((r) => JSON.parse(r.stdout).evaluatingMs)));
const ndjsonRate = rate(CASES, ndjson.ms);
const jsonRate = rate(CASES, json.ms);
row('stream + JSON.parse loop', parseRate, 'cases/s', '', '1.00×', 'reference', null);
row('json-rules-engine (same procedure)', jreRate, 'cases/s', '', '1.00×', 'reference', null);
row('  … its engine.run() alone', jreEvalRate, 'cases/s', '', '', 'information', null);
row('check --format ndjson', ndjsonRate, 'cases/s', '', '', '≥ 100,000/s', ndjsonRate >= 100_000);
row('  … against the parse loop', ndjsonRate, 'cases/s', 'parse loop', `${(ndjsonRate / parseRate).toFixed(2)}×`, '≥ 0.50× (100k of 200k)', ndjsonRate / parseRate >= 0.5);
row('  … against json-rules-engine', ndjsonRate, 'cases/s', 'json-rules-engine', `${(ndjsonRate / jreRate).toFixed(2)}×`, '≥ 6×', ndjsonRate / jreRate >= 6);
row('check --format json', jsonRate, 'cases/s', 'json-rules-engine', `${(jsonRate / jreRate).toFixed(2)}×`, '≥ 6×', jsonRate / jreRate >= 6);
const rssRow = (what, r) => row(what, r.rssMb, 'MB', '', '', '≤ 200 MB', r.rssMb === null ? null : r.rssMb <= 200);
rssRow('peak RSS, ndjson, 100k', ndjson);
rssRow('peak RSS, json, 100k', json);

if (MILLION) {
  const file1m = await dataFile(1_000_000);
  say('1,000,000 cases…');
  const bigs = await throughput(
    [
      ['ndjson', 'rongcuo check --format ndjson, 1M', node, [cli, 'check', file1m, ...policyArgs, '--format', 'ndjson']],
      ['json', 'rongcuo check --format json, 1M', node, [cli, 'check', file1m, ...policyArgs, '--format', 'json']],
    ],
    1,
  );
  const [big, bigJson] = [bigs.get('ndjson'), bigs.get('json')];
  row('check --format ndjson, 1M', rate(1_000_000, big.ms), 'cases/s', '', '', '', null);
  // Flat: what an extra case costs. The duplicate-id index keeps 22 to 28 bytes per distinct id (the
  // one thing that must grow); keeping cases or results would cost hundreds of bytes each.
  for (const [what, r, small] of [['peak RSS, ndjson, 1M', big, ndjson], ['peak RSS, json, 1M', bigJson, json]]) {
    if (r.rssMb === null || small.rssMb === null) {
      row(what, null, 'MB', '', '', '≤ 200 MB, flat', null);
      continue;
    }
    const perCase = ((r.rssMb - small.rssMb) * 2 ** 20) / 900_000;
    row(what, r.rssMb, 'MB', '100k', `+${Math.max(0, perCase).toFixed(0)} B/case`, '≤ 200 MB; flat: ≤ 64 B/case', r.rssMb <= 200 && perCase <= 64);
  }
}

// ── report ───────────────────────────────────────────────────────────────
const fmt = (value, unit) =>
  value === null ? 'n/a' : unit === 'ms' ? `${value.toFixed(1)} ms` : unit === 'MB' ? `${value.toFixed(0)} MB` : `${Math.round(value).toLocaleString('en-US')} ${unit}`;
const table = [
  ['measure', 'median', 'against', 'ratio', 'target', ''],
  ...rows.map((r) => [r.what, fmt(r.value, r.unit), r.reference, r.ratio, r.target, r.ok === null ? '' : r.ok ? '✓' : '✗']),
];
const widths = table[0].map((_, c) => Math.max(...table.map((line) => line[c].length)));
const lines = table.map((line) => `| ${line.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`);
lines.splice(1, 0, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
const header = [
  `rongcuo bench, ${new Date().toISOString().slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}`,
  `start-up: median of ${STARTUP_RUNS} runs; throughput: median of ${THROUGHPUT_RUNS} runs, round robin, over ${CASES.toLocaleString('en-US')} cases (${(statSync(file100k).size / 1e6).toFixed(0)} MB), output to /dev/null (ndjson) or a file (json); peak RSS: ${machine.rss}`,
  `outcomes (rongcuo = json-rules-engine): ${JSON.stringify(ours.byOutcome)}`,
];
const report = `${header.join('\n')}\n\n${lines.join('\n')}\n`;
process.stdout.write(`\n${report}`);
writeFileSync(join(DATA, 'latest.md'), report);
writeFileSync(join(DATA, 'latest.json'), `${JSON.stringify({ machine, rows, outcomes: ours.byOutcome }, null, 2)}\n`);
const failed = rows.filter((r) => r.ok === false).length;
say(failed === 0 ? '\nall targets hold' : `\n${failed} target(s) missed`);
