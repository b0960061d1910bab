import { describe, expect, it } from 'vitest';
import { formatMetric, formatSigned } from '../../src/ui/format';

// How a result number reads on screen, by its catalogue kind (src/ui/format.ts).
describe('formatMetric', () => {
  it('writes rates with three decimals, four just below 1, and undefined as a dash', () => {
    expect(formatMetric(0.5)).toBe('0.500');
    expect(formatMetric(0.9951)).toBe('0.9951');
    expect(formatMetric(1)).toBe('1.000');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(Number.NaN)).toBe('—');
  });

  it('groups counts and rounds money to whole units above 10', () => {
    expect(formatMetric(12345.4, 'count')).toBe('12,345');
    expect(formatMetric(1234.56, 'money')).toBe('1,235');
    expect(formatMetric(3.25, 'money')).toBe('3.3');
  });

  it('writes an exact zero duration as "0 ms", not "0.00 ms"; small ones keep their decimals', () => {
    expect(formatMetric(0, 'ms')).toBe('0 ms');
    expect(formatMetric(0.25, 'ms')).toBe('0.25 ms');
    expect(formatMetric(4.56, 'ms')).toBe('4.6 ms');
    expect(formatMetric(1234.4, 'ms')).toBe('1,234 ms');
  });

  it('signs a change with a true minus sign', () => {
    expect(formatSigned(0.089)).toBe('+0.089');
    expect(formatSigned(-0.029)).toBe('−0.029');
    expect(formatSigned(0)).toBe('0.000');
  });
});
