// SvelteKit merges a page's data over its layouts' data: a console page returning a key that a layout also
// returns silently replaces the layout's value (the catalogue screen's `sections` once turned the menu into
// seven "nav.[object Object]" links). This reads every load of the console and refuses such a clash.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ADMIN = path.dirname(fileURLToPath(import.meta.url));

function filesNamed(dir: string, names: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && names.includes(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The property names of the object literals that `load` returns (directly, not from nested functions). */
export function loadReturnKeys(source: string): string[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true);
  const keys = new Set<string>();
  const collect = (node: ts.Node, inLoad: boolean): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'load') {
      ts.forEachChild(node, (child) => collect(child, true));
      return;
    }
    if (inLoad && ts.isReturnStatement(node) && node.expression) {
      let expr: ts.Expression = node.expression;
      while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
      if (ts.isObjectLiteralExpression(expr)) {
        for (const p of expr.properties) if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) keys.add(p.name.text);
      }
    }
    // A return inside a nested helper (other than the load's own arrow function) is not the load's.
    const nested = inLoad && (ts.isFunctionDeclaration(node) || ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !isLoadFunction(node)));
    ts.forEachChild(node, (child) => collect(child, inLoad && !nested));
  };
  const isLoadFunction = (fn: ts.Node): boolean => {
    let parent = fn.parent;
    while (parent && (ts.isParenthesizedExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isAsExpression(parent))) parent = parent.parent;
    return !!parent && ts.isVariableDeclaration(parent) && parent.name.getText() === 'load';
  };
  collect(file, false);
  return [...keys];
}

describe('console page data', () => {
  const layouts = filesNamed(ADMIN, ['+layout.server.ts', '+layout.ts']);
  const pages = filesNamed(path.join(ADMIN, '(console)'), ['+page.server.ts', '+page.ts']);

  it('finds the layouts and pages it checks', () => {
    expect(layouts.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(loadReturnKeys('export const load = (async () => { const f = () => { return { x: 1 } }; return { a: 1, b } }) satisfies X;')).toEqual(['a', 'b']);
  });

  it.each(pages.map((p) => [path.relative(ADMIN, p), p]))('%s returns no key of a console layout', (_, page) => {
    const layoutKeys = new Map<string, string>();
    for (const layout of layouts) {
      // Only layouts above the page apply to it.
      if (!page.startsWith(path.dirname(layout) + path.sep)) continue;
      for (const key of loadReturnKeys(readFileSync(layout, 'utf8'))) layoutKeys.set(key, path.relative(ADMIN, layout));
    }
    const clashes = loadReturnKeys(readFileSync(page, 'utf8'))
      .filter((k) => layoutKeys.has(k))
      .map((k) => `${k} (also returned by ${layoutKeys.get(k)})`);
    expect(clashes).toEqual([]);
  });
});
