import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM; output is iv ‖ ciphertext ‖ tag. The associated data binds a ciphertext to its subject. */
export function seal(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** The master key that wraps every data key. Its id (not the key) is stored beside each wrapped key. */
export class MasterKey {
  readonly id: string;
  private constructor(private readonly key: Buffer) {
    this.id = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  /** From configuration: 32 bytes, base64 (`CHUNGTAY_MASTER_KEY`). */
  static fromBase64(encoded: string): MasterKey {
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error('the master key must be 32 bytes, base64-encoded');
    return new MasterKey(key);
  }

  static generate(): MasterKey {
    return new MasterKey(randomBytes(32));
  }

  toBase64(): string {
    return this.key.toString('base64');
  }

  wrap(dataKey: Buffer, subjectId: string): Buffer {
    return seal(this.key, dataKey, `subject-key:${subjectId}`);
  }

  unwrap(wrapped: Buffer, subjectId: string): Buffer {
    return open(this.key, wrapped, `subject-key:${subjectId}`);
  }
}
