/** Walking a store's keys without caring how its listing pages them. */
import type { ObjectStore } from '../ports.ts';

/** Every key under `prefix`, page after page of the store's listing. */
export async function* keysUnder(store: ObjectStore, prefix: string): AsyncGenerator<string> {
  let cursor: string | undefined;
  do {
    const page = await store.listKeys(prefix, cursor ? { cursor } : {});
    yield* page.keys;
    cursor = page.cursor;
  } while (cursor);
}
