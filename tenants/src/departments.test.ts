import { describe, expect, it } from 'vitest';
import { DEPARTMENTS, DEPARTMENT_LABELS, departmentLabel, isDepartment } from './departments.ts';

describe('departments', () => {
  it('name every department in Arabic, French and Tifinagh letters', () => {
    for (const code of DEPARTMENTS) {
      const label = DEPARTMENT_LABELS[code];
      expect(label.ar, code).toMatch(/^[\u0600-\u06ff ]+$/u);
      expect(label.fr, code).toMatch(/^[\p{Script=Latin} ’'-]+$/u);
      expect(label.zgh, code).toMatch(/^[\u2d30-\u2d7f ]+$/u);
    }
  });

  it('show a known code by its name and an old free-typed one as it is', () => {
    expect(departmentLabel('civil-status', 'ar')).toBe('الحالة المدنية');
    expect(departmentLabel('parks-2019', 'fr')).toBe('parks-2019');
    expect(isDepartment('roads')).toBe(true);
    expect(isDepartment('Roads')).toBe(false);
  });
});
