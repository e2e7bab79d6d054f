// The comparison for `npm run bench`: fuzhou-2019's decision procedure
// (policies/fuzhou-2019.yaml, DOMAIN.md) written for json-rules-engine.
// Red lines, then 容错情形 with every 容错条件, first match wins (rule
// priority plus engine.stop()), otherwise not-eligible. Two-valued: the
// bench data has every fact known, so no unknowns to carry.
// Run alone: node bench/jre-fuzhou.mjs FILE.ndjson → JSON {cases, byOutcome, evaluatingMs, ms}
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine } from 'json-rules-engine';

const is = (fact, value) => ({ fact, operator: 'equal', value });
const isIn = (fact, values) => ({ fact, operator: 'in', value: values });
const has = (tag) => ({ fact: 'situations', operator: 'contains', value: tag });
const SERIOUS = ['major', 'catastrophic'];

/** 第十六条: outside the scope. */
const scope = {
  name: 'not-applicable 第十六条',
  priority: 30,
  conditions: { all: [is('inScope', false)] },
  event: { type: 'not-applicable' },
};

/** 第二条 (三个区分开来, wrong side) and 第九条 (九种不予容错免责的情形). */
const redLines = {
  name: 'excluded 第二条、第九条',
  priority: 20,
  conditions: {
    any: [
      is('intent', 'deliberate'), // 第二条第(一)项
      is('prohibitedAtTime', true), // 第二条第(二)项, 第九条第(一)项
      is('improperBenefit', true), // 第二条第(三)项, 第九条第(七)项
      is('severity', 'catastrophic'), // 第九条第(二)(三)项
      { all: [is('intent', 'negligent'), isIn('severity', SERIOUS)] }, // 第九条第(四)项
      is('vanityProject', true), // 第九条第(五)项
      is('reformAsPretext', true), // 第九条第(六)项
      { all: [is('decisionProcess', 'arbitrary'), isIn('severity', SERIOUS)] }, // 第九条第(八)项
      is('repeatedError', true), // 第九条第(九)项
    ],
  },
  event: { type: 'excluded' },
};

/** 第五至八条 (one situation, an error in active work: intent inadvertent) and all of 第四条. */
const tolerance = {
  name: 'exempt 第四条至第八条',
  priority: 10,
  conditions: {
    all: [
      is('intent', 'inadvertent'),
      {
        any: [
          { all: [has('directive-implementation'), is('improperBenefit', false), is('remediation', 'proactive')] }, // 第五条第(一)项
          has('bold-performance'), // 第五条第(二)项
          { all: [has('misunderstood-or-accused'), isIn('severity', ['none', 'minor'])] }, // 第五条第(三)项
          has('self-raised-targets'), // 第五条第(四)项
          has('innovation-drive'), // 第六条第(一)项
          { all: [{ any: [has('major-projects'), has('legacy-issues')] }, isIn('severity', ['none', 'minor'])] }, // 第六条第(二)项
          { any: [has('reform-pilot'), has('policy-change')] }, // 第六条第(三)项
          has('key-tasks'), // 第六条第(四)项
          { all: [has('emergency-response'), isIn('severity', ['none', 'minor'])] }, // 第七条第(一)项
          { any: [has('emergency-response'), has('force-majeure')] }, // 第七条第(二)项
          { all: [has('approval-reform'), is('improperBenefit', false), is('remediation', 'proactive')] }, // 第八条第(一)项
          has('streamlined-service'), // 第八条第(二)项
          { all: [has('reform-pilot'), is('decisionProcess', 'followed')] }, // 第八条第(三)项
          has('law-at-the-time'), // 第八条第(四)项
        ],
      },
      is('prohibitedAtTime', false), // 第四条第(一)项
      is('alignedWithDirectives', true), // 第四条第(二)项
      is('promotesDevelopment', true), // 第四条第(三)项
      isIn('decisionProcess', ['followed', 'emergency-ratified']), // 第四条第(四)项
      is('improperBenefit', false), // 第四条第(五)项
      is('remediation', 'proactive'), // 第四条第(六)项
    ],
  },
  event: { type: 'exempt' },
};

export const FUZHOU_RULES = [scope, redLines, tolerance];

/** An engine whose run resolves to the outcome: the first rule to hold, else not-eligible. */
export function fuzhouEngine() {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const rule of FUZHOU_RULES) engine.addRule(rule);
  // First match wins: stop before the next (lower) priority set runs.
  engine.on('success', () => engine.stop());
  return {
    async outcome(facts) {
      const { events } = await engine.run(facts);
      return events.length > 0 ? events[0].type : 'not-eligible';
    },
  };
}

/** Streams an NDJSON case file through the engine, one case at a time, like `rongcuo check` does. */
export async function runFile(file) {
  const engine = fuzhouEngine();
  const byOutcome = {};
  let cases = 0;
  let rest = '';
  const decoder = new TextDecoder();
  let evaluating = 0n;
  const one = async (line) => {
    if (line.trim() === '') return;
    const kase = JSON.parse(line);
    const started = process.hrtime.bigint();
    const outcome = await engine.outcome(kase.facts);
    evaluating += process.hrtime.bigint() - started;
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
    cases++;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      await one(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  await one(rest + decoder.decode());
  return { cases, byOutcome, evaluatingMs: Number(evaluating) / 1e6 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const result = await runFile(process.argv[2]);
  process.stdout.write(`${JSON.stringify({ ...result, ms: performance.now() - started })}\n`);
}
