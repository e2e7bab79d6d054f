// One module per job, one definition per thing: every export of src/ is
// used by another module, a test, a script or the config; the interview's
// jobs (catalogue, answer codec, flow, results, session) are modules of
// src/interview/, not the command's; and the ISO-date check, the section
// keys and tag lists, the outcome order and what conditions read are each
// defined in one module. The checks read the source, as structure.test.ts does.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const SRC = join(ROOT, 'src');

/** Every TypeScript or JavaScript module below `dir`, by path from the root with `/`. */
function modulesBelow(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mts|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.split(/[\\/]/).includes('golden'))
    .map((f) => posix.join(dir, f.split('\\').join('/')));
}

interface Usage {
  /** Names each module exports, by module path. */
  exported: Map<string, Set<string>>;
  /** Names other modules import from each module; `*` for the whole module. */
  imported: Map<string, Set<string>>;
}

/**
 * Exports and imports by name: static and type imports, re-exports,
 * `typeof import('./x.js').Name`, and dynamic imports read as
 * `(await import('./x.js')).name` or `const { a, b } = await import('./x.js')`
 * (any other use of a dynamic import counts as using every export).
 */
function usageOf(modules: Record<string, string>): Usage {
  const exported = new Map<string, Set<string>>();
  const imported = new Map<string, Set<string>>();
  for (const [file, text] of Object.entries(modules)) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const names = new Set<string>();
    exported.set(file, names);
    const use = (specifier: string, name: string) => {
      if (!specifier.startsWith('.')) return;
      const to = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
      if (!imported.has(to)) imported.set(to, new Set());
      imported.get(to)!.add(name);
    };
    const visit = (node: ts.Node): void => {
      const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
      if (node.parent === source && modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        if (ts.isVariableStatement(node)) {
          for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
        } else {
          const name = (node as ts.Node & { name?: ts.Node }).name;
          if (name && ts.isIdentifier(name)) names.add(name.text);
        }
      }
      if (ts.isExportDeclaration(node)) {
        const from = node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
        if (node.exportClause && ts.isNamedExports(node.exportClause)) {
          for (const e of node.exportClause.elements) {
            names.add(e.name.text);
            if (from) use(from, (e.propertyName ?? e.name).text);
          }
        } else if (from) use(from, '*');
      }
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause) {
        const { name, namedBindings } = node.importClause;
        const from = node.moduleSpecifier.text;
        if (name) use(from, 'default');
        if (namedBindings && ts.isNamespaceImport(namedBindings)) use(from, '*');
        else if (namedBindings) for (const e of namedBindings.elements) use(from, (e.propertyName ?? e.name).text);
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteralLike(arg)) {
          const awaited = ts.isAwaitExpression(node.parent) ? node.parent.parent : undefined;
          if (awaited && ts.isParenthesizedExpression(awaited) && ts.isPropertyAccessExpression(awaited.parent)) use(arg.text, awaited.parent.name.text);
          else if (awaited && ts.isVariableDeclaration(awaited) && ts.isObjectBindingPattern(awaited.name)) {
            for (const e of awaited.name.elements) use(arg.text, (e.propertyName ?? e.name).getText(source));
          } else use(arg.text, '*');
        }
      }
      if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        use(node.argument.literal.text, node.qualifier ? node.qualifier.getText(source) : '*');
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { exported, imported };
}

/** Exports of src/ no other module, test, script or the config imports. */
function deadExports(usage: Usage): string[] {
  const dead: string[] = [];
  for (const [file, names] of usage.exported) {
    if (!file.startsWith('src/')) continue;
    const used = usage.imported.get(file) ?? new Set();
    if (used.has('*')) continue;
    for (const name of names) if (!used.has(name)) dead.push(`${file} ${name}`);
  }
  return dead.sort();
}

/**
 * Modules that other branches are reworking as this is written; their
 * unused exports go with that work. A name listed here that is no longer
 * exported, or is used again, is simply no longer dead.
 */
const PENDING = new Set([
  'src/batch/entry.ts EntryCheckerOptions',
  'src/batch/workers.ts PARALLEL_MIN_BYTES',
  'src/batch/workers.ts workerScript',
  'src/case/schema.ts CaseValidation',
  'src/case/schema.ts PolicyFactIndex',
  'src/case/schema.ts ValidateOptions',
  'src/case/schema.ts caseSchema',
  'src/case/schema.ts matterSchema',
  'src/case/schema.ts subjectSchema',
  'src/commands/check.ts CheckOptions',
  'src/render/check.ts resultJson',
  'src/render/check.ts writeResultJson',
  'src/render/draft.ts GAP',
  'src/render/report-data.ts CitationView',
  'src/render/report-data.ts ProcedureView',
  'src/render/report-data.ts noticeText',
  'src/render/report-data.ts procedureView',
  'src/render/report.ts ReportFormat',
  'src/render/report.ts ReportsFormat',
]);

/** src/ and everything that imports from it: tests, scripts, benchmarks, the vitest config. */
const allModules = (): Record<string, string> =>
  Object.fromEntries(['vitest.config.ts', ...['src', 'test', 'scripts', 'bench'].flatMap(modulesBelow)].map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

/** The text of every module of src/ but `except`, with comments taken out (they may mention what they do not define). */
function sourcesExcept(...except: string[]): Array<[string, string]> {
  return modulesBelow('src')
    .filter((f) => !except.includes(f))
    .map((f) => {
      const text = readFileSync(join(ROOT, f), 'utf8');
      const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
      let code = '';
      for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
        if (kind !== ts.SyntaxKind.SingleLineCommentTrivia && kind !== ts.SyntaxKind.MultiLineCommentTrivia) code += scanner.getTokenText();
      }
      return [f, code];
    });
}

