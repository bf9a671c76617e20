import { describe, expect, it } from 'vitest';
import { normalizeCode } from './join-page';

describe('normalizeCode', () => {
  it('removes the spaces and dashes of a projected code and upper-cases it', () => {
    expect(normalizeCode(' k7q 2mx ')).toBe('K7Q2MX');
    expect(normalizeCode('k7q-2mx')).toBe('K7Q2MX');
  });
});
