// The steps a resident sees: received → assigned → in progress → resolved / rejected / forwarded, each with
// the date it was reached (or still to come), from the complaint's public history.
import type { ComplaintState, PublicStep } from './types.ts';

export interface TimelineStep {
  state: ComplaintState;
  /** When the complaint first reached this step; null while it is still to come. */
  at: string | null;
  current: boolean;
}

const CLOSING: readonly ComplaintState[] = ['resolved', 'rejected', 'forwarded'];

/**
 * @example timeline('in_progress', [{ kind: 'received', at: 'd1', … }, { kind: 'state', state: 'in_progress', at: 'd2', … }])
 *   // → received (d1), assigned (skipped: null, not current), in_progress (d2, current), resolved (null)
 */
export function timeline(state: ComplaintState, steps: readonly Pick<PublicStep, 'kind' | 'state' | 'at'>[]): TimelineStep[] {
  const reached = new Map<ComplaintState, string>();
  for (const step of steps) {
    const s: ComplaintState | null = step.kind === 'received' ? 'received' : step.kind === 'forwarded' ? 'forwarded' : step.state;
    // The latest time a step was reached counts for a closing step (reopened, then resolved again).
    if (s && (!reached.has(s) || CLOSING.includes(s))) reached.set(s, step.at);
  }
  const last: ComplaintState = CLOSING.includes(state) ? state : 'resolved';
  const order: ComplaintState[] = ['received', 'assigned', 'in_progress', last];
  // A complaint that went straight to work shows the steps it skipped as passed, without a date.
  return order.map((s) => ({ state: s, at: s === last && !CLOSING.includes(state) ? null : (reached.get(s) ?? null), current: s === state }));
}

/** The public replies, oldest first: replies, and the text given with a change of state or a forwarding. */
export function publicReplies(steps: readonly PublicStep[]): PublicStep[] {
  return steps.filter((s) => (s.kind === 'reply' || s.kind === 'state' || s.kind === 'forwarded') && s.body);
}
