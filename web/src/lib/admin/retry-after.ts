/**
 * How long to wait, in the unit a person reads best: seconds under two minutes, minutes under two
 * hours, hours beyond (always rounded up, so nobody comes back too early). Translated as
 * `admin:<key>` with `count`.
 *
 * @example retryAfterMessage(900)   // → { key: 'retry_after_minutes', count: 15 }
 * @example retryAfterMessage(86400) // → { key: 'retry_after_hours', count: 24 }
 */
export function retryAfterMessage(seconds: number): { key: 'retry_after' | 'retry_after_minutes' | 'retry_after_hours'; count: number } {
  if (seconds < 120) return { key: 'retry_after', count: Math.max(1, Math.ceil(seconds)) };
  if (seconds < 7200) return { key: 'retry_after_minutes', count: Math.ceil(seconds / 60) };
  return { key: 'retry_after_hours', count: Math.ceil(seconds / 3600) };
}
