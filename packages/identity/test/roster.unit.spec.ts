import { describe, expect, it } from 'vitest';
import { MoveRow, parseRoster } from '../src/index.ts';

describe('a roster placed by the directory’s units (decision 0059)', () => {
  it('takes a unit’s own commune when the line gives none, and keeps the communes it gives', () => {
    const roster = parseRoster(
      [
        'username,role,unit,communes',
        'nurse.quynhon,health_worker,tyt-21583,',
        'officer.two,commune_officer,ubnd-21583,21583;21586',
        'lawyer.one,legal_aid_officer,tgpl-tinh,',
      ].join('\n'),
    );
    expect(roster).toEqual({
      members: [
        { username: 'nurse.quynhon', role: 'health_worker', unit: 'tyt-21583', communes: ['21583'] },
        {
          username: 'officer.two',
          role: 'commune_officer',
          unit: 'ubnd-21583',
          communes: ['21583', '21586'],
        },
        { username: 'lawyer.one', role: 'legal_aid_officer', unit: 'tgpl-tinh', communes: [] },
      ],
    });
  });

  it('refuses a unit it does not have, a role the unit’s staff do not hold, communes without the unit’s own — naming the column', () => {
    const roster = parseRoster(
      [
        'username,role,unit,communes',
        'a.one,commune_officer,ubnd-99999,',
        'b.two,health_worker,ubnd-21583,21583',
        'c.three,commune_officer,ubnd-21583,21601',
        'd.four,commune_officer,,21583',
        'e.five,health_worker,ctxh-tinh,',
      ].join('\n'),
    );
    expect(roster).toEqual({
      problems: [
        { line: 2, field: 'unit', message: 'not a unit of the province’s directory' },
        { line: 3, field: 'role', message: expect.stringContaining('not a role of this unit') },
        { line: 4, field: 'communes', message: 'the unit’s own commune is not among them' },
        { line: 5, field: 'unit', message: expect.any(String) },
        { line: 6, field: 'role', message: 'this unit’s staff have no role on the platform yet' },
      ],
    });
  });

  it('moves a member to another commune’s unit, with its commune', () => {
    expect(MoveRow.parse({ username: 'officer.two', unit: 'ubnd-23575', communes: [] })).toEqual({
      username: 'officer.two',
      unit: 'ubnd-23575',
      communes: ['23575'],
    });
    expect(MoveRow.safeParse({ username: 'officer.two', unit: 'nowhere', communes: [] }).success).toBe(false);
  });
});
