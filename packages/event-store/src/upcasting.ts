/**
 * Upcasters turn an event stored in an old schema version into the current shape on read, so stored bytes
 * never change (and the hash chain never breaks) while the code only knows the newest shape.
 */
export interface Upcaster {
  readonly type: string;
  /** The version this upcaster reads; it returns data of version `fromVersion + 1`. */
  readonly fromVersion: number;
  upcast(data: unknown): unknown;
}

export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.type}@${upcaster.fromVersion}`;
      if (this.byKey.has(key)) throw new Error(`two upcasters for ${key}`);
      this.byKey.set(key, upcaster);
    }
  }

  /** Applies the chain from `schemaVersion` as far as it goes; returns the data and the version reached. */
  upcast(type: string, schemaVersion: number, data: unknown): { data: unknown; schemaVersion: number } {
    let version = schemaVersion;
    let current = data;
    for (let next = this.byKey.get(`${type}@${version}`); next; next = this.byKey.get(`${type}@${version}`)) {
      current = next.upcast(current);
      version++;
    }
    return { data: current, schemaVersion: version };
  }
}
