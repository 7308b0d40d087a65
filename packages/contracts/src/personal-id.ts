/**
 * Checks a 12-digit personal identification number (số định danh cá nhân / CCCD) as far as its structure
 * allows, per Circular 07/2016/TT-BCA [inferred from public descriptions; see docs/decisions]:
 * digits 1–3 the province of birth registration, digit 4 century and sex, digits 5–6 the year of birth,
 * digits 7–12 a serial. There is no check digit, so a well-formed number can still be wrong.
 */
const PROVINCE_CODES = new Set(
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'.split(
    ' ',
  ),
);

export type PersonalIdProblem = 'format' | 'province' | 'century_or_sex' | 'birth_year';

export function checkPersonalIdNumber(
  value: string,
  known: { sex?: 'MALE' | 'FEMALE' | 'UNKNOWN'; birthYear?: number } = {},
): PersonalIdProblem | undefined {
  if (!/^\d{12}$/.test(value)) return 'format';
  if (!PROVINCE_CODES.has(value.slice(0, 3))) return 'province';
  const marker = Number(value[3]);
  // 0/1: born 1900–1999 male/female; 2/3: 2000–2099; 4/5: 2100–2199 …
  const century = 1900 + Math.floor(marker / 2) * 100;
  const sex = marker % 2 === 0 ? 'MALE' : 'FEMALE';
  if (marker > 9 || (known.sex && known.sex !== 'UNKNOWN' && known.sex !== sex)) return 'century_or_sex';
  if (known.birthYear !== undefined && century + Number(value.slice(4, 6)) !== known.birthYear)
    return 'birth_year';
  return undefined;
}
