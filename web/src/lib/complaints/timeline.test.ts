import { describe, expect, it } from 'vitest';
import { publicReplies, timeline } from './timeline.ts';
import type { PublicStep } from './types.ts';

const step = (kind: PublicStep['kind'], at: string, state: PublicStep['state'] = null, body: string | null = null): PublicStep => ({ kind, at, state, body, locale: null });

describe('the resident’s timeline', () => {
  it('shows a new complaint received, the rest to come, ending on "resolved"', () => {
    expect(timeline('received', [step('received', 'd1')])).toEqual([
      { state: 'received', at: 'd1', current: true },
      { state: 'assigned', at: null, current: false },
      { state: 'in_progress', at: null, current: false },
      { state: 'resolved', at: null, current: false },
    ]);
  });

  it('ends on the closing state the complaint reached, with its date', () => {
    const steps = [step('received', 'd1'), step('state', 'd2', 'assigned'), step('state', 'd3', 'rejected')];
    expect(timeline('rejected', steps).map((s) => [s.state, s.at, s.current])).toEqual([
      ['received', 'd1', false],
      ['assigned', 'd2', false],
      ['in_progress', null, false],
      ['rejected', 'd3', true],
    ]);
    expect(timeline('forwarded', [step('received', 'd1'), step('forwarded', 'd4')]).at(-1)).toEqual({ state: 'forwarded', at: 'd4', current: true });
  });

  it('after a reopening, shows the step in progress and no stale resolution date', () => {
    const steps = [step('received', 'd1'), step('state', 'd2', 'resolved'), step('state', 'd3', 'in_progress')];
    expect(timeline('in_progress', steps).at(-1)).toEqual({ state: 'resolved', at: null, current: false });
    expect(timeline('in_progress', steps)[2]).toEqual({ state: 'in_progress', at: 'd3', current: true });
  });

  it('lists the public replies that have text, those given with a change of state included', () => {
    const steps = [step('received', 'd1'), step('reply', 'd2', null, 'Nous intervenons demain.'), step('reply', 'd3'), step('state', 'd4', 'resolved', 'Réparé.')];
    expect(publicReplies(steps).map((s) => s.body)).toEqual(['Nous intervenons demain.', 'Réparé.']);
  });
});
