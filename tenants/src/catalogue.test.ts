import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  CATALOGUE_DIR,
  CatalogueError,
  CERTIFICATION_CATEGORY,
  findLaw5519Violation,
  LAW_55_19_MAX_DAYS,
  loadCatalogue,
  ONLINE_PLATFORMS,
  type Service,
} from './catalogue.ts';
import { frenchTypographyFaults } from './french-typography.ts';

// The 33 IRCAM signs (DOMAIN.md 5.1): 31 letters, ⴻ, and the labialisation mark ⵯ.
const IRCAM = new Set('ⴰⴱⴳⴷⴹⴻⴼⴽⵀⵃⵄⵅⵇⵉⵊⵍⵎⵏⵓⵔⵕⵖⵙⵚⵛⵜⵟⵡⵢⵣⵥⵯ');
const tifinaghLetters = (text: string) => [...text].filter((ch) => ch >= '\u2D30' && ch <= '\u2D7F');

const catalogue = loadCatalogue();
const serviceFiles = readdirSync(path.join(CATALOGUE_DIR, 'services')).filter((name) => name.endsWith('.yaml'));
const byCode = (code: string): Service => {
  const service = catalogue.services.find((s) => s.code === code);
  if (!service) throw new Error(`no service ${code}`);
  return service;
};

/** Every `{ ar, fr, zgh? }` object inside `value`, with its path. */
function localizedTexts(value: unknown, at = ''): { at: string; text: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => localizedTexts(item, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = 'ar' in record || 'fr' in record ? [{ at, text: record }] : [];
  return [...own, ...Object.entries(record).flatMap(([key, child]) => (key === 'keywords' ? [] : localizedTexts(child, at ? `${at}.${key}` : key)))];
}

describe('national catalogue', () => {
  it('loads every service file, one service per file named by its code', () => {
    expect(catalogue.services.map((s) => `${s.code}.yaml`).sort()).toEqual([...serviceFiles].sort());
  });

  it('holds at least 40 services', () => {
    expect(catalogue.services.length).toBeGreaterThanOrEqual(40);
  });

  it('uses every category, and lists categories in order and services by category', () => {
    const used = new Set(catalogue.services.map((s) => s.category));
    expect(catalogue.categories.map((c) => c.code).filter((code) => !used.has(code))).toEqual([]);
    expect(catalogue.categories.map((c) => c.order)).toEqual([...catalogue.categories.map((c) => c.order)].sort((a, b) => a - b));
    const categoryIndex = catalogue.services.map((s) => catalogue.categories.findIndex((c) => c.code === s.category));
    expect(categoryIndex).toEqual([...categoryIndex].sort((a, b) => a - b));
  });

  it('is complete in Arabic and French, with Amazigh names for every service and category', () => {
    for (const entry of [...catalogue.categories, ...catalogue.services]) {
      for (const { at, text } of localizedTexts(entry)) {
        expect(typeof text.ar === 'string' && text.ar.trim() !== '', `${entry.code} ${at}.ar`).toBe(true);
        expect(typeof text.fr === 'string' && text.fr.trim() !== '', `${entry.code} ${at}.fr`).toBe(true);
      }
      expect(entry.names.zgh, entry.code).toMatch(/^[\u2D30-\u2D7F]/u);
    }
  });

  it('writes Amazigh with IRCAM letters only', () => {
    for (const entry of [...catalogue.categories, ...catalogue.services]) {
      for (const { text } of localizedTexts(entry)) {
        const zgh = typeof text.zgh === 'string' ? text.zgh : '';
        expect(tifinaghLetters(zgh).every((ch) => IRCAM.has(ch)), `${entry.code}: ${zgh}`).toBe(true);
      }
    }
  });

  it('gives every service what a resident asks first: documents or steps, cost, delay, where, legal basis, keywords', () => {
    for (const s of catalogue.services) {
      expect(s.steps.length, s.code).toBeGreaterThan(0);
      if (s.kind === 'service') expect(s.legalBasis.length, s.code).toBeGreaterThan(0);
      expect(s.delay.typical ?? s.delay.maxDays, s.code).toBeDefined();
      expect(s.keywords.ar?.length ?? 0, `${s.code} keywords.ar`).toBeGreaterThan(0);
      expect(s.keywords.fr?.length ?? 0, `${s.code} keywords.fr`).toBeGreaterThan(0);
      if (s.cost.kind === 'fixed') expect(s.cost.amountMad, s.code).toBeGreaterThan(0);
      if (s.cost.kind === 'varies') expect(s.cost.note, s.code).toBeDefined();
    }
  });

  it('demands no légalisation or certified copy in any application file (law 55.19, art. 7)', () => {
    const offending = catalogue.services
      .filter((s) => s.category !== CERTIFICATION_CATEGORY)
      .flatMap((s) => s.documents.flatMap((d) => [d.ar, d.fr, d.note?.ar, d.note?.fr].filter((t) => t && findLaw5519Violation(t)).map((t) => `${s.code}: ${t}`)));
    expect(offending).toEqual([]);
    // The certification services do name what they certify: the exemption is what lets them load.
    expect(byCode('signature-legalisation').documents.some((d) => findLaw5519Violation(d.fr))).toBe(true);
  });

  it('keeps legal maxima within 60 days and links online channels to their platform over https', () => {
    for (const s of catalogue.services) {
      if (s.delay.maxDays !== undefined) expect(s.delay.maxDays, s.code).toBeLessThanOrEqual(LAW_55_19_MAX_DAYS);
      const online = s.where.onlinePlatform;
      if (s.where.kind === 'office' || s.where.kind === 'elsewhere') expect(online, s.code).toBeUndefined();
      else {
        expect(online, s.code).toBeDefined();
        const url = new URL(online?.url ?? '');
        expect(url.protocol).toBe('https:');
        expect(url.hostname.endsWith(ONLINE_PLATFORMS[online?.code ?? 'rokhas'].host), s.code).toBe(true);
      }
    }
  });

  it('routes services to the national platforms that handle them (DOMAIN.md §4)', () => {
    const channel = (code: string) => byCode(code).where.onlinePlatform?.code;
    expect(channel('birth-certificate-extract')).toBe('watiqa');
    expect(channel('building-permit')).toBe('rokhas');
    expect(channel('business-licence')).toBe('rokhas');
    expect(channel('complaint')).toBe('chikaya');
    expect(channel('access-to-information')).toBe('chafafiya');
    expect(channel('mail-to-the-commune')).toBe('bod');
    expect(byCode('repair-permit').delay.maxDays).toBe(10);
    expect(byCode('individual-civil-status-record').cost).toMatchObject({ kind: 'fixed', amountMad: 2 });
  });

  it('marks facts as sourced only with a source', () => {
    for (const s of catalogue.services) {
      if (s.facts === 'sourced') expect(s.sources.length, s.code).toBeGreaterThan(0);
      else expect(s.typicalFields, s.code).toEqual([]);
    }
  });

  it('ranks every card by how often residents need it, legalisation and civil-status copies first', () => {
    expect(catalogue.services.filter((s) => s.frequencyRank === undefined).map((s) => s.code)).toEqual([]);
    const first = [...catalogue.services].sort((a, b) => (a.frequencyRank ?? 0) - (b.frequencyRank ?? 0)).slice(0, 3).map((s) => s.code);
    expect(first).toEqual(['signature-legalisation', 'copy-certification', 'birth-certificate-extract']);
  });

  it('points to the body that handles what residents ask the commune for but the commune does not deliver', () => {
    const pointers = catalogue.services.filter((s) => s.kind === 'pointer');
    expect(pointers.map((s) => s.code).sort()).toEqual(
      ['criminal-record-extract', 'housing-tax', 'marriage-act', 'national-identity-card', 'professional-tax', 'residence-certificate', 'urban-planning-note'].sort(),
    );
    for (const s of pointers) {
      expect(s.handledBy?.names.fr, s.code).toBeTruthy();
      expect(s.where, s.code).toEqual({ kind: 'elsewhere' });
      expect(s.documents, s.code).toEqual([]);
      expect(s.category, s.code).toBe('other-bodies');
    }
    expect(byCode('national-identity-card').handledBy?.url).toBe('https://www.cnie.ma');
    expect(byCode('housing-tax').handledBy?.url).toBe('https://www.tax.gov.ma');
  });

  it('links the idarati.ma procedures confirmed against a scraped record, and only those (tenants/README.md)', () => {
    const linked = catalogue.services.filter((s) => s.idarati).map((s) => [s.code, s.idarati?.url]);
    expect(linked).toEqual([
      ['classified-establishment-licence', 'https://idarati.ma/informationnel/fr/thematique/7e5762f0-2239-475c-84cf-2be1b46b44f2/2af408ce-cba8-414a-83d0-87afd7530922'],
      ['public-domain-occupation', 'https://idarati.ma/informationnel/fr/thematique/90270e39-6ce3-4cb2-b655-6fd64e3ae173/93b978be-cb38-4d28-9c0c-544bcab6dd81'],
    ]);
  });

  it('cites the civil-status law in force (36.21) on every civil-status card, the former 37.99 only as such', () => {
    for (const s of catalogue.services.filter((x) => x.category === 'civil-status')) {
      expect(s.legalBasis[0]?.ref, s.code).toBe('Loi n° 36.21');
      const former = s.legalBasis.find((b) => b.ref === 'Loi n° 37.99');
      if (former) expect(former.title?.fr, s.code).toMatch(/texte antérieur/);
    }
  });

  it('says where silence is acceptance, and keeps the name changes apart', () => {
    expect(byCode('building-permit').delay).toMatchObject({ maxDays: 60, silenceMeansAcceptance: true });
    // Law 12.90 art. 55: after a month the remedy is the local authority's substitution, not a tacit permit.
    expect(byCode('occupancy-permit').delay.maxDays).toBe(30);
    expect(byCode('occupancy-permit').delay.silenceMeansAcceptance).toBeUndefined();
    expect(byCode('family-name-change').names.fr).not.toMatch(/prénom/);
    expect(byCode('first-name-change').names.fr).toMatch(/prénom/);
    expect(byCode('public-domain-occupation').legalBasis.map((b) => b.ref)).toContain('Loi n° 57.19');
  });

  it("says when the commune's tariff sets a fee instead of calling it variable", () => {
    const tariff = catalogue.services.filter((s) => s.cost.kind === 'tariff');
    expect(tariff.length).toBeGreaterThan(20);
    expect(tariff.map((s) => s.code)).toEqual(expect.arrayContaining(['signature-legalisation', 'copy-certification', 'family-civil-status-record', 'hearse-service', 'ambulance-service']));
    // What is left "variable" depends on someone else (a ministry, the DGI, a court, an agency) or on the case.
    for (const s of catalogue.services.filter((s) => s.cost.kind === 'varies')) expect(s.cost.note?.fr, s.code).not.toMatch(/\bcommune\b/);
  });

  it('translates the ten most needed cards into Amazigh in full, flagged as drafts', () => {
    const top = catalogue.services.filter((s) => s.kind === 'service').sort((a, b) => (a.frequencyRank ?? 0) - (b.frequencyRank ?? 0)).slice(0, 10);
    for (const s of top) expect(s.translationStatus, s.code).toEqual({ zgh: 'draft' });
  });

  it('derives a stable version from the content', () => {
    expect(loadCatalogue().version).toBe(catalogue.version);
    expect(catalogue.version).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{12}$/);
  });
});

