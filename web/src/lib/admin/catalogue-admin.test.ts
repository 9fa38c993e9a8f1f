import { describe, expect, it } from 'vitest';
import { matchesQuery, offeringSections, type AdminOffering } from './catalogue-admin.ts';

const offering = (code: string, category: string, fr: string, ar: string): AdminOffering => ({
  code,
  category,
  local: false,
  names: { fr, ar },
  summary: {},
  offering: { enabled: true, overrides: {}, overriddenBy: {}, reviewFields: [] },
});

const services = [
  offering('birth-certificate', 'civil-status', 'Extrait d’acte de naissance', 'نسخة من رسم الولادة'),
  offering('signature', 'legalisation', 'Légalisation de signature', 'تصحيح الإمضاء'),
  offering('death-certificate', 'civil-status', 'Acte de décès', 'رسم الوفاة'),
];
const categories = new Map([
  ['legalisation', { fr: 'Légalisation', ar: 'الإشهاد' }],
  ['civil-status', { fr: 'État civil', ar: 'الحالة المدنية' }],
]);

describe('catalogue screen', () => {
  it('groups services by category in the catalogue order, sorted by name', () => {
    const sections = offeringSections(services, categories, { q: '', category: null }, 'fr', ['ar']);
    expect(sections.map((s) => s.name.text)).toEqual(['Légalisation', 'État civil']);
    expect(sections[1]?.services.map((s) => s.service.code)).toEqual(['death-certificate', 'birth-certificate']);
  });

  it('finds services without accents, in any language, or by code', () => {
    expect(matchesQuery(services[1]!, 'legalisation')).toBe(true);
    expect(matchesQuery(services[0]!, 'الولادة')).toBe(true);
    expect(matchesQuery(services[2]!, 'death')).toBe(true);
    expect(matchesQuery(services[2]!, 'naissance')).toBe(false);
  });

  it('folds as the public search does: hamza, article, diacritics, apostrophes', () => {
    expect(matchesQuery(services[1]!, 'تصحيح امضاء')).toBe(true);
    expect(matchesQuery(services[1]!, 'الامضاء')).toBe(true);
    expect(matchesQuery(services[0]!, 'رسم الوِلادة')).toBe(true);
    expect(matchesQuery(services[0]!, 'd’acte')).toBe(true);
    expect(matchesQuery(services[0]!, 'ETAT')).toBe(false);
  });

  it('filters by category and names unknown categories by their code', () => {
    const sections = offeringSections([...services, offering('x', 'other', 'Autre', 'آخر')], categories, { q: '', category: 'other' }, 'ar', ['fr']);
    expect(sections).toHaveLength(1);
    expect(sections[0]?.name.text).toBe('other');
  });
});
