export { Coalescer } from './coalescer.ts';
