/**
 * Reading and validating one YAML data file under `tenants/` (tenant manifests, the service catalogue). The loaders
 * share this machinery but keep their own error classes and message formats: every function here that can fail
 * takes a `DataFileErrorFactory` and throws the error it builds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { z } from 'zod';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Field name used for problems with the file as a whole (unreadable, bad YAML, not a mapping). */
export const ROOT_FIELD = '(root)';

/** Paths in messages are relative to the repository root so that they are the same on every machine. */
export function displayPath(file: string): string {
  const relative = path.relative(REPO_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/**
 * Builds the loader's own error for a problem in one file. `field` is already formatted (`a.b[2].c`, or
 * `(root)`); `issuePath` is the raw path of the offending value, empty for the file as a whole.
 */
export type DataFileErrorFactory = (field: string, reason: string, issuePath: readonly PropertyKey[]) => Error;

const KIND_OF_VALUE: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false' };

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  return KIND_OF_VALUE[Array.isArray(value) ? 'array' : typeof value] ?? typeof value;
}

// Zod's defaults ("Invalid input: expected string, received undefined") speak JavaScript; the files' authors write YAML.
export const yamlErrorMap: z.core.$ZodErrorMap = (issue) => {
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_type' && issue.expected === 'int' && typeof issue.input === 'number') return `must be a whole number, got ${issue.input}`;
  if (issue.code === 'invalid_type') return `must be ${KIND_OF_VALUE[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return undefined;
};

/** `['a', 'b', 2, 'c']` → `a.b[2].c`; no keys → `(root)`. */
export function fieldPath(keys: readonly PropertyKey[]): string {
  const joined = keys.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
  return joined || ROOT_FIELD;
}

/** Reads and parses a YAML file; an unreadable file or a syntax error is reported on `(root)`. */
export function readYaml(file: string, error: DataFileErrorFactory): unknown {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (cause) {
    throw error(ROOT_FIELD, `cannot read file (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, []);
  }
  // parseDocument collects errors (duplicate keys included) instead of throwing, with line positions.
  const doc = parseDocument(source);
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const at = syntaxError.linePos ? ` at line ${syntaxError.linePos[0].line}, column ${syntaxError.linePos[0].col}` : '';
    throw error(ROOT_FIELD, `YAML syntax error${at}: ${syntaxError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`, []);
  }
  return doc.toJS();
}

/**
 * Validates against a schema, reporting the first problem (an author fixes one thing at a time). `invalidReason`
 * is the reason given should zod fail without naming an issue.
 */
export function validate<T>(schema: z.ZodType<T>, data: unknown, error: DataFileErrorFactory, invalidReason: string): T {
  const result = schema.safeParse(data, { error: yamlErrorMap });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw error(ROOT_FIELD, invalidReason, []);
  if (issue.code === 'unrecognized_keys') throw error(fieldPath([...issue.path, issue.keys[0] ?? '']), 'unknown field', issue.path);
  throw error(fieldPath(issue.path), issue.message, issue.path);
}
