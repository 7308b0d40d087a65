import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamsOptions,
  RecordedEvent,
  ReplayedEvent,
  ReplayShare,
  StreamIntegrity,
  SubscribeToAllOptions,
  Subscription,
} from './port.ts';
import type { KeyStore } from './protection/key-store.ts';
import { openPersonalData, type PersonalDataMap, sealPersonalData } from './protection/personal-data.ts';
import { Upcasters } from './upcasting.ts';

export interface ProtectionOptions {
  /** Personal fields per event type and version (from the contracts). */
  readonly personalData?: PersonalDataMap;
  readonly keys?: KeyStore;
  readonly upcasters?: Upcasters;
}

/**
 * The store every service uses, over whichever adapter: personal fields sealed with their subject's key
 * before they are stored (so the chain covers ciphertext and erasure never breaks it); on read, fields
 * opened (or marked erased) and old schema versions upcast to the current shape.
 */
export class ProtectedEventStore implements EventStore {
  private readonly upcasters: Upcasters;

  constructor(
    readonly inner: EventStore,
    private readonly options: ProtectionOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new Upcasters();
    if (options.personalData && !options.keys) throw new Error('personal data needs a key store');
  }

  private async seal(event: NewEvent): Promise<NewEvent> {
    const fields = this.options.personalData?.(event.type, event.schemaVersion) ?? [];
    if (fields.length === 0 || !this.options.keys) return event;
    return { ...event, data: await sealPersonalData(event.data, fields, this.options.keys) };
  }

  private async open<Event extends ReplayedEvent>(event: Event): Promise<Event> {
    return this.upcast(
      event,
      this.options.keys ? await openPersonalData(event.data, this.options.keys) : event.data,
    );
  }

  private upcast<Event extends ReplayedEvent>(event: Event, opened: unknown): Event {
    const { data, schemaVersion } = this.upcasters.upcast(event.type, event.schemaVersion, opened);
    return data === event.data && schemaVersion === event.schemaVersion
      ? event
      : { ...event, data, schemaVersion };
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const sealed = await Promise.all(events.map((event) => this.seal(event)));
    return this.inner.appendToStream(streamId, sealed, expected);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return Promise.all((await this.inner.readStream(streamId, options)).map((event) => this.open(event)));
  }

  /**
   * A stream with its personal fields left sealed (upcast all the same): for deciders, whose state holds no
   * personal data. Deciding who may act on a stream then fetches no key and opens nothing, so a refusal costs
   * the same for a stream the caller may not see whatever it holds (issue 16, item 5).
   */
  async readStreamSealed(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamId, options)).map((event) => this.upcast(event, event.data));
  }

  streamRevision(streamId: string): Promise<number | undefined> {
    return this.inner.streamRevision(streamId);
  }

  async readStreams(
    streamIds: readonly string[],
    options?: ReadStreamsOptions,
  ): Promise<Map<string, RecordedEvent[]>> {
    const streams = await this.inner.readStreams(streamIds, options);
    const opened = await Promise.all(
      [...streams].map(
        async ([streamId, events]) =>
          [streamId, await Promise.all(events.map((event) => this.open(event)))] as const,
      ),
    );
    return new Map(opened);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return Promise.all((await this.inner.readAll(options)).map((event) => this.open(event)));
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    const inner = this.inner.subscribeToAll(options);
    const open = (event: RecordedEvent) => this.open(event);
    return {
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) yield await open(event);
      },
      stop: () => inner.stop(),
    };
  }

  planReplay(shares: number): Promise<ReplayShare[]> {
    return this.inner.planReplay(shares);
  }

  async replayShare(share: ReplayShare, onEvent: (event: ReplayedEvent) => void): Promise<number> {
    if (!this.options.keys)
      return this.inner.replayShare(share, (event) => onEvent(this.upcast(event, event.data)));
    // Opening a sealed field needs its subject's key, an asynchronous read: the share is gathered first,
    // then opened and handed on in order.
    const stored: ReplayedEvent[] = [];
    await this.inner.replayShare(share, (event) => stored.push(event));
    for (const event of stored) onEvent(await this.open(event));
    return stored.length;
  }

  verifyStream(streamId: string): Promise<StreamIntegrity> {
    return this.inner.verifyStream(streamId);
  }

  /** Crypto-shredding of one data subject; the streams that mention it still verify. */
  async eraseSubject(subjectId: string, reason: string): Promise<void> {
    if (!this.options.keys) throw new Error('no key store: nothing to erase');
    await this.options.keys.erase(subjectId, reason);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
