import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { contrastRatio, contrastWithWhite, MIN_CONTRAST, MIN_NON_TEXT_CONTRAST } from './contrast.ts';
import { DEMO_DIR, loadManifests, loadPlatformManifest, ManifestError, type TenantSpec } from './manifest.ts';
import { findArrondissement, findCommune } from './registry.ts';

// The 33 IRCAM signs (DOMAIN.md 5.1): 31 letters, ⴻ, and the labialisation mark ⵯ.
const IRCAM = new Set('ⴰⴱⴳⴷⴹⴻⴼⴽⵀⵃⵄⵅⵇⵉⵊⵍⵎⵏⵓⵔⵕⵖⵙⵚⵛⵜⵟⵡⵢⵣⵥⵯ');
const tifinaghLetters = (text: string) => [...text].filter((ch) => ch >= '\u2D30' && ch <= '\u2D7F');

const demo = loadManifests();
const platform = loadPlatformManifest();
const byCode = (code: string): TenantSpec => {
  const spec = demo.find((t) => t.code === code);
  if (!spec) throw new Error(`no demo tenant ${code}`);
  return spec;
};

describe('demo manifests', () => {
  it('load the three demo communes, each followed by its arrondissements', () => {
    expect(demo.filter((t) => t.kind === 'commune').map((t) => t.slug)).toEqual(['ben-guerir', 'casablanca', 'tetouan']);
    let commune: TenantSpec | undefined;
    for (const spec of demo) {
      if (spec.kind === 'commune') commune = spec;
      else expect(spec.parentCode).toBe(commune?.code);
    }
    const files = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.yaml'));
    expect(new Set(demo.map((t) => t.sourceFile))).toEqual(new Set(files.map((f) => `tenants/demo/${f}`)));
  });

  it('yields Casablanca then its 16 arrondissements', () => {
    const casablanca = demo.filter((t) => t.sourceFile === 'tenants/demo/casablanca.yaml');
    expect(casablanca).toHaveLength(17);
    expect(casablanca[0]).toMatchObject({ kind: 'commune', code: '06.141.01.0', slug: 'casablanca', population: 3215935 });
    expect(casablanca.slice(1).every((t) => t.kind === 'arrondissement' && t.parentCode === '06.141.01.0')).toBe(true);
    expect(new Set(casablanca.slice(1).map((t) => t.slug)).size).toBe(16);
    expect(casablanca[0]?.domains).toEqual(['casablancacity.ma']);
  });

  it('cross-check against the registry: slugs, names and population', () => {
    for (const spec of demo) {
      const row = spec.kind === 'commune' ? findCommune(spec.code) : findArrondissement(spec.code);
      expect(row, spec.code).toBeDefined();
      expect(spec.slug).toBe(row?.slug);
      expect(spec.population).toBe(row?.population2024);
      expect(spec.names.ar).toBeTruthy();
      expect(spec.names.fr).toBeTruthy();
    }
    expect(byCode('06.141.01.23').names).toEqual({ ar: 'الصخور السوداء', fr: 'Roches Noires', zgh: 'ⴰⵚⵚⵅⵓⵔ ⴰⵙⵙⴰⵡⴷⴰ' });
    expect(byCode('06.141.01.03').names.fr).toBe('Maârif');
    // Residents and the city write these without HCP's hyphens; the slugs stay the registry's.
    expect(['06.141.01.11', '06.141.01.13', '06.141.01.21', '06.141.01.25', '06.141.01.31', '06.141.01.41', '06.141.01.61'].map((code) => byCode(code).names.fr)).toEqual([
      'Al Fida',
      'Mers Sultan',
      'Aïn Sebaâ',
      'Hay Mohammadi',
      'Hay Hassani',
      'Aïn Chock',
      'Ben M’Sick',
    ]);
    expect(byCode('06.141.01.11').slug).toBe(findArrondissement('06.141.01.11')?.slug);
  });

  it('write Amazigh with IRCAM letters only', () => {
    for (const spec of [platform, ...demo]) {
      expect(tifinaghLetters(spec.names.zgh).every((ch) => IRCAM.has(ch)), spec.names.zgh).toBe(true);
      const welcome = spec.content.welcome.zgh ?? '';
      expect(tifinaghLetters(welcome).every((ch) => IRCAM.has(ch)), welcome).toBe(true);
    }
  });

  it('use distinct colours readable under white text, and existing SVG logos', () => {
    const communes = [platform, ...demo.filter((t) => t.kind === 'commune')];
    expect(new Set(communes.map((t) => t.branding.primaryColor)).size).toBe(communes.length);
    for (const spec of [platform, ...demo]) {
      expect(contrastWithWhite(spec.branding.primaryColor)).toBeGreaterThanOrEqual(MIN_CONTRAST);
      expect(contrastRatio(spec.branding.accentColor, spec.branding.primaryColor), spec.slug).toBeGreaterThanOrEqual(MIN_NON_TEXT_CONTRAST);
      expect(spec.branding.logo?.contentType).toBe('image/svg+xml');
      expect(path.isAbsolute(spec.branding.logo?.path ?? '')).toBe(true);
    }
  });

  it('make arrondissements inherit the city branding, field by field', () => {
    const casablanca = byCode('06.141.01.0');
    expect(byCode('06.141.01.03').branding).toEqual(casablanca.branding);
    expect(byCode('06.141.01.01').branding).toEqual({ ...casablanca.branding, primaryColor: '#0f5570' });
  });

  it('keep welcome gaps so the fallback marker can be demonstrated', () => {
    expect(byCode('01.571.01.11').content.welcome.zgh).toBeUndefined();
    expect(byCode('06.141.01.07').content.welcome).toEqual({ ar: expect.any(String) });
    expect(byCode('06.141.01.0').content.welcome).toEqual({ ar: expect.any(String), fr: expect.any(String), zgh: expect.any(String) });
  });

  it('claim no domain twice, the platform included', () => {
    const domains = [platform, ...demo].flatMap((t) => t.domains);
    expect(new Set(domains).size).toBe(domains.length);
  });
});

