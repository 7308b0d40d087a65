import { v7 } from 'uuid';

/** Time-ordered UUIDv7, lower case (the stored form that the hash chain covers). */
export const newEventId = (): string => v7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isEventId = (id: string): boolean => UUID.test(id);
