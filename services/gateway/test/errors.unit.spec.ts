import { describe, expect, it } from 'vitest';
import { withoutValues } from '../src/errors.ts';

describe('error messages without the values a client sent', () => {
  it.each([
    [
      'Variable "$r" got invalid value "Nguyễn Thị Hoa"; Int cannot represent non-integer value: "Nguyễn Thị Hoa"',
      'Variable "$r" got invalid value; Int cannot represent non-integer value',
    ],
    [
      'Variable "$input" got invalid value "0905123456" at "input.phone"; Int cannot represent non-integer value: "0905123456"',
      'Variable "$input" got invalid value at "input.phone"; Int cannot represent non-integer value',
    ],
    [
      'Variable "$r" got invalid value { fullName: "Nguyễn Thị Hoa", phone: "0905" }; Int cannot represent non-integer value: { fullName: "Nguyễn Thị Hoa" }',
      'Variable "$r" got invalid value; Int cannot represent non-integer value',
    ],
    [
      'Int cannot represent non-integer value: "Nguyễn Thị Hoa 0905123456"',
      'Int cannot represent non-integer value',
    ],
    ['Expected value of type "Int", found "Nguyễn Thị Hoa".', 'Expected value of type "Int"'],
    ['Syntax Error: Expected Name, found Int "0905123456".', 'Syntax Error: Expected Name'],
    ['Syntax Error: Unexpected character: "ễ".', 'Syntax Error: Unexpected character'],
    ['Cannot query field "workQueu" on type "Query".', 'Cannot query field "workQueu" on type "Query".'],
    ['Unknown quoted text "Rơ Châm H’Lan" here', 'Unknown quoted text … here'],
  ])('%s', (message, expected) => {
    expect(withoutValues(message)).toBe(expected);
  });
});
