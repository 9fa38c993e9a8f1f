// Makes the Arabic and Tifinagh faces the public pages load (web/src/lib/fonts/*.woff2) from the
// @fontsource packages, keeping only the characters the platform writes in those scripts: every
// character of the ar and zgh strings, the demo tenants, the catalogue and the glossary, plus the whole
// alphabet, its marks, digits and punctuation (editors type any word). Run after upgrading a font
// package or adding a script's characters: `node scripts/subset-fonts.ts` (the output is committed).
import fs from 'node:fs';
import path from 'node:path';
import subsetFont from 'subset-font';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'web/src/lib/fonts');

/** Every file under `dir` whose name ends with one of `exts`. */
function files(dir: string, exts: string[]): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .map((f) => path.join(ROOT, dir, f));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join('');

/** Characters of `script` found in the platform's own texts. */
function usedChars(script: RegExp): string {
  const sources = [
    ...files('tenants/strings', ['.json']),
    ...files('tenants/demo', ['.yaml']),
    ...files('tenants/catalogue', ['.yaml']),
    path.join(ROOT, 'tenants/glossary.yaml'),
    path.join(ROOT, 'tenants/platform.yaml'),
  ];
  const seen = new Set<string>();
  for (const file of sources) for (const ch of fs.readFileSync(file, 'utf8')) if (script.test(ch)) seen.add(ch);
  return [...seen].sort().join('');
}

// Shared by both scripts: spaces, Latin digits and the punctuation that sits inside their text.
const COMMON = ' \u00a0\u200c\u200d\u200e\u200f\u202f0123456789.,:;!?«»()[]-–—/%\'"…';

const ARABIC =
  range(0x0621, 0x063a) + // hamza … ghain
  range(0x0640, 0x0652) + // tatweel, fa … sukun (harakat)
  range(0x0660, 0x066d) + // Arabic-Indic digits, separators, star
  '\u060c\u061b\u061f\u0670\u0671' + // comma, semicolon, question mark, superscript alef, alef wasla
  '\u06a4\u06ad\u0763\u06a8\u06a5\u06cc\u06a9\u06af' + // Moroccan and loan letters: veh, ng (ڭ, ݣ), qaf with three dots, farsi yeh, keheh, gaf
  usedChars(/\p{Script=Arabic}/u);

const TIFINAGH = range(0x2d30, 0x2d67) + '\u2d6f\u2d70\u2d7f' + usedChars(/\p{Script=Tifinagh}/u);

const FACES = [
  { from: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2', to: 'noto-sans-arabic-400.woff2', text: ARABIC },
  { from: '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2', to: 'noto-sans-arabic-700.woff2', text: ARABIC },
  { from: '@fontsource/noto-sans-tifinagh/files/noto-sans-tifinagh-tifinagh-400-normal.woff2', to: 'noto-sans-tifinagh-400.woff2', text: TIFINAGH },
];

fs.mkdirSync(OUT, { recursive: true });
for (const face of FACES) {
  const source = fs.readFileSync(path.join(ROOT, 'node_modules', face.from));
  const subset = await subsetFont(source, face.text + COMMON, { targetFormat: 'woff2' });
  fs.writeFileSync(path.join(OUT, face.to), subset);
  console.log(`${face.to}: ${source.length} → ${subset.length} bytes (${[...new Set(face.text)].length} characters)`);
}
