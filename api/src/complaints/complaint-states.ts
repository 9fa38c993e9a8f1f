/**
 * The one state machine of complaints. Every change of state goes through `assertTransition`; the tests
 * (`complaint-states.test.ts`) run every pair of states against this table.
 *
 * received → assigned → in_progress → resolved | rejected | forwarded
 *
 * - From `received`, a complaint may be assigned, or settled at once: rejected (not the commune's, already
 *   before a court), forwarded to another body, or resolved (a trivial fix done on the spot).
 * - `assigned` → `in_progress` once the department starts; either may be resolved, rejected or forwarded.
 * - Reopening: a `resolved` or `rejected` complaint may go back to `in_progress` (the resident answers
 *   that the street light is still out; a rejection was a mistake). The deadline is not reset: it runs from
 *   the filing (décret 2.17.265). `forwarded` is final: the other body has it, with its reference.
 * - Assigning again (another department or agent) is not a change of state (`assigned` → `assigned` is
 *   refused here; reassignment is its own action).
 */
import type { ComplaintState } from '../db/schema.ts';
import { AppError } from '../shared/errors.ts';

export const COMPLAINT_STATES = ['received', 'assigned', 'in_progress', 'resolved', 'rejected', 'forwarded'] as const satisfies readonly ComplaintState[];
export type { ComplaintState };

export const TRANSITIONS: Readonly<Record<ComplaintState, readonly ComplaintState[]>> = {
  received: ['assigned', 'in_progress', 'resolved', 'rejected', 'forwarded'],
  assigned: ['in_progress', 'resolved', 'rejected', 'forwarded'],
  in_progress: ['resolved', 'rejected', 'forwarded'],
  resolved: ['in_progress'],
  rejected: ['in_progress'],
  forwarded: [],
};

/** States in which the administration still owes an answer (the deadline runs, overdue items escalate). */
export const OPEN_STATES = ['received', 'assigned', 'in_progress'] as const satisfies readonly ComplaintState[];
/** States that close a complaint (Open311 `closed`). */
export const CLOSED_STATES = ['resolved', 'rejected', 'forwarded'] as const satisfies readonly ComplaintState[];

export function isOpen(state: ComplaintState): boolean {
  return (OPEN_STATES as readonly ComplaintState[]).includes(state);
}

export function canTransition(from: ComplaintState, to: ComplaintState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A reopening: from a closing state back to work. */
export function isReopening(from: ComplaintState, to: ComplaintState): boolean {
  return !isOpen(from) && isOpen(to);
}

/** @throws AppError `INVALID_TRANSITION` (409) naming the states allowed from `from`. */
export function assertTransition(from: ComplaintState, to: ComplaintState): void {
  if (!canTransition(from, to)) {
    throw new AppError('INVALID_TRANSITION', `a complaint cannot go from ${from} to ${to}`, { from, to, allowed: TRANSITIONS[from] });
  }
}