/** Every French text a resident reads on a card (names, texts, notes, legal titles; not keywords or sources), with its path. */
function displayedFrench(value: unknown, at = ''): { at: string; text: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => displayedFrench(item, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    if (key === 'keywords' || key === 'sources') return [];
    const path = at ? `${at}.${key}` : key;
    return key === 'fr' && typeof child === 'string' ? [{ at: path, text: child }] : displayedFrench(child, path);
  });
}

describe('French typography of the catalogue', () => {
  it('puts a narrow no-break space before ; : ? ! and inside « », and writes ’ for the apostrophe', () => {
    const problems = [...catalogue.categories.map((c) => ({ code: c.code, texts: displayedFrench(c) })), ...catalogue.services.map((s) => ({ code: s.code, texts: displayedFrench(s) }))].flatMap(
      ({ code, texts }) => texts.flatMap(({ at, text }) => [...new Set(frenchTypographyFaults(text).map((f) => f.reason))].map((reason) => `${code} ${at}: ${reason}`)),
    );
    expect(problems).toEqual([]);
  });
});

describe('findLaw5519Violation', () => {
  it.each([
    ['Copie certifiée conforme de la CNIE', 'certifiee conforme'],
    ['COPIE CERTIFIEE CONFORME du contrat', 'certifiee conforme'],
    ['Copie conforme à l’original du diplôme', 'copie conforme'],
    ['Contrat de bail légalisé', 'legalise'],
    ['Engagement avec signature légalisée', 'legalisee'],
    ['Attestation certifiée conforme à l\'original', 'certifiee conforme'],
    ['نسخة مصادق عليها من عقد الكراء', 'مصادق'],
    ['عقد كراء مصادق على إمضائه', 'مصادق'],
    ['نسخة مطابقة للأصل من البطاقة الوطنية', 'مطابقه اصل'],
    ['نسخة مطابقة للاصل', 'مطابقه اصل'],
    ['نسخة مُطابِقة لأصلها', 'مطابقه لاصلها'],
    ['التزام مصحح الإمضاء', 'مصحح امضا'],
    ['شهادة الإشهاد على مطابقة النسخة', 'اشهاد علي مطابقه'],
    ['وثيقة مع تصحيح الامضاء', 'تصحيح امضا'],
    ['نسخة طبق الأصل من البطاقة الوطنية', 'طبق اصل'],
    ['نسخة طبق الاصل', 'طبق اصل'],
    ['التزام بإمضاء مصحح', 'امضا مصحح'],
    ['وثيقة مع تصحيح إمضاء المعني', 'تصحيح امضا'],
    ['تصريح بالشرف بتوقيع مصحح', 'توقيع مصحح'],
    ['عقد كراء مصحح التوقيع', 'مصحح توقيع'],
    ['Copie certifiée de la CNIE', 'copie certifiee'],
    ['Deux copies certifiées du diplôme', 'copies certifiees'],
    ['Attestation certifiée', 'certifiee'],
    ['Contrat légalisé chez le notaire', 'legalise'],
  ])('flags %j', (text, words) => {
    expect(findLaw5519Violation(text)).toBe(words);
  });

  it.each([
    'Certificat de conformité',
    'Copie de l’acte de mariage',
    'Certificat médical constatant la naissance',
    'Certificat de l’architecte',
    'شهادة المطابقة',
    'نسخة من عقد الزواج',
    'شهادة المهندس المعماري تثبت مطابقة الأشغال للتصاميم المرخصة',
    'البناية أنجزت طبقا للتصاميم المرخصة',
    'التصحيح الإداري للأسماء',
  ])(
    'accepts %j',
    (text) => {
      expect(findLaw5519Violation(text)).toBeNull();
    },
  );
});

