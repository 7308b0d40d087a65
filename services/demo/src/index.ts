export { type DemoStore, openDemoStore } from './demo-store.ts';
export { type DemoFamily, demoFamily, type Ethnicity } from './names.ts';
export { DemoRandom } from './random.ts';
export {
  type DemoOptions,
  type DemoShowcase,
  type DemoStage,
  type DemoSummary,
  demoStages,
  seedDemo,
} from './seed.ts';
export { type SeedOnceOptions, seedDemoOnce } from './seed-once.ts';
export { demoStaff, demoUsers, LEGAL_AID_CENTRE, PLEIKU, QUY_NHON, staffOf, unitsOf } from './users.ts';