const holding = (pattern: RegExp, ...except: string[]) => sourcesExcept(...except).filter(([, code]) => pattern.test(code)).map(([f]) => f);

describe('exports', () => {
  it('finds an export nothing imports, and sees dynamic, type and re-exported uses', () => {
    const usage = usageOf({
      'src/a.ts': 'export const used = 1;\nexport const unused = 2;\nexport function alsoUnused() {}\nexport interface T {}\nexport type U = T;\n',
      'src/b.ts': "import { used } from './a.js';\nimport type { T } from './a.js';\nexport { run } from './c.js';\nexport const own = used;\n",
      'src/c.ts': "export async function run() {\n  return (await import('./d.js')).late;\n}\nexport async function go() {\n  const { early } = await import('./d.js');\n  return early;\n}\n",
      'src/d.ts': 'export const late = 1;\nexport const early = 2;\nexport const never = 3;\n',
      'src/e.ts': "type S = typeof import('./f.js').style;\nexport const x: S | undefined = undefined;\n",
      'src/f.ts': 'export const style = 1;\nexport const other = 2;\n',
      'test/b.test.ts': "import { own, run, go } from '../src/b.js';\nimport { go as g } from '../src/c.js';\nimport { x } from '../src/e.js';\n",
    });
    expect(deadExports(usage)).toEqual([
      'src/a.ts U',
      'src/a.ts alsoUnused',
      'src/a.ts unused',
      'src/d.ts never',
      'src/f.ts other',
    ]);
  });

  it('of src/ are all used by another module, a test, a script or the config', { timeout: 60_000 }, () => {
    const dead = deadExports(usageOf(allModules())).filter((d) => !PENDING.has(d));
    expect(dead, 'exports nothing imports: drop the export, or the code if nothing uses it').toEqual([]);
  });
});

describe('one module per job', () => {
  const interview = readdirSync(join(SRC, 'interview')).sort();

  it('has the interview’s jobs as modules of src/interview/', () => {
    for (const job of ['catalogue.ts', 'answers.ts', 'flow.ts', 'results.ts', 'session.ts', 'select.ts', 'prompts.ts']) expect(interview).toContain(job);
  });

  it('leaves commands/assess.ts the options, the wiring, signals and exit codes: no interview in it', () => {
    const assess = readFileSync(join(SRC, 'commands', 'assess.ts'), 'utf8');
    expect(assess).not.toMatch(/\bclass\s/);
    expect(assess).not.toMatch(/\bui\.(select|checkbox|input|confirm)\(/);
    expect(assess).toMatch(/from '\.\.\/interview\/flow\.js'/);
  });

  it('keeps the catalogue free of the answer codec, and the codec free of building questions', () => {
    const catalogue = readFileSync(join(SRC, 'interview', 'catalogue.ts'), 'utf8');
    const answers = readFileSync(join(SRC, 'interview', 'answers.ts'), 'utf8');
    for (const codec of ['currentAnswer', 'applyAnswer', 'isAnswered', 'describeAnswer']) {
      expect(catalogue).not.toMatch(new RegExp(`function ${codec}\\b`));
      expect(answers).toMatch(new RegExp(`export function ${codec}\\b`));
    }
    expect(answers).not.toMatch(/function buildQuestions\b/);
  });
});

describe('one definition', () => {
  it('of the ISO-date check: case/iso-date.ts', () => {
    expect(holding(/\\d\{4\}-\\d\{2\}|\[0-9\]\{4\}-|isLeapYear|daysInMonth/, 'src/case/iso-date.ts')).toEqual([]);
  });

  it('of the section keys and the tag lists: policy/sections.ts', () => {
    expect(holding(/'situations',\s*'diligence',\s*'mitigation'|situations:\s*'situation'/, 'src/policy/sections.ts')).toEqual([]);
    // A union type that names the policy's sections by hand (the interview's SectionId adds its own two to PolicyPart).
    expect(holding(/'(distinctions|situations|conditions|exclusions)'\s*\||\|\s*'(distinctions|situations|conditions|exclusions)'/, 'src/policy/sections.ts')).toEqual([]);
    expect(holding(/type\s+(Section|TagListName|StepId)\s*=\s*'/, 'src/policy/sections.ts')).toEqual([]);
  });

  it('of the outcome ids and their order: the vocabulary', () => {
    const OUTCOME_LIST = /'(not-applicable|diligent|exempt|mitigated|excluded|not-eligible)',\s*'(not-applicable|diligent|exempt|mitigated|excluded|not-eligible)'/;
    expect(holding(OUTCOME_LIST, 'src/vocabulary/schema.ts')).toEqual([]);
  });

  it('of the walk for what a condition reads: conditionAtoms (evaluate/logic.ts), with policy/conditions.ts', () => {
    // Walking conditions for what they read, anywhere else, is a second copy; describing (render/policy.ts),
    // checking (policy/load.ts) and compiling them (evaluate/logic.ts) are other jobs.
    const walkers = holding(/'all' in c\b[\s\S]{0,200}'any' in c\b/, 'src/evaluate/logic.ts', 'src/render/policy.ts', 'src/policy/load.ts');
    expect(walkers).toEqual([]);
    expect(holding(/function\s+(factsRead|tagsRead|tagPartHolds|conditionAtoms)\b/, 'src/policy/conditions.ts', 'src/evaluate/logic.ts')).toEqual([]);
  });
});