describe('loadPlatformManifest', () => {
  it('loads the platform as tenant MA without registry data', () => {
    expect(platform).toMatchObject({
      kind: 'platform',
      code: 'MA',
      slug: 'platform',
      parentCode: null,
      names: { ar: 'جماعة', fr: 'Jamaa', zgh: 'ⵊⴰⵎⴰⵄⴰ' },
      population: null,
      sourceFile: 'tenants/platform.yaml',
    });
    expect(Object.keys(platform.content.welcome).sort()).toEqual(['ar', 'fr', 'zgh']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Manifests written to temporary folders

// Tests build manifests as plain objects and mutate them freely, hence the loose type.
type Draft = Record<string, any>;

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>';

/** Writes the files (objects as YAML) next to a valid logo.svg, in a fresh folder. */
function writeDir(files: Record<string, Draft | string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jamaa-manifests-'));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, 'logo.svg'), SVG);
  writeFileSync(path.join(dir, 'other.svg'), SVG);
  writeFileSync(path.join(dir, 'fake.png'), SVG);
  writeFileSync(path.join(dir, 'script.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

function casablanca(): Draft {
  return {
    code: '06.141.01.0',
    names: { zgh: 'ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ' },
    status: 'active',
    branding: { primaryColor: '#0B4F8A', accentColor: '#c99a2e', logo: './logo.svg' },
    arrondissements: [
      { code: '06.141.01.01', names: { zgh: 'ⴰⵏⴼⴰ' } },
      { code: '06.141.01.03', names: { zgh: 'ⵍⵎⵄⴰⵔⵉⴼ' } },
      { code: '06.141.01.07', names: { zgh: 'ⵙⵉⴷⵉ ⴱⵍⵢⵓⵟ' } },
      { code: '06.141.01.11', names: { zgh: 'ⵍⴼⵉⴷⴰ' } },
    ],
  };
}

function benGuerir(): Draft {
  return { code: '07.427.01.01', names: { zgh: 'ⴱⵏ ⴳⵔⵉⵔ' }, status: 'active', branding: { primaryColor: '#9a4a1c', accentColor: '#f2c14e' } };
}

function platformDraft(): Draft {
  return {
    code: 'MA',
    names: { ar: 'جماعة', fr: 'Jamaa', zgh: 'ⵊⴰⵎⴰⵄⴰ' },
    status: 'active',
    branding: { primaryColor: '#0f5257', accentColor: '#e0a526' },
  };
}

function edit(draft: Draft, change: (m: Draft) => void): Draft {
  change(draft);
  return draft;
}

describe('loadManifests on a valid folder', () => {
  it('applies defaults: all locales, Arabic first, registry names, no domains, empty welcome', () => {
    const [city, anfa] = loadManifests(writeDir({ 'casablanca.yaml': casablanca() }));
    expect(city).toMatchObject({
      names: { ar: 'الدار البيضاء', fr: 'Casablanca', zgh: 'ⵜⴰⴷⴷⴰⵔⵜ ⵜⵓⵎⵍⵍⵉⵍⵜ' },
      locales: ['ar', 'fr', 'zgh'],
      defaultLocale: 'ar',
      fallbackLocales: ['ar', 'fr'],
      domains: [],
      content: { welcome: {} },
      branding: { primaryColor: '#0b4f8a' },
    });
    expect(anfa).toMatchObject({ kind: 'arrondissement', slug: 'anfa', status: 'active', names: { ar: 'أنفا', fr: 'Anfa' } });
  });

  it('limits default fallbacks to the tenant locales and lowercases domains', () => {
    const draft = edit(benGuerir(), (m) => {
      m.locales = ['fr', 'zgh'];
      m.defaultLocale = 'fr';
      m.domains = ['Www.BenGuerir.MA'];
    });
    const [spec] = loadManifests(writeDir({ 'ben-guerir.yaml': draft }));
    expect(spec).toMatchObject({ fallbackLocales: ['fr'], domains: ['www.benguerir.ma'], branding: { logo: null } });
  });

  it('lets an arrondissement override its status and logo while inheriting the rest', () => {
    const draft = edit(casablanca(), (m) => {
      m.arrondissements[1].status = 'provisioning';
      m.arrondissements[1].branding = { logo: './other.svg' };
    });
    const dir = writeDir({ 'casablanca.yaml': draft });
    const [city, , maarif] = loadManifests(dir);
    expect(maarif?.status).toBe('provisioning');
    expect(maarif?.branding).toEqual({ ...city?.branding, logo: { path: path.join(dir, 'other.svg'), contentType: 'image/svg+xml' } });
  });
});

describe('ManifestError', () => {
  it('names the manifest relative to the repository root', () => {
    const file = fileURLToPath(new URL('../demo/x.yaml', import.meta.url));
    const error = new ManifestError(file, 'names.zgh', 'is required');
    expect(error.message).toBe('tenants/demo/x.yaml: names.zgh: is required');
    expect(error).toMatchObject({ file: 'tenants/demo/x.yaml', field: 'names.zgh', reason: 'is required' });
  });
});

function office(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key: 'etat-civil',
    kind: 'civil_status',
    names: { ar: 'مكتب الحالة المدنية', fr: "Bureau de l'état civil" },
    address: { ar: 'ساحة محمد الخامس', fr: 'Place Mohammed V' },
    location: { lat: 33.5922, lng: -7.6187 },
    hours: [{ days: ['mon', 'tue'], opens: '08:30', closes: '16:30' }],
    ...patch,
  };
}

interface Defect {
  defect: string;
  files: Record<string, Draft | string>;
  /** The file the error must name; defaults to the only file, or the last one. */
  file?: string;
  field: string;
  reason: RegExp;
}

const defects: Defect[] = [
  { defect: 'YAML syntax error', files: { 'casablanca.yaml': 'code: [06.141.01.0\nstatus: active\n' }, field: '(root)', reason: /^YAML syntax error at line \d+/ },
  { defect: 'duplicate YAML key', files: { 'casablanca.yaml': "code: '06.141.01.0'\ncode: '06.141.01.0'\n" }, field: '(root)', reason: /YAML syntax error.*unique/i },
  { defect: 'empty file', files: { 'casablanca.yaml': '' }, field: '(root)', reason: /^must be a mapping, got null$/ },
  { defect: 'unknown top-level field', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.colour = 'red')) }, field: 'colour', reason: /^unknown field$/ },
  {
    defect: 'unknown arrondissement field',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[2].nmes = {})) },
    field: 'arrondissements[2].nmes',
    reason: /^unknown field$/,
  },
  {
    defect: 'unknown field in a branding override',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[0].branding = { color: '#000000' })) },
    field: 'arrondissements[0].branding.color',
    reason: /^unknown field$/,
  },
  { defect: 'missing status', files: { 'casablanca.yaml': edit(casablanca(), (m) => delete m.status) }, field: 'status', reason: /^is required$/ },
  { defect: 'status not in the lifecycle', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.status = 'open')) }, field: 'status', reason: /^must be one of "provisioning", "active"/ },
  { defect: 'code as a number', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.code = 6.141)) }, field: 'code', reason: /^must be a string, got a number$/ },
  { defect: 'locales as a string', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.locales = 'ar')) }, field: 'locales', reason: /^must be a list, got a string$/ },
  { defect: 'unknown locale', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.locales = ['ar', 'en'])) }, field: 'locales[1]', reason: /^must be one of "ar", "fr", "zgh"$/ },
  { defect: 'unknown commune code', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.code = '99.999.99.99')) }, field: 'code', reason: /^unknown commune code '99.999.99.99'/ },
  {
    defect: 'arrondissement code used as a commune',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.code = '06.141.01.01')) },
    field: 'code',
    reason: /is an arrondissement \(Anfa\), not a commune/,
  },
  {
    defect: 'unknown arrondissement code',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[3].code = '06.141.01.99')) },
    field: 'arrondissements[3].code',
    reason: /^unknown arrondissement code '06.141.01.99'/,
  },
  {
    defect: 'arrondissement of another city',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[1].code = '04.421.01.05')) },
    field: 'arrondissements[1].code',
    reason: /^arrondissement 04.421.01.05 \(Hassan\) belongs to commune 04.421.01.0, not 06.141.01.0/,
  },
  {
    defect: 'arrondissement listed twice',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[3].code = '06.141.01.01')) },
    field: 'arrondissements[3].code',
    reason: /^duplicate slug 'anfa' \(already used by .*casablanca.yaml arrondissements\[0\]\.code\)$/,
  },
  {
    defect: 'commune in two files',
    files: { 'a.yaml': casablanca(), 'b.yaml': casablanca() },
    file: 'b.yaml',
    field: 'code',
    reason: /^duplicate slug 'casablanca' \(already used by .*a.yaml code\)$/,
  },
  {
    defect: 'domain claimed by two communes',
    files: {
      'a.yaml': edit(casablanca(), (m) => (m.domains = ['casablancacity.ma'])),
      'b.yaml': edit(benGuerir(), (m) => (m.domains = ['CasablancaCity.ma'])),
    },
    file: 'b.yaml',
    field: 'domains[0]',
    reason: /^duplicate domain 'casablancacity.ma'/,
  },
  {
    defect: 'domain claimed by a commune and its arrondissement',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => ((m.domains = ['casablancacity.ma']), (m.arrondissements[2].domains = ['casablancacity.ma']))) },
    field: 'arrondissements[2].domains[0]',
    reason: /^duplicate domain/,
  },
  {
    defect: 'domain with a scheme',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.domains = ['https://casablancacity.ma'])) },
    field: 'domains[0]',
    reason: /^must be a bare hostname/,
  },
  { defect: 'default locale not among locales', files: { 'casablanca.yaml': edit(casablanca(), (m) => ((m.locales = ['fr', 'zgh']), (m.defaultLocale = 'ar'))) }, field: 'defaultLocale', reason: /^'ar' is not among locales \(fr, zgh\)$/ },
  { defect: 'fallback locale not among locales', files: { 'casablanca.yaml': edit(casablanca(), (m) => ((m.locales = ['ar', 'zgh']), (m.fallbackLocales = ['ar', 'fr']))) }, field: 'fallbackLocales[1]', reason: /^'fr' is not among locales/ },
  { defect: 'locale listed twice', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.locales = ['ar', 'fr', 'ar'])) }, field: 'locales[2]', reason: /^duplicate locale 'ar'$/ },
  { defect: 'malformed colour', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.primaryColor = '#12345')) }, field: 'branding.primaryColor', reason: /^must be a colour like #/ },
  { defect: 'colour name instead of hex', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.accentColor = 'gold')) }, field: 'branding.accentColor', reason: /^must be a colour like #/ },
  {
    defect: 'primary colour unreadable under white text',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.primaryColor = '#c99a2e')) },
    field: 'branding.primaryColor',
    reason: /^white text on #c99a2e has contrast 2\.\d\d:1, below the 4.5:1 WCAG AA minimum$/,
  },
  {
    defect: 'accent too close to the primary colour',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.accentColor = '#1a5f7b')) },
    field: 'branding.accentColor',
    reason: /^#1a5f7b on #[0-9a-f]{6} has contrast 1\.\d\d:1, below the 3:1 WCAG minimum/,
  },
  {
    defect: 'arrondissement primary colour that hides the inherited accent',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[1].branding = { primaryColor: '#7a5a10' })) },
    field: 'arrondissements[1].branding.accentColor',
    reason: /below the 3:1 WCAG minimum/,
  },
  {
    defect: 'unreadable arrondissement override',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[1].branding = { primaryColor: '#ffff00' })) },
    field: 'arrondissements[1].branding.primaryColor',
    reason: /below the 4.5:1/,
  },
  { defect: 'missing logo file', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.logo = './assets/nope.svg')) }, field: 'branding.logo', reason: /^logo file not found: .*assets\/nope.svg$/ },
  { defect: 'logo outside the manifest folder', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.logo = '../logo.svg')) }, field: 'branding.logo', reason: /^must be a relative path inside / },
  { defect: 'unsupported logo type', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.logo = './logo.gif')) }, field: 'branding.logo', reason: /^unsupported logo type '.gif'/ },
  { defect: 'logo content not matching its extension', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.logo = './fake.png')) }, field: 'branding.logo', reason: /is not a valid image\/png file$/ },
  { defect: 'SVG logo with a script', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.branding.logo = './script.svg')) }, field: 'branding.logo', reason: /must not contain scripts/ },
  {
    defect: 'missing arrondissement logo',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[0].branding = { logo: './missing.png' })) },
    field: 'arrondissements[0].branding.logo',
    reason: /^logo file not found/,
  },
  { defect: 'missing zgh name', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.names = { fr: 'Casablanca' })) }, field: 'names.zgh', reason: /^is required$/ },
  { defect: 'zgh name in Latin letters', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.names.zgh = 'Anfa')) }, field: 'names.zgh', reason: /^must be written in Tifinagh/ },
  {
    defect: 'arrondissement zgh name in Arabic letters',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.arrondissements[3].names.zgh = 'الفداء')) },
    field: 'arrondissements[3].names.zgh',
    reason: /^must be written in Tifinagh \(U\+2D30–U\+2D7F\)/,
  },
  { defect: 'zgh name with punctuation', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.names.zgh = 'ⴰⵏⴼⴰ.')) }, field: 'names.zgh', reason: /^must be written in Tifinagh/ },
  {
    defect: 'zgh welcome text in French',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.content = { welcome: { zgh: 'Bienvenue' } })) },
    field: 'content.welcome.zgh',
    reason: /found Latin or Arabic letters/,
  },
  { defect: 'empty French name override', files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.names.fr = '  ')) }, field: 'names.fr', reason: /^must not be empty$/ },
  {
    defect: 'office with latitude and longitude swapped',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.offices = [office({ location: { lat: -7.6187, lng: 33.5922 } })])) },
    field: 'offices[0].location.lat',
    reason: /Too small|>=|at least|must be/i,
  },
  {
    defect: 'office closing before it opens',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.offices = [office({ hours: [{ days: ['mon'], opens: '16:30', closes: '08:30' }] })])) },
    field: 'offices[0].hours[0].closes',
    reason: /^opens must be before closes$/,
  },
  {
    defect: 'office of an unknown kind',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.offices = [office({ kind: 'bakery' })])) },
    field: 'offices[0].kind',
    reason: /^must be one of "civil_status"/,
  },
  {
    defect: 'two offices with the same key',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.offices = [office(), office()])) },
    field: 'offices[1].key',
    reason: /^duplicate office key 'etat-civil'$/,
  },
  {
    defect: 'office phone that is not Moroccan',
    files: { 'casablanca.yaml': edit(casablanca(), (m) => (m.offices = [office({ phone: '0522000000' })])) },
    field: 'offices[0].phone',
    reason: /^must be a Moroccan number/,
  },
];

