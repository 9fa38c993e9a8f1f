import { describe, expect, it } from 'vitest';
import { areaFromForm, categoriesFromForm, templatesFromForm } from './settings-form.ts';

describe('complaint settings form', () => {
  it('reads the category rows in order and skips the empty "add" row', () => {
    const values = {
      'categories.1.code': 'noise',
      'categories.1.names.fr': 'Bruit',
      'categories.1.deadlineDays': '30',
      'categories.0.code': 'street_lighting',
      'categories.0.names.ar': 'الإنارة العمومية',
      'categories.0.deadlineDays': '60',
      'categories.0.department': 'lighting',
      'categories.0.active': 'on',
      'categories.2.code': '',
      'categories.2.names.fr': '',
    };
    expect(categoriesFromForm(values)).toEqual([
      { code: 'street_lighting', names: { ar: 'الإنارة العمومية' }, deadlineDays: 60, department: 'lighting', active: true },
      { code: 'noise', names: { fr: 'Bruit' }, deadlineDays: 30, department: null, active: false },
    ]);
  });

  it('reads templates, titled by their text when no title was given', () => {
    expect(templatesFromForm({ 'templates.0.state': 'resolved', 'templates.0.body.fr': 'C’est réparé.', 'templates.1.state': 'rejected' })).toEqual([
      { state: 'resolved', title: { fr: 'C’est réparé.' }, body: { fr: 'C’est réparé.' } },
    ]);
  });

  it("reads the commune's box in decimal degrees, a comma as a point; four empty fields clear it", () => {
    expect(areaFromForm({ 'area.south': '33,45', 'area.west': '-7.75', 'area.north': ' 33.65 ', 'area.east': '-7.45' })).toEqual({ area: { south: 33.45, west: -7.75, north: 33.65, east: -7.45 } });
    expect(areaFromForm({ 'area.south': '', 'area.west': ' ', 'area.north': '', 'area.east': '' })).toEqual({ area: null });
    expect(areaFromForm({})).toEqual({ area: null });
  });

  it('names the missing and unreadable edges of a partly filled box', () => {
    expect(areaFromForm({ 'area.south': '33.45', 'area.west': '7°45′ W', 'area.north': '', 'area.east': '-7.45' })).toEqual({ fields: { 'area.west': 'invalid_type', 'area.north': 'required' } });
  });
});
