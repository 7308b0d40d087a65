// A reader thread runs the platform's TypeScript from source, as its main thread does: tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./replay-reader.ts');
