import type { Commune } from '@chungtay/contracts';
import type { DemoRandom } from './random.ts';

/**
 * Fictional names composed from the naming patterns of the people of Gia Lai (Kinh, Jrai, Bahnar), following
 * the project's reference notes on names: family or clan names and given names are taken from lists and put
 * together at random, so no demo person is a real one.
 */
export type Ethnicity = 'Kinh' | 'Gia Rai' | 'Ba Na';
export type DemoSex = 'MALE' | 'FEMALE';

export interface DemoFamily {
  readonly ethnicity: Ethnicity;
  readonly child: string;
  readonly mother: string;
  readonly father: string;
  /** How neighbours may know the mother (Jrai teknonymy: "mother of <eldest child>"). */
  readonly motherAlias?: string;
}

const kinhFamilies = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Huỳnh',
  'Hoàng',
  'Phan',
  'Võ',
  'Vũ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Trương',
  'Đinh',
  'Mai',
  'Đoàn',
  'Cao',
];
// The south-central coast weights Huỳnh and Võ at least equal to Hoàng and Vũ.
const kinhFamilyWeights = [30, 10, 8, 6, 5, 3, 3, 5, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1];
const girlMiddles = ['Thị', 'Ngọc', 'Thu', 'Phương', 'Thanh', 'Minh', 'Bảo', 'Khánh'];
const boyMiddles = ['Minh', 'Hữu', 'Quốc', 'Hoàng', 'Gia', 'Đức', 'Văn', 'Anh'];
const girlNames = [
  'Anh',
  'Vy',
  'Ngọc',
  'Nhi',
  'Hân',
  'Thư',
  'Linh',
  'Như',
  'Ngân',
  'Phương',
  'Thảo',
  'My',
  'Quỳnh',
  'Trang',
  'Trâm',
  'An',
  'Châu',
  'Uyên',
  'Yến',
  'Mai',
  'Vân',
  'Hương',
  'Giang',
  'Tâm',
  'Ánh',
  'Hiền',
];
const boyNames = [
  'Huy',
  'Bảo',
  'Khang',
  'Phúc',
  'Minh',
  'Khoa',
  'Anh',
  'Nam',
  'Quân',
  'Long',
  'Đạt',
  'Duy',
  'Tiến',
  'Phong',
  'Hưng',
  'Thịnh',
  'Nhật',
  'Kiệt',
  'Lộc',
  'Tài',
];
const motherNames = [
  'Trang',
  'Thảo',
  'Linh',
  'Hằng',
  'Huyền',
  'Hiền',
  'Hương',
  'Dung',
  'Nhung',
  'Thủy',
  'Duyên',
  'Vân',
  'Nga',
  'Hạnh',
  'Oanh',
  'Loan',
  'Lan',
  'Hoa',
];
const fatherNames = [
  'Tuấn',
  'Hoàng',
  'Hùng',
  'Sơn',
  'Đức',
  'Dũng',
  'Thành',
  'Cường',
  'Trung',
  'Hải',
  'Thắng',
  'Quang',
  'Trường',
  'Toàn',
  'Tùng',
  'Bình',
  'Mạnh',
  'Vinh',
];
// Jrai clans, each with the spellings documents use: the same clan is written differently across records.
const jraiClans = [
  ['Ksor', 'K’sor'],
  ['Nay'],
  ['Kpă', 'Kơ Pă'],
  ['Rơ Chăm', 'Rchăm', 'Rơ Châm'],
  ['Rơ Ô', 'R’ô'],
  ['Rơ Mah', 'Rmah'],
  ['Siu'],
  ['Rahlan', 'Rơ Lan'],
  ['Puih'],
  ['Alê'],
];
const femaleMarkers = ['H’', "H'", 'Hơ '];
const onsets = [
  'B',
  'Bl',
  'Br',
  'D',
  'Đ',
  'H',
  'Hr',
  'Kl',
  'Kr',
  'Kd',
  'M',
  'N',
  'Ng',
  'Ph',
  'R',
  'Tr',
  'Y',
  'J',
];
const rhymes = ['ơn', 'ăng', 'in', 'ui', 'ơi', 'ưt', 'eh', 'oan', 'ing', 'ah', 'un', 'ôk', 'ia', 'ăl', 'ông'];

