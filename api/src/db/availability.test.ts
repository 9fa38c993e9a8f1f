import { describe, expect, it } from 'vitest';
import { DatabaseHealth, isDatabaseUnavailable, type HealthChange } from './availability.ts';

describe('isDatabaseUnavailable', () => {
  it('recognises a server that is gone, shutting down or starting', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '08006' }) }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });

  it('leaves query errors alone: they are bugs or bad input, not outages', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('permission denied'), { code: '42501' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe('DatabaseHealth', () => {
  it('reports an outage once when it starts and once when it ends, however many failures in between', () => {
    let now = 1_000;
    const health = new DatabaseHealth(() => now);
    const changes: HealthChange[] = [];
    health.subscribe((c) => changes.push(c));
    health.markUp();
    for (let i = 0; i < 50; i++) health.markDown(new Error('gone'));
    expect(health.isDown).toBe(true);
    now = 4_500;
    health.markUp();
    // A connection opened before the restart fails afterwards: still the same outage.
    now = 5_000;
    health.markDown(new Error('stale connection'));
    now = 5_500;
    health.markUp();
    expect(health.isDown).toBe(true);
    now = 7_600;
    health.markUp();
    health.markUp();
    expect(changes.map((c) => c.state)).toEqual(['down', 'up']);
    expect(changes[1]).toEqual({ state: 'up', downForMs: 6_600 });
    expect(health.isDown).toBe(false);
  });
});