describe('CatalogueError', () => {
  it('names the file relative to the repository root, the service and the field', () => {
    const file = fileURLToPath(new URL('../catalogue/services/x.yaml', import.meta.url));
    const error = new CatalogueError(file, 'x', 'names.zgh', 'is required');
    expect(error.message).toBe('tenants/catalogue/services/x.yaml: x: names.zgh: is required');
    expect(error).toMatchObject({ file: 'tenants/catalogue/services/x.yaml', code: 'x', field: 'names.zgh', reason: 'is required' });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Catalogues written to temporary folders

// Tests build files as plain objects and mutate them freely, hence the loose type.
type Draft = Record<string, any>;

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const text = (ar: string, fr: string) => ({ ar, fr });

function categories(): Draft {
  return {
    categories: [
      { code: 'civil-status', order: 1, icon: 'id-card', names: { ar: 'الحالة المدنية', fr: 'État civil', zgh: 'ⴰⴷⴷⴰⴷ ⴰⵏⴰⵎⵓⵏ' } },
      { code: 'legalisation', order: 2, icon: 'stamp', names: { ar: 'تصحيح الإمضاء', fr: 'Légalisation', zgh: 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵓⵣⵎⵓⵍ' } },
      { code: 'urbanism', order: 3, icon: 'building-2', names: { ar: 'التعمير', fr: 'Urbanisme', zgh: 'ⵜⴰⵖⵔⵎⴰⵏⵜ' } },
    ],
  };
}

function service(code = 'birth-declaration'): Draft {
  return {
    code,
    category: 'civil-status',
    audiences: ['residents'],
    names: { ar: 'التصريح بالولادة', fr: 'Déclaration de naissance', zgh: 'ⴰⵙⵏⵖⵎⵙ ⵏ ⵜⵍⴰⵍⵉⵜ' },
    summary: text('تسجيل المولود.', 'Inscription du nouveau-né.'),
    eligibility: text('الأب أو الأم.', 'Le père ou la mère.'),
    documents: [
      { ar: 'شهادة طبية تثبت الولادة', fr: 'Certificat médical constatant la naissance' },
      { ar: 'دفتر الحالة المدنية', fr: "Livret d'état civil", optional: true },
    ],
    steps: [text('الحضور إلى مكتب الحالة المدنية.', "Se présenter au bureau d'état civil.")],
    cost: { kind: 'free' },
    delay: { typical: text('في نفس اليوم.', 'Le jour même.') },
    where: { kind: 'office', officeKind: 'civil_status' },
    legalBasis: [{ ref: 'Loi n° 37.99', title: text('القانون رقم 37.99', 'Loi n° 37.99') }],
    keywords: { ar: ['ولادة'], fr: ['naissance'] },
    facts: 'typical',
    lastReviewed: '2026-11-23',
  };
}

function permit(): Draft {
  return {
    ...service('building-permit'),
    category: 'urbanism',
    names: { ar: 'رخصة البناء', fr: 'Autorisation de construire', zgh: 'ⵜⵓⵔⴰⴳⵜ ⵏ ⵓⴱⵏⴰⵢ' },
    documents: [{ ar: 'شهادة الملكية', fr: 'Certificat de propriété' }],
    delay: { maxDays: 60 },
    where: { kind: 'both', officeKind: 'urbanism_one_stop_shop', onlinePlatform: { code: 'rokhas', url: 'https://www.rokhas.ma' } },
    facts: 'sourced',
    typicalFields: ['documents'],
    sources: ['DOMAIN.md §4 C16'],
  };
}

function pointerCard(): Draft {
  return {
    ...service('national-identity-card'),
    kind: 'pointer',
    names: { ar: 'البطاقة الوطنية', fr: "Carte nationale d'identité", zgh: 'ⵜⴰⴽⴰⵕⴹⴰ ⵜⴰⵏⴰⵎⵓⵔⵜ' },
    handledBy: { names: { ar: 'المديرية العامة للأمن الوطني', fr: 'DGSN' }, url: 'https://www.cnie.ma' },
    documents: [],
    where: { kind: 'elsewhere' },
    legalBasis: [],
  };
}

function edit(draft: Draft, change: (d: Draft) => void): Draft {
  change(draft);
  return draft;
}

/** Writes categories.yaml (unless given `null`) and the service files, as YAML when given objects. */
function writeCatalogue(services: Record<string, Draft | string>, categoriesFile: Draft | string | null = categories()): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jamaa-catalogue-'));
  tempDirs.push(dir);
  if (categoriesFile !== null) writeFileSync(path.join(dir, 'categories.yaml'), typeof categoriesFile === 'string' ? categoriesFile : stringify(categoriesFile));
  mkdirSync(path.join(dir, 'services'));
  for (const [name, content] of Object.entries(services)) {
    writeFileSync(path.join(dir, 'services', name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

describe('loadCatalogue on a valid folder', () => {
  it('applies defaults and orders services by category then code', () => {
    const { categories: cats, services } = loadCatalogue(writeCatalogue({ 'building-permit.yaml': permit(), 'birth-declaration.yaml': service() }));
    expect(cats.map((c) => c.code)).toEqual(['civil-status', 'legalisation', 'urbanism']);
    expect(services.map((s) => s.code)).toEqual(['birth-declaration', 'building-permit']);
    expect(services[0]).toMatchObject({ typicalFields: [], sources: [], documents: [{ optional: false }, { optional: true }] });
  });

  it('lets a legalisation service name what it legalises', () => {
    const draft = edit(service('signature-legalisation'), (s) => {
      s.category = 'legalisation';
      s.names = { ar: 'تصحيح الإمضاء', fr: 'Légalisation de signature', zgh: 'ⴰⵙⵙⵉⴷⵜ ⵏ ⵓⵣⵎⵓⵍ' };
      s.documents = [{ ar: 'الوثيقة المراد تصحيح الإمضاء عليها', fr: 'Le document dont la signature est à légaliser' }];
    });
    expect(loadCatalogue(writeCatalogue({ 'signature-legalisation.yaml': draft })).services).toHaveLength(1);
  });

  it('loads a pointer card without documents or legal basis, its kind defaulting to service elsewhere', () => {
    const { services } = loadCatalogue(writeCatalogue({ 'national-identity-card.yaml': pointerCard(), 'birth-declaration.yaml': service() }));
    expect(services.map((s) => [s.code, s.kind])).toEqual([
      ['birth-declaration', 'service'],
      ['national-identity-card', 'pointer'],
    ]);
  });

  it('keeps an idarati.ma procedure link, with or without www. and its procedure id', () => {
    const url = 'https://www.idarati.ma/informationnel/fr/thematique/90270e39-6ce3-4cb2-b655-6fd64e3ae173/93b978be-cb38-4d28-9c0c-544bcab6dd81';
    const draft = edit(service(), (s) => (s.idarati = { url, procedureId: '93b978be-cb38-4d28-9c0c-544bcab6dd81' }));
    expect(loadCatalogue(writeCatalogue({ 'birth-declaration.yaml': draft })).services[0]?.idarati).toEqual({ url, procedureId: '93b978be-cb38-4d28-9c0c-544bcab6dd81' });
  });

  it('accepts a delay beyond 60 days when an exception cites one of its legal texts', () => {
    const draft = edit(permit(), (s) => {
      s.delay = { maxDays: 90, maxDaysException: { ref: 'Loi n° 37.99' } };
    });
    expect(loadCatalogue(writeCatalogue({ 'building-permit.yaml': draft })).services[0]?.delay.maxDays).toBe(90);
  });

  it('changes the version with the content, not with key order or comments', () => {
    const base = loadCatalogue(writeCatalogue({ 'birth-declaration.yaml': service() })).version;
    const reordered = Object.fromEntries(Object.entries(service()).reverse());
    expect(loadCatalogue(writeCatalogue({ 'birth-declaration.yaml': `# comment\n${stringify(reordered)}` })).version).toBe(base);
    const changed = edit(service(), (s) => (s.summary.fr = 'Autre texte.'));
    expect(loadCatalogue(writeCatalogue({ 'birth-declaration.yaml': changed })).version).not.toBe(base);
  });
});

interface Defect {
  defect: string;
  services?: Record<string, Draft | string>;
  categories?: Draft | string | null;
  /** The file the error must name, relative to the temporary folder. */
  file: string;
  code: string;
  field: string;
  reason: RegExp;
}

const one = (draft: Draft): Record<string, Draft> => ({ [`${draft.code}.yaml`]: draft });
const S = 'services/birth-declaration.yaml';
const P = 'services/building-permit.yaml';
const N = 'services/national-identity-card.yaml';

const defects: Defect[] = [
  // Files
  { defect: 'YAML syntax error', services: { 'birth-declaration.yaml': 'code: [birth\nnames: x\n' }, file: S, code: 'birth-declaration', field: '(root)', reason: /^YAML syntax error at line \d+/ },
  { defect: 'empty service file', services: { 'birth-declaration.yaml': '' }, file: S, code: 'birth-declaration', field: '(root)', reason: /^must be a mapping, got null$/ },
  { defect: 'categories.yaml missing', services: one(service()), categories: null, file: 'categories.yaml', code: '(file)', field: '(root)', reason: /^cannot read file \(ENOENT\)$/ },
  { defect: 'no service files', services: {}, file: 'services', code: '(file)', field: '(root)', reason: /^no service files/ },
  // Codes and categories
  { defect: 'unknown category', services: one(edit(service(), (s) => (s.category = 'sport'))), file: S, code: 'birth-declaration', field: 'category', reason: /^unknown category 'sport' \(.*categories.yaml has civil-status, legalisation, urbanism\)$/ },
  { defect: 'code ≠ file name', services: { 'birth-declaration.yaml': edit(service(), (s) => (s.code = 'birth')) }, file: S, code: 'birth', field: 'code', reason: /^must match the file name: expected 'birth-declaration' \(from birth-declaration.yaml\), got 'birth'$/ },
  { defect: 'code not kebab-case', services: { 'birth-declaration.yaml': edit(service(), (s) => (s.code = 'Birth_Declaration')) }, file: S, code: 'Birth_Declaration', field: 'code', reason: /^must be kebab-case/ },
  {
    defect: 'duplicate code (.yaml and .yml)',
    services: { 'birth-declaration.yaml': service(), 'birth-declaration.yml': edit(service(), (s) => (s.names.fr = 'Autre')) },
    file: 'services/birth-declaration.yml',
    code: 'birth-declaration',
    field: 'code',
    reason: /^duplicate service code 'birth-declaration' \(already defined in .*birth-declaration.yaml\)$/,
  },
  {
    defect: 'two services with the same French name',
    services: { ...one(service()), ...one(edit(service('birth-notice'), (s) => ((s.names.fr = 'DÉCLARATION DE NAISSANCE'), (s.names.ar = 'إشعار'), (s.names.zgh = 'ⴰⵙⵏⵖⵎⵙ')))) },
    file: 'services/birth-notice.yaml',
    code: 'birth-notice',
    field: 'names.fr',
    reason: /^same name as service 'birth-declaration'$/,
  },
  { defect: 'unknown field', services: one(edit(service(), (s) => (s.price = 10))), file: S, code: 'birth-declaration', field: 'price', reason: /^unknown field$/ },
  { defect: 'unknown field in a document', services: one(edit(service(), (s) => (s.documents[1].copies = 2))), file: S, code: 'birth-declaration', field: 'documents[1].copies', reason: /^unknown field$/ },
  // Languages and scripts
  { defect: 'missing Arabic name', services: one(edit(service(), (s) => delete s.names.ar)), file: S, code: 'birth-declaration', field: 'names.ar', reason: /^is required$/ },
  { defect: 'missing French summary', services: one(edit(service(), (s) => delete s.summary.fr)), file: S, code: 'birth-declaration', field: 'summary.fr', reason: /^is required$/ },
  { defect: 'empty Arabic step', services: one(edit(service(), (s) => (s.steps[0].ar = '  '))), file: S, code: 'birth-declaration', field: 'steps[0].ar', reason: /^must not be empty$/ },
  { defect: 'missing zgh name', services: one(edit(service(), (s) => delete s.names.zgh)), file: S, code: 'birth-declaration', field: 'names.zgh', reason: /^is required$/ },
  { defect: 'zgh name in Latin letters', services: one(edit(service(), (s) => (s.names.zgh = 'Asnɣms'))), file: S, code: 'birth-declaration', field: 'names.zgh', reason: /^must be written in Tifinagh/ },
  { defect: 'zgh name with a non-IRCAM sign', services: one(edit(service(), (s) => (s.names.zgh = 'ⴰⵙⵏⵖⵎⵙ ⵏ ⵜⵍⴰⵍⵉⵜ ⵠ'))), file: S, code: 'birth-declaration', field: 'names.zgh', reason: /^uses ⵠ \(U\+2D60\), which is not one of the 33 IRCAM/ },
  { defect: 'zgh summary in Arabic letters', services: one(edit(service(), (s) => (s.summary.zgh = 'تسجيل'))), file: S, code: 'birth-declaration', field: 'summary.zgh', reason: /found Latin or Arabic letters/ },
  { defect: 'Arabic text in a French field', services: one(edit(service(), (s) => (s.documents[0].fr = 'شهادة طبية'))), file: S, code: 'birth-declaration', field: 'documents[0].fr', reason: /^must be written in French/ },
  { defect: 'French text in an Arabic field', services: one(edit(service(), (s) => (s.eligibility.ar = 'Le père'))), file: S, code: 'birth-declaration', field: 'eligibility.ar', reason: /^must be written in Arabic/ },
  { defect: 'Latin keyword among Arabic keywords', services: one(edit(service(), (s) => (s.keywords.ar = ['ولادة', 'naissance']))), file: S, code: 'birth-declaration', field: 'keywords.ar[1]', reason: /^must be written in Arabic/ },
  // Law 55.19, art. 7
  {
    defect: 'French document demanding a certified copy',
    services: one(edit(service(), (s) => s.documents.push({ ar: 'البطاقة الوطنية', fr: 'Copie certifiée conforme de la CNIE' }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[2].fr',
    reason: /^demands légalisation or a certified copy \("certifiee conforme"\): law 55.19 \(art. 7\) forbids/,
  },
  {
    defect: 'French document demanding a legalised contract',
    services: one(edit(service(), (s) => (s.documents[1] = { ar: 'عقد الكراء', fr: 'Contrat de bail légalisé' }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[1].fr',
    reason: /\("legalise"\): law 55.19/,
  },
  {
    defect: 'Arabic document demanding a certified copy',
    services: one(edit(service(), (s) => s.documents.push({ ar: 'نسخة مصادق عليها من عقد الكراء', fr: 'Contrat de bail' }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[2].ar',
    reason: /\("مصادق"\): law 55.19/,
  },
  {
    defect: 'Arabic document demanding a copy "true to the original", written without hamza',
    services: one(edit(service(), (s) => (s.documents[0].ar = 'نسخة مطابقة للاصل من الشهادة'))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[0].ar',
    reason: /law 55.19 \(art. 7\)/,
  },
  {
    defect: 'document note demanding a legalised signature',
    services: one(edit(service(), (s) => (s.documents[1].note = { ar: 'عند الاقتضاء', fr: 'Avec signature légalisée du père' }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[1].note.fr',
    reason: /law 55.19 \(art. 7\)/,
  },
  {
    defect: 'Arabic document demanding «نسخة طبق الأصل»',
    services: one(edit(service(), (s) => s.documents.push({ ar: 'نسخة طبق الأصل من عقد الكراء', fr: 'Contrat de bail' }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[2].ar',
    reason: /\("طبق اصل"\): law 55.19/,
  },
  {
    defect: 'Arabic document demanding a signature «بإمضاء مصحح»',
    services: one(edit(service(), (s) => s.documents.push({ ar: 'التزام بإمضاء مصحح', fr: 'Engagement signé' }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[2].ar',
    reason: /\("امضا مصحح"\): law 55.19/,
  },
  {
    defect: 'French document demanding a «copie certifiée» without «conforme»',
    services: one(edit(service(), (s) => s.documents.push({ ar: 'البطاقة الوطنية', fr: 'Copie certifiée de la CNIE' }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[2].fr',
    reason: /\("copie certifiee"\): law 55.19/,
  },
  // The office that keeps the civil-status registers (law 55.19)
  {
    defect: 'civil-status office demanding an extract of its own act',
    services: one(edit(service(), (s) => s.documents.push({ ar: 'نسخة موجزة من رسم الولادة', fr: "Extrait d'acte de naissance" }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[2]',
    reason: /^demands a civil-status act \("extrait d acte de naissance"\) from the office that holds it/,
  },
  {
    defect: 'civil-status office asking for a fiche, optional but without saying when',
    services: one(edit(service(), (s) => s.documents.push({ ar: 'البطاقة الشخصية للحالة المدنية', fr: "Fiche individuelle d'état civil", optional: true }))),
    file: S,
    code: 'birth-declaration',
    field: 'documents[2]',
    reason: /from the office that holds it/,
  },
  // Delays
  {
    defect: 'maxDays beyond 60 days',
    services: one(edit(permit(), (s) => (s.delay.maxDays = 90))),
    file: P,
    code: 'building-permit',
    field: 'delay.maxDays',
    reason: /^90 days exceeds the 60-day maximum of law 55.19; if another text allows it, set delay.maxDaysException/,
  },
  {
    defect: 'exception citing a text the service does not rest on',
    services: one(edit(permit(), (s) => (s.delay = { maxDays: 90, maxDaysException: { ref: 'Décret n° 9.99.999' } }))),
    file: P,
    code: 'building-permit',
    field: 'delay.maxDaysException.ref',
    reason: /^'Décret n° 9.99.999' must be one of the service's legalBasis refs \('Loi n° 37.99'\)$/,
  },
  { defect: 'exception without need', services: one(edit(permit(), (s) => (s.delay.maxDaysException = { ref: 'Loi n° 37.99' }))), file: P, code: 'building-permit', field: 'delay.maxDaysException', reason: /^is only allowed when maxDays exceeds 60$/ },
  { defect: 'maxDays not a whole number', services: one(edit(permit(), (s) => (s.delay.maxDays = 12.5))), file: P, code: 'building-permit', field: 'delay.maxDays', reason: /^must be a whole number, got 12.5$/ },
  { defect: 'silence without a deadline', services: one(edit(service(), (s) => (s.delay.silenceMeansAcceptance = true))), file: S, code: 'birth-declaration', field: 'delay.silenceMeansAcceptance', reason: /^needs maxDays/ },
  { defect: 'delay saying nothing', services: one(edit(service(), (s) => (s.delay = {}))), file: S, code: 'birth-declaration', field: 'delay.typical', reason: /^is required when maxDays is not given/ },
  // Cost
  { defect: 'fixed cost without an amount', services: one(edit(service(), (s) => (s.cost = { kind: 'fixed' }))), file: S, code: 'birth-declaration', field: 'cost.amountMad', reason: /^is required when kind is fixed$/ },
  { defect: 'negative fixed cost', services: one(edit(service(), (s) => (s.cost = { kind: 'fixed', amountMad: -2 }))), file: S, code: 'birth-declaration', field: 'cost.amountMad', reason: /^must be a positive amount in dirhams, got -2/ },
  { defect: 'zero fixed cost', services: one(edit(service(), (s) => (s.cost = { kind: 'fixed', amountMad: 0 }))), file: S, code: 'birth-declaration', field: 'cost.amountMad', reason: /use kind: free/ },
  { defect: 'amount given as text', services: one(edit(service(), (s) => (s.cost = { kind: 'fixed', amountMad: '20 DH' }))), file: S, code: 'birth-declaration', field: 'cost.amountMad', reason: /^must be a number, got a string$/ },
  { defect: 'amount on a varying cost', services: one(edit(service(), (s) => (s.cost = { kind: 'varies', amountMad: 20, note: text('حسب الحالة', 'Selon le cas') }))), file: S, code: 'birth-declaration', field: 'cost.amountMad', reason: /^is only allowed when kind is fixed/ },
  { defect: 'varying cost without a note', services: one(edit(service(), (s) => (s.cost = { kind: 'varies' }))), file: S, code: 'birth-declaration', field: 'cost.note', reason: /^is required when kind is varies/ },
  { defect: 'amount on a tariff cost', services: one(edit(service(), (s) => (s.cost = { kind: 'tariff', amountMad: 20 }))), file: S, code: 'birth-declaration', field: 'cost.amountMad', reason: /^is only allowed when kind is fixed/ },
  {
    defect: "varying cost that is the commune's tariff",
    services: one(edit(service(), (s) => (s.cost = { kind: 'varies', note: text('يحدده القرار الجبائي للجماعة', "Fixé par l'arrêté fiscal de la commune") }))),
    file: S,
    code: 'birth-declaration',
    field: 'cost.kind',
    reason: /use kind: tariff$/,
  },
  {
    defect: 'varying cost «selon la commune»',
    services: one(edit(service(), (s) => (s.cost = { kind: 'varies', note: text('مجاني أو بمقابل', 'Gratuit ou payant selon la commune.') }))),
    file: S,
    code: 'birth-declaration',
    field: 'cost.kind',
    reason: /use kind: tariff$/,
  },
  {
    defect: 'varying cost «حسب الجماعة»',
    services: one(edit(service(), (s) => (s.cost = { kind: 'varies', note: text('طابع أو رسم بسيط حسب الجماعة.', 'Timbre ou droit modique.') }))),
    file: S,
    code: 'birth-declaration',
    field: 'cost.kind',
    reason: /use kind: tariff$/,
  },
  { defect: 'unknown cost kind', services: one(edit(service(), (s) => (s.cost = { kind: 'cheap' }))), file: S, code: 'birth-declaration', field: 'cost.kind', reason: /^must be one of "free", "fixed", "varies", "tariff"$/ },
  // Where and online channels
  { defect: 'online without a platform', services: one(edit(permit(), (s) => delete s.where.onlinePlatform)), file: P, code: 'building-permit', field: 'where.onlinePlatform', reason: /^is required when kind is both$/ },
  { defect: 'online channel without a URL', services: one(edit(permit(), (s) => delete s.where.onlinePlatform.url)), file: P, code: 'building-permit', field: 'where.onlinePlatform.url', reason: /^is required$/ },
  { defect: 'URL over http', services: one(edit(permit(), (s) => (s.where.onlinePlatform.url = 'http://www.rokhas.ma'))), file: P, code: 'building-permit', field: 'where.onlinePlatform.url', reason: /^must use https \(got 'http'\)$/ },
  { defect: 'not a URL', services: one(edit(permit(), (s) => (s.where.onlinePlatform.url = 'rokhas.ma'))), file: P, code: 'building-permit', field: 'where.onlinePlatform.url', reason: /^'rokhas.ma' is not a valid URL$/ },
  { defect: 'URL of another platform', services: one(edit(permit(), (s) => (s.where.onlinePlatform.url = 'https://www.watiqa.ma'))), file: P, code: 'building-permit', field: 'where.onlinePlatform.url', reason: /^must be on rokhas.ma for platform 'rokhas', got www.watiqa.ma$/ },
  { defect: 'look-alike host', services: one(edit(permit(), (s) => (s.where.onlinePlatform.url = 'https://rokhas.ma.example.com'))), file: P, code: 'building-permit', field: 'where.onlinePlatform.url', reason: /^must be on rokhas.ma/ },
  { defect: 'unknown platform', services: one(edit(permit(), (s) => (s.where.onlinePlatform.code = 'bawabati'))), file: P, code: 'building-permit', field: 'where.onlinePlatform.code', reason: /^must be one of "rokhas", "watiqa"/ },
  { defect: 'office without an office kind', services: one(edit(service(), (s) => delete s.where.officeKind)), file: S, code: 'birth-declaration', field: 'where.officeKind', reason: /^is required when kind is office$/ },
  { defect: 'unknown office kind', services: one(edit(service(), (s) => (s.where.officeKind = 'town_hall'))), file: S, code: 'birth-declaration', field: 'where.officeKind', reason: /^must be one of "civil_status"/ },
  { defect: 'online-only with an office', services: one(edit(permit(), (s) => (s.where.kind = 'online'))), file: P, code: 'building-permit', field: 'where.officeKind', reason: /^is not allowed when kind is online/ },
  {
    defect: 'office-only with a platform',
    services: one(edit(service(), (s) => (s.where.onlinePlatform = { code: 'watiqa', url: 'https://www.watiqa.ma' }))),
    file: S,
    code: 'birth-declaration',
    field: 'where.onlinePlatform',
    reason: /^is not allowed when kind is office/,
  },
  // Pointer cards: what another body handles
  { defect: 'pointer without handledBy', services: one(edit(pointerCard(), (s) => delete s.handledBy)), file: N, code: 'national-identity-card', field: 'handledBy', reason: /^is required when kind is pointer/ },
  { defect: 'handledBy on a commune service', services: one(edit(service(), (s) => (s.handledBy = pointerCard().handledBy))), file: S, code: 'birth-declaration', field: 'handledBy', reason: /^is only allowed when kind is pointer$/ },
  { defect: 'pointer sending residents to a commune office', services: one(edit(pointerCard(), (s) => (s.where = { kind: 'office', officeKind: 'reception' }))), file: N, code: 'national-identity-card', field: 'where.kind', reason: /^must be elsewhere when kind is pointer$/ },
  { defect: 'commune service said to be elsewhere', services: one(edit(service(), (s) => (s.where = { kind: 'elsewhere' }))), file: S, code: 'birth-declaration', field: 'where.kind', reason: /^is only allowed when kind is pointer$/ },
  { defect: 'pointer copying the other body’s document list', services: one(edit(pointerCard(), (s) => (s.documents = [text('صورة', 'Photo')]))), file: N, code: 'national-identity-card', field: 'documents', reason: /^must be empty when kind is pointer/ },
  { defect: 'elsewhere with a commune office kind', services: one(edit(pointerCard(), (s) => (s.where.officeKind = 'reception'))), file: N, code: 'national-identity-card', field: 'where.officeKind', reason: /^is not allowed when kind is elsewhere/ },
  { defect: 'handledBy link over http', services: one(edit(pointerCard(), (s) => (s.handledBy.url = 'http://www.cnie.ma'))), file: N, code: 'national-identity-card', field: 'handledBy.url', reason: /^must use https/ },
  // idarati, frequency, translation
  ...(() => {
    const page = (lang: string, thematic: string, procedure: string) => `https://idarati.ma/informationnel/${lang}/thematique/${thematic}/${procedure}`;
    const thematic = '90270e39-6ce3-4cb2-b655-6fd64e3ae173';
    const procedure = '93b978be-cb38-4d28-9c0c-544bcab6dd81';
    const notAPage = /^must be a procedure page in French: https:\/\/idarati.ma\/informationnel\/fr\/thematique\/<thematicId>\/<procedureId>/;
    const withIdarati = (idarati: Draft) => one(edit(service(), (s) => (s.idarati = idarati)));
    return [
      { defect: 'idarati link to the home page', services: withIdarati({ url: 'https://www.idarati.ma' }), file: S, code: 'birth-declaration', field: 'idarati.url', reason: notAPage },
      { defect: 'idarati link to a theme, not a procedure', services: withIdarati({ url: `https://idarati.ma/informationnel/fr/thematique/${thematic}` }), file: S, code: 'birth-declaration', field: 'idarati.url', reason: notAPage },
      { defect: 'idarati link in its Arabic form', services: withIdarati({ url: page('ar', thematic, procedure) }), file: S, code: 'birth-declaration', field: 'idarati.url', reason: notAPage },
      { defect: 'idarati link with a numeric id', services: withIdarati({ url: page('fr', '42', '11434') }), file: S, code: 'birth-declaration', field: 'idarati.url', reason: notAPage },
      { defect: 'idarati link with an uppercase UUID', services: withIdarati({ url: page('fr', thematic, procedure.toUpperCase()) }), file: S, code: 'birth-declaration', field: 'idarati.url', reason: notAPage },
      { defect: 'idarati procedure id that is not a UUID', services: withIdarati({ url: page('fr', thematic, procedure), procedureId: '11434' }), file: S, code: 'birth-declaration', field: 'idarati.procedureId', reason: /^must be a lowercase UUID/ },
      {
        defect: 'idarati procedure id of another procedure',
        services: withIdarati({ url: page('fr', thematic, procedure), procedureId: '2af408ce-cba8-414a-83d0-87afd7530922' }),
        file: S,
        code: 'birth-declaration',
        field: 'idarati.procedureId',
        reason: /^must be the URL's procedure \(93b978be-cb38-4d28-9c0c-544bcab6dd81\), got 2af408ce-/,
      },
    ];
  })(),
  { defect: 'idarati link on another host', services: one(edit(service(), (s) => (s.idarati = { url: 'https://www.watiqa.ma/procedure' }))), file: S, code: 'birth-declaration', field: 'idarati.url', reason: /^must be on idarati.ma, got www.watiqa.ma$/ },
  { defect: 'frequency rank of zero', services: one(edit(service(), (s) => (s.frequencyRank = 0))), file: S, code: 'birth-declaration', field: 'frequencyRank', reason: /too small|>0|greater than 0/ },
  {
    defect: 'card flagged as translated with a step left in Arabic only',
    services: one(edit(service(), (s) => {
      s.translationStatus = { zgh: 'draft' };
      s.summary.zgh = 'ⴰⵣⵎⵎⴻⵎ ⵏ ⵓⵔⴱⴰ.';
      s.eligibility.zgh = 'ⴱⴰⴱⴰⵙ ⵏⵖ ⵢⵎⵎⴰⵙ.';
      s.documents.forEach((d: Draft) => (d.zgh = 'ⵜⴰⴼⵔⴽⵉⵜ'));
      s.delay.typical.zgh = 'ⴰⵙⵙ ⴰⴷ.';
      s.legalBasis[0].title.zgh = 'ⴰⵣⵔⴼ';
    })),
    file: S,
    code: 'birth-declaration',
    field: 'steps[0].zgh',
    reason: /^is required when translationStatus.zgh is draft$/,
  },
  // Audiences, steps, legal basis, facts, dates, contact
  { defect: 'unknown audience', services: one(edit(service(), (s) => (s.audiences = ['residents', 'tourists']))), file: S, code: 'birth-declaration', field: 'audiences[1]', reason: /^must be one of "residents", "businesses", "associations"$/ },
  { defect: 'audience listed twice', services: one(edit(service(), (s) => (s.audiences = ['residents', 'residents']))), file: S, code: 'birth-declaration', field: 'audiences[1]', reason: /^duplicate audience 'residents'$/ },
  { defect: 'no steps', services: one(edit(service(), (s) => (s.steps = []))), file: S, code: 'birth-declaration', field: 'steps', reason: /^must list at least one step$/ },
  { defect: 'no legal basis', services: one(edit(service(), (s) => (s.legalBasis = []))), file: S, code: 'birth-declaration', field: 'legalBasis', reason: /^must cite at least one legal text$/ },
  { defect: 'sourced without sources', services: one(edit(permit(), (s) => delete s.sources)), file: P, code: 'building-permit', field: 'sources', reason: /^is required when facts is sourced/ },
  { defect: 'typical fields on a typical service', services: one(edit(service(), (s) => (s.typicalFields = ['cost']))), file: S, code: 'birth-declaration', field: 'typicalFields', reason: /^is not allowed when facts is typical/ },
  { defect: 'unknown typical field', services: one(edit(permit(), (s) => (s.typicalFields = ['price']))), file: P, code: 'building-permit', field: 'typicalFields[0]', reason: /^must be one of "summary"/ },
  { defect: 'impossible review date', services: one(edit(service(), (s) => (s.lastReviewed = '2026-02-30'))), file: S, code: 'birth-declaration', field: 'lastReviewed', reason: /^is not a calendar date$/ },
  { defect: 'review date with month 13', services: one(edit(service(), (s) => (s.lastReviewed = '2026-13-45'))), file: S, code: 'birth-declaration', field: 'lastReviewed', reason: /^is not a calendar date$/ },
  { defect: 'review date in another format', services: one(edit(service(), (s) => (s.lastReviewed = '23/11/2026'))), file: S, code: 'birth-declaration', field: 'lastReviewed', reason: /^must be a date like 2026-11-23$/ },
  { defect: 'contact with a bad phone', services: one(edit(service(), (s) => (s.contact = { phone: 'call us' }))), file: S, code: 'birth-declaration', field: 'contact.phone', reason: /^must be a phone number/ },
  { defect: 'contact with an http URL', services: one(edit(service(), (s) => (s.contact = { url: 'http://example.ma' }))), file: S, code: 'birth-declaration', field: 'contact.url', reason: /^must use https/ },
  { defect: 'empty contact', services: one(edit(service(), (s) => (s.contact = {}))), file: S, code: 'birth-declaration', field: 'contact', reason: /^must give a phone, an email or a url$/ },
  // categories.yaml
  {
    defect: 'duplicate category code',
    services: one(service()),
    categories: edit(categories(), (c) => (c.categories[2].code = 'civil-status')),
    file: 'categories.yaml',
    code: 'civil-status',
    field: 'categories[2].code',
    reason: /^duplicate category code 'civil-status' \(already categories\[0\]\)$/,
  },
  {
    defect: 'duplicate category order',
    services: one(service()),
    categories: edit(categories(), (c) => (c.categories[1].order = 1)),
    file: 'categories.yaml',
    code: 'legalisation',
    field: 'categories[1].order',
    reason: /^duplicate order 1 \(already categories\[0\], 'civil-status'\)$/,
  },
  { defect: 'category without zgh name', services: one(service()), categories: edit(categories(), (c) => delete c.categories[2].names.zgh), file: 'categories.yaml', code: 'urbanism', field: 'categories[2].names.zgh', reason: /^is required$/ },
  { defect: 'category with an unknown field', services: one(service()), categories: edit(categories(), (c) => (c.categories[0].colour = 'red')), file: 'categories.yaml', code: 'civil-status', field: 'categories[0].colour', reason: /^unknown field$/ },
  { defect: 'category icon not kebab-case', services: one(service()), categories: edit(categories(), (c) => (c.categories[1].icon = 'Stamp Icon')), file: 'categories.yaml', code: 'legalisation', field: 'categories[1].icon', reason: /^must be kebab-case/ },
  { defect: 'no categories', services: one(service()), categories: { categories: [] }, file: 'categories.yaml', code: '(file)', field: 'categories', reason: /^must list at least one category$/ },
  { defect: 'categories.yaml syntax error', services: one(service()), categories: 'categories: [\n', file: 'categories.yaml', code: '(file)', field: '(root)', reason: /^YAML syntax error/ },
];

/** The CatalogueError that `load` throws (any other outcome fails the test). */
function catalogueErrorOf(load: () => unknown): CatalogueError {
  try {
    load();
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('expected a CatalogueError, but the catalogue loaded');
}

describe('loadCatalogue rejects a defective catalogue, naming file, service and field', () => {
  it.each(defects)('$defect → $code: $field', ({ services, categories: categoriesFile, file, code, field, reason }) => {
    const dir = writeCatalogue(services ?? {}, categoriesFile === undefined ? categories() : categoriesFile);
    const expectedFile = path.join(dir, file);
    const error = catalogueErrorOf(() => loadCatalogue(dir));
    expect({ file: error.file, code: error.code, field: error.field }).toEqual({ file: expectedFile, code, field });
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`${expectedFile}: ${code}: ${field}: ${error.reason}`);
  });
});
