// What the production build ships to browsers: self-hosted Arabic and Tifinagh faces, nothing from elsewhere.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { WEB_DIR } from '../support.ts';

const CLIENT = join(WEB_DIR, 'build', 'client');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

test('the build ships the Arabic and Tifinagh faces subset by scripts/subset-fonts.ts as WOFF2, and no Latin face', () => {
  const fonts = files(CLIENT)
    .filter((file) => file.endsWith('.woff2'))
    .map((file) => relative(CLIENT, file));
  assert.ok(fonts.some((file) => /noto-sans-arabic-400\.[\w-]+\.woff2$/.test(file)), fonts.join(', '));
  assert.ok(fonts.some((file) => /noto-sans-arabic-700\.[\w-]+\.woff2$/.test(file)), fonts.join(', '));
  assert.ok(fonts.some((file) => /noto-sans-tifinagh-400\.[\w-]+\.woff2$/.test(file)), fonts.join(', '));
  assert.deepEqual(
    fonts.filter((file) => /latin/.test(file)),
    [],
    'Latin text uses the phone’s own font',
  );
});

// Stylesheets, documents and images load what they name by themselves. Scripts (only the staff console
// has any) may carry addresses as text — the national platforms' links, library error messages — but
// cannot fetch them: the CSP allows same-origin connections only, and the browser tests check requests.
test('no stylesheet, document or image the browser may load refers to another origin', () => {
  const offenders: string[] = [];
  for (const file of files(CLIENT)) {
    if (!/\.(css|html|svg|json|webmanifest)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8').replaceAll('http://www.w3.org/2000/svg', '');
    const found = text.match(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi);
    if (found) offenders.push(`${relative(CLIENT, file)}: ${found.join(', ')}`);
  }
  assert.deepEqual(offenders, []);
});
