import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.ts';
import './case.ts';
import './mutations.ts';
import './referrals.ts';
import './compliance.ts';
import './children.ts';
import './live.ts';

export const schema = builder.toSchema();
export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
