import { describe, expect, it } from 'vitest';
import * as api from '@jamaa/api/complaints/complaints.schemas.ts';
import * as web from './constants.ts';

describe('the complaint constants browser code uses', () => {
  it('are the API’s', () => {
    expect(web.COMPLAINT_STATES).toEqual(api.COMPLAINT_STATES);
    expect(web.OPEN_STATES).toEqual(api.OPEN_STATES);
    expect(web.SUBMISSION_MAX_BYTES).toBe(api.SUBMISSION_MAX_BYTES);
    expect(web.MAX_PHOTOS).toBe(api.MAX_PHOTOS);
    expect(web.DESCRIPTION_MAX).toBe(api.DESCRIPTION_MAX);
    expect(web.PHOTO_FIELD).toBe(api.PHOTO_FIELD);
    expect(web.HONEYPOT_FIELD).toBe(api.HONEYPOT_FIELD);
    expect(web.CHANNELS).toEqual(api.CHANNELS);
    expect(web.privateComplaintPath('fr', 'abc')).toBe(api.privateComplaintPath('fr', 'abc'));
    // The form's answer fields are the ones the API reads.
    expect(web.attributeField('pole_number')).toBe(api.attributeField('pole_number'));
    expect(api.ATTRIBUTE_FIELD.exec(web.attributeField('pole_number'))?.[1]).toBe('pole_number');
  });
});
