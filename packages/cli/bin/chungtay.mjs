#!/usr/bin/env node
// Runs the TypeScript entry with tsx as a loader (internal packages are consumed from source).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
