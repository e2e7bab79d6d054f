// The shape of src/: no import cycles, every module opens with a comment
// saying what it holds, and the views render data without loading it. Every kind of import counts as an edge — static,
// type-only (`import type`, `typeof import('./x.js')`), re-exports and
// dynamic `import('./x.js')` — because a cycle is a knot in the design
// whether or not it runs at load time: two modules that need each other are
// one module, or share a third that both should import.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

type ImportKind = 'static' | 'type' | 'dynamic';

interface Edge {
  /** Module path relative to the root, with `/`, e.g. `case/schema.ts`. */
  to: string;
  kind: ImportKind;
  line: number;
}

/** The relative imports of one module, resolved to module paths (`./x.js` → `x.ts`). */
function importsOf(file: string, text: string): Edge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: Edge[] = [];
  const add = (specifier: string, kind: ImportKind, node: ts.Node) => {
    if (!specifier.startsWith('.')) return; // a package, not a module of ours
    const to = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
    edges.push({ to, kind, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly ? 'type' : 'static', node);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly ? 'type' : 'static', node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      add(node.moduleReference.expression.text, 'static', node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, 'dynamic', node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, 'type', node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

type Graph = Map<string, Edge[]>;

function graphOf(modules: Record<string, string>): Graph {
  return new Map(Object.entries(modules).map(([file, text]) => [file, importsOf(file, text)]));
}

/**
 * Every cycle, one per strongly connected component (Tarjan), each as the
 * shortest loop through the component's first module in path order, so
 * that the message names modules and the lines that import.
 */
function cyclesOf(graph: Graph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const strongConnect = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const { to: w } of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).some((e) => e.to === v);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strongConnect(v);

  return components.map((component) => {
    const members = new Set(component);
    const start = component[0]!;
    // Breadth first inside the component, back to the start.
    const via = new Map<string, { from: string; edge: Edge }>();
    const queue = [start];
    let found: { from: string; edge: Edge } | undefined;
    while (queue.length > 0 && !found) {
      const v = queue.shift()!;
      for (const edge of graph.get(v) ?? []) {
        if (edge.to === start) {
          found = { from: v, edge };
          break;
        }
        if (members.has(edge.to) && !via.has(edge.to)) {
          via.set(edge.to, { from: v, edge });
          queue.push(edge.to);
        }
      }
    }
    const steps: Array<{ from: string; edge: Edge }> = [found!];
    for (let at = found!.from; at !== start; at = via.get(at)!.from) steps.unshift(via.get(at)!);
    return [start, ...steps.map((s) => `→ ${s.edge.to} (${s.edge.kind} import at ${s.from}:${s.edge.line})`)].join(' ');
  });
}

function sourceModules(): Record<string, string> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  return Object.fromEntries(files.map((f) => [f.split('\\').join('/'), readFileSync(join(SRC, f), 'utf8')]));
}

describe('the import-cycle check', () => {
  it('finds cycles through static, type-only, re-exporting and dynamic imports, and names them', () => {
    const graph = graphOf({
      'a.ts': "import { b } from './b.js';\n",
      'b.ts': "// b\nimport type { A } from './a.js';\n",
      'c.ts': "export async function f() {\n  return import('./d/e.js');\n}\n",
      'd/e.ts': "export { c } from '../c.js';\n",
      'f.ts': "type G = typeof import('./g.js');\nimport { readFileSync } from 'node:fs';\n",
      'g.ts': "import { h } from './h.js';\n",
      'h.ts': "import './f.js';\n",
      'ok.ts': "import { a } from './a.js';\nimport { z } from 'zod';\n",
    });
    expect(cyclesOf(graph)).toEqual([
      'a.ts → b.ts (static import at a.ts:1) → a.ts (type import at b.ts:2)',
      'c.ts → d/e.ts (dynamic import at c.ts:2) → c.ts (static import at d/e.ts:1)',
      'f.ts → g.ts (type import at f.ts:1) → h.ts (static import at g.ts:1) → f.ts (static import at h.ts:1)',
    ]);
  });

  it('finds none where the imports form no loop', () => {
    expect(cyclesOf(graphOf({ 'a.ts': "import './b.js';\n", 'b.ts': "import './c.js';\n", 'c.ts': '' }))).toEqual([]);
  });
});

describe('src/', () => {
  const modules = sourceModules();
  const graph = graphOf(modules);

  it('imports only modules that exist (so that no edge of the graph is lost)', () => {
    const missing = [...graph].flatMap(([from, edges]) =>
      edges
        .filter((e) => !e.to.startsWith('../') && !existsSync(join(SRC, e.to)))
        .map((e) => `${from}:${e.line} imports ${e.to}, which is not in src/`),
    );
    expect(missing).toEqual([]);
    // The graph is not empty: the parser sees the imports.
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
  });

  it('has no import cycle', () => {
    expect(cyclesOf(graph), 'import cycles in src/ (move what both modules need into a third)').toEqual([]);
  });

  it('keeps the views free of loading and evaluation: render/ imports no loader, registry or evaluator', () => {
    // The views render the report data (render/report-data.ts) and the evaluator's result types
    // (evaluate/result.ts); reading files, resolving policies and evaluating are the commands'.
    const forbidden = ['case/load.ts', 'case/read.ts', 'policy/load.ts', 'policy/registry.ts', 'evaluate/evaluate.ts', 'evaluate/counterfactual.ts', 'evaluate/logic.ts'];
    const render = [...graph].filter(([from]) => from.startsWith('render/'));
    expect(render.length).toBeGreaterThan(10);
    const offending = render.flatMap(([from, edges]) =>
      edges
        // Only the policy view (`policies show`) renders a compiled policy; the report and draft render their data alone.
        .filter((e) => forbidden.includes(e.to) || (e.to === 'policy/compile.ts' && from !== 'render/policy.ts'))
        .map((e) => `${from}:${e.line} imports ${e.to} (${e.kind})`),
    );
    expect(offending, 'imports of loaders, the registry or the evaluator in src/render/').toEqual([]);
  });

  it('opens every module with a comment saying what it holds', () => {
    const bare = Object.entries(modules)
      .filter(([, text]) => !/^(\/\/ \S[^\n]{20,}|\/\*\*?\s+\S[^\n]{20,})/.test(text))
      .map(([file]) => relative(dirname(SRC), join(SRC, file)));
    expect(bare, 'modules without a header comment').toEqual([]);
  });
});