/** The ManifestError that `load` throws (any other outcome fails the test). */
function manifestErrorOf(load: () => unknown): ManifestError {
  try {
    load();
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error('expected a ManifestError, but the manifest loaded');
}

describe('loadManifests rejects a defective manifest', () => {
  it.each(defects)('$defect → $field', ({ files, file, field, reason }) => {
    const dir = writeDir(files);
    const expectedFile = path.join(dir, file ?? Object.keys(files).at(-1) ?? '');
    const error = manifestErrorOf(() => loadManifests(dir));
    expect({ file: error.file, field: error.field }).toEqual({ file: expectedFile, field });
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`${expectedFile}: ${field}: ${error.reason}`);
  });
});

describe('loadPlatformManifest rejects a defective manifest', () => {
  const platformDefects: { draft: Draft; field: string; reason: RegExp }[] = [
    { draft: edit(platformDraft(), (m) => (m.code = 'FR')), field: 'code', reason: /^must be one of "MA"$/ },
    { draft: edit(platformDraft(), (m) => delete m.names.ar), field: 'names.ar', reason: /^is required$/ },
    { draft: edit(platformDraft(), (m) => (m.arrondissements = [])), field: 'arrondissements', reason: /^unknown field$/ },
  ];
  it.each(platformDefects)('$field', ({ draft, field, reason }) => {
    const file = path.join(writeDir({ 'platform.yaml': draft }), 'platform.yaml');
    const error = manifestErrorOf(() => loadPlatformManifest(file));
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
  });
});
