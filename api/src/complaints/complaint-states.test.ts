import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.ts';
import { assertTransition, canTransition, COMPLAINT_STATES, isOpen, isReopening, type ComplaintState } from './complaint-states.ts';

/** The expected table, written out pair by pair (not derived from the module's). */
const ALLOWED = new Set([
  'received→assigned',
  'received→in_progress',
  'received→resolved',
  'received→rejected',
  'received→forwarded',
  'assigned→in_progress',
  'assigned→resolved',
  'assigned→rejected',
  'assigned→forwarded',
  'in_progress→resolved',
  'in_progress→rejected',
  'in_progress→forwarded',
  'resolved→in_progress',
  'rejected→in_progress',
]);

const pairs = COMPLAINT_STATES.flatMap((from) => COMPLAINT_STATES.map((to) => [from, to] as [ComplaintState, ComplaintState]));

describe('the complaint state machine', () => {
  it('covers all 36 pairs of states', () => {
    expect(pairs).toHaveLength(36);
  });

  it.each(pairs.filter(([f, t]) => ALLOWED.has(`${f}→${t}`)))('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(pairs.filter(([f, t]) => !ALLOWED.has(`${f}→${t}`)))('refuses %s → %s with INVALID_TRANSITION', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    let error: unknown;
    try {
      assertTransition(from, to);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INVALID_TRANSITION');
    expect((error as AppError).status).toBe(409);
  });

  it('keeps forwarded final and lets resolved or rejected reopen to in_progress only', () => {
    expect(COMPLAINT_STATES.filter((to) => canTransition('forwarded', to))).toEqual([]);
    expect(COMPLAINT_STATES.filter((to) => canTransition('resolved', to))).toEqual(['in_progress']);
    expect(isReopening('rejected', 'in_progress')).toBe(true);
    expect(isReopening('assigned', 'in_progress')).toBe(false);
    expect(COMPLAINT_STATES.filter(isOpen)).toEqual(['received', 'assigned', 'in_progress']);
  });
});
