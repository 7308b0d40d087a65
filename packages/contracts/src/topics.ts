/** Kafka topics. Keys are stream ids' entity ids (the case id, the child id), so one entity stays in order. */
export const topics = {
  caseEvents: {
    name: 'chungtay.case-events.v1',
    key: 'caseId',
    stream: 'case',
    description: 'Every event of every case timeline, in each case’s order.',
  },
  childEvents: {
    name: 'chungtay.child-events.v1',
    key: 'childId',
    stream: 'child',
    description: 'Every event of every child record.',
  },
  accessEvents: {
    name: 'chungtay.access-events.v1',
    key: 'caseId',
    stream: 'access',
    description: 'Who read each case, through which lens: the access log auditors list.',
  },
  caseNumbers: {
    name: 'chungtay.case-numbers.v1',
    key: 'communeCode-year',
    stream: 'numbering',
    description: 'The case numbers each commune gave in a year, in order (decision 0051).',
  },
  deadLetter: {
    name: 'chungtay.dead-letter.v1',
    key: 'consumer group',
    stream: undefined,
    description: 'Events a consumer could not handle, with the reason; never dropped silently.',
  },
} as const;
