import { describe, expect, it } from 'vitest';
import { loadDemoContent, resolveDates } from './demo-content.ts';

describe('demo content files', () => {
  const now = new Date('2026-12-05T10:00:00Z');

  it('turn relative dates into days and Moroccan times counted from the day of seeding, leaving other text alone', () => {
    expect(resolveDates({ expiresAt: '@+3d 18:00', fields: { deadline: '@+25d', agenda: ['@home'] }, title: { fr: 'Le @+3d' } }, now)).toEqual({
      expiresAt: '2026-12-08T18:00:00+01:00',
      fields: { deadline: '2026-12-30', agenda: ['@home'] },
      title: { fr: 'Le @+3d' },
    });
    expect(resolveDates('@-2d', now)).toBe('2026-12-03');
  });

  it('cover the four demo sites, each naming its tenant by slug path', () => {
    const files = loadDemoContent(undefined, now);
    expect(files.map((f) => f.tenant.join('/'))).toEqual(['casablanca/anfa', 'ben-guerir', 'casablanca', 'tetouan']);
    for (const file of files) expect(file.items.every((item) => item.publish === true), file.file).toBe(true);
  });
});
