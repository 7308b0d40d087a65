import { describe, expect, it } from 'vitest';
import { checkPersonalIdNumber } from '../src/index.ts';

describe('personal ID number (12 digits)', () => {
  it('accepts a well-formed number and checks sex and birth year against it', () => {
    // 064 Gia Lai, 3 = born 2000–2099 female, 14 = 2014.
    expect(checkPersonalIdNumber('064314000123')).toBeUndefined();
    expect(checkPersonalIdNumber('064314000123', { sex: 'FEMALE', birthYear: 2014 })).toBeUndefined();
    expect(checkPersonalIdNumber('052212000456', { sex: 'MALE', birthYear: 2012 })).toBeUndefined();
  });

  it.each([
    ['06431400012', 'format'],
    ['06431400012a', 'format'],
    ['003314000123', 'province'],
    ['099314000123', 'province'],
  ])('%s is refused: %s', (value, problem) => {
    expect(checkPersonalIdNumber(value)).toBe(problem);
  });

  it('refuses a number whose century/sex digit or year contradicts what is known', () => {
    expect(checkPersonalIdNumber('064314000123', { sex: 'MALE' })).toBe('century_or_sex');
    expect(checkPersonalIdNumber('064314000123', { birthYear: 2015 })).toBe('birth_year');
    expect(checkPersonalIdNumber('064114000123', { birthYear: 2014 })).toBe('birth_year');
  });
});
