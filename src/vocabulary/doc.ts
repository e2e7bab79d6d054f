// The sections of docs/case-format.md generated from the vocabulary: the
// facts table with its tags and shared readings, and the outcomes table.
// scripts/gen-docs.mjs writes them; test/case-format-doc.test.ts checks the
// document against the data.
import type { FactData, Vocabulary } from './schema.js';

export const GENERATED_SECTIONS = ['facts', 'outcomes'] as const;
type GeneratedSection = (typeof GENERATED_SECTIONS)[number];

export const beginMarker = (section: GeneratedSection) =>
  `<!-- generated:${section} begin — written by scripts/gen-docs.mjs from vocabulary/*.yaml: edit those, then run it -->`;
export const endMarker = (section: GeneratedSection) => `<!-- generated:${section} end -->`;

const code = (s: string | boolean) => `\`${String(s)}\``;

function typeOf(fact: FactData): string {
  if (fact.kind === 'boolean') return 'boolean';
  if (fact.kind === 'enum') return Object.keys(fact.values).map(code).join(' \\| ');
  return 'list of tags';
}

function factsSection(v: Vocabulary): string {
  const { readings } = v;
  const notes = new Map<string, string[]>();
  const note = (fact: string, text: string) => notes.set(fact, [...(notes.get(fact) ?? []), text]);
  for (const d of readings.defaults) note(d.fact, d.doc);
  for (const d of readings.derived) note(d.when.fact, d.doc);
  const lines = ['| fact | type | question it answers |', '|---|---|---|'];
  for (const [name, fact] of Object.entries(v.facts)) {
    lines.push(`| ${code(name)} | ${typeOf(fact)} | ${[fact.doc, ...(notes.get(name) ?? [])].join(' ')} |`);
  }
  lines.push('', 'A list that is absent is unknown; `[]` means "none of them".');
  for (const [name, fact] of Object.entries(v.facts)) {
    if (fact.kind !== 'tags') continue;
    const tags = Object.entries(fact.tags).map(([tag, text]) => `${code(tag)} ${text}`);
    lines.push('', `### ${code(name)} tags (${fact.label})`, tags.join(' ·\n'));
  }
  const p = readings.situationPrerequisite;
  lines.push(
    '',
    '### Readings every policy shares',
    'The evaluator reads these before any policy rule does (`vocabulary/readings.yaml`); no policy file repeats them.',
    '',
    ...readings.defaults.map((d) => `- ${code(d.fact)}: ${d.doc}`),
    ...readings.derived.map((d) => `- ${code(d.when.fact)}: ${d.doc}`),
    `- 容错情形: ${p.doc}`,
    ...readings.fixed.map((d) => `- ${code(d.fact)}: ${d.doc}`),
  );
  return lines.join('\n');
}

function outcomesSection(v: Vocabulary): string {
  const lines = ['| id | 中文 | meaning |', '|---|---|---|'];
  for (const [id, o] of Object.entries(v.outcomes)) lines.push(`| ${code(id)} | ${o.label} | ${o.doc} |`);
  return lines.join('\n');
}

function generatedSection(section: GeneratedSection, v: Vocabulary): string {
  return section === 'facts' ? factsSection(v) : outcomesSection(v);
}

/** The document with each generated section rewritten from the vocabulary. */
export function updateCaseFormat(doc: string, v: Vocabulary): string {
  let out = doc;
  for (const section of GENERATED_SECTIONS) {
    const begin = out.indexOf(beginMarker(section));
    const end = out.indexOf(endMarker(section));
    if (begin === -1 || end < begin) throw new Error(`docs/case-format.md: the markers of the generated ${section} section are missing`);
    out = `${out.slice(0, begin + beginMarker(section).length)}\n${generatedSection(section, v)}\n${out.slice(end)}`;
  }
  return out;
}