const weighted = <T>(random: DemoRandom, items: readonly T[], weights: readonly number[]): T => {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [index, item] of items.entries()) {
    roll -= weights[index] ?? 0;
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
};

/** A coined syllable: Jrai and Bahnar given names are traditionally made up so as not to repeat anyone's. */
const coined = (random: DemoRandom) => `${random.pick(onsets)}${random.pick(rhymes)}`;

function kinh(random: DemoRandom, sex: DemoSex): DemoFamily {
  const father = weighted(random, kinhFamilies, kinhFamilyWeights);
  const motherFamily = weighted(random, kinhFamilies, kinhFamilyWeights);
  // Some parents give the mother's family name as a middle name.
  const middle = random.chance(0.15)
    ? motherFamily
    : random.pick(sex === 'FEMALE' ? girlMiddles : boyMiddles);
  const second =
    sex === 'FEMALE' && random.chance(0.6) ? ` ${random.pick(['Ngọc', 'Bảo', 'Thu', 'Kim', 'Phương'])}` : '';
  const given = random.pick(sex === 'FEMALE' ? girlNames : boyNames);
  return {
    ethnicity: 'Kinh',
    child: `${father} ${middle}${second} ${given}`,
    mother: `${motherFamily} Thị ${random.pick(motherNames)}`,
    father: `${father} ${random.pick(['Văn', 'Hữu', 'Minh', 'Quốc'])} ${random.pick(fatherNames)}`,
  };
}

function jrai(random: DemoRandom, sex: DemoSex): DemoFamily {
  // Matrilineal: the child takes the mother's clan; the father is of another clan.
  const motherClan = random.pick(jraiClans);
  const fatherClan = random.pick(jraiClans.filter((clan) => clan !== motherClan));
  const spelling = (clan: readonly string[]) => random.pick(clan);
  const given = random.chance(0.3) ? random.pick(sex === 'FEMALE' ? girlNames : boyNames) : coined(random);
  const marker = random.pick(femaleMarkers);
  const child = `${spelling(motherClan)} ${sex === 'FEMALE' ? marker : ''}${given}`;
  return {
    ethnicity: 'Gia Rai',
    child,
    mother: `${spelling(motherClan)} ${marker}${coined(random)}`,
    father: `${spelling(fatherClan)} ${coined(random)}`,
    motherAlias: `Amí ${given}`,
  };
}

function bahnar(random: DemoRandom, sex: DemoSex, commune: Commune): DemoFamily {
  const given = random.chance(0.3) ? random.pick(sex === 'FEMALE' ? girlNames : boyNames) : coined(random);
  // Bahnar of the former Bình Định highlands appear with the family name Đinh; in the former Gia Lai, with A
  // (men) and Y (women) before the name.
  if (commune.formerProvince === 'binh_dinh') {
    return {
      ethnicity: 'Ba Na',
      child: `Đinh ${sex === 'FEMALE' ? 'Thị' : 'Văn'} ${given}`,
      mother: `Đinh Thị ${coined(random)}`,
      father: `Đinh Văn ${coined(random)}`,
    };
  }
  return {
    ethnicity: 'Ba Na',
    child: `${sex === 'FEMALE' ? 'Y' : 'A'} ${given}`,
    mother: `Y ${coined(random)}`,
    father: `A ${coined(random)}`,
  };
}

/** A child and parents as a family of the commune might be named: mostly Kinh on the coast, Jrai and Bahnar inland. */
export function demoFamily(random: DemoRandom, sex: DemoSex, commune: Commune): DemoFamily {
  const roll = random.next();
  if (commune.formerProvince === 'binh_dinh')
    return roll < 0.85 ? kinh(random, sex) : bahnar(random, sex, commune);
  if (roll < 0.45) return kinh(random, sex);
  return roll < 0.8 ? jrai(random, sex) : bahnar(random, sex, commune);
}

/** A reporter who agreed to be named: an adult of the commune. */
export function demoAdult(random: DemoRandom, commune: Commune): string {
  return demoFamily(random, random.chance(0.5) ? 'FEMALE' : 'MALE', commune).mother;
}
