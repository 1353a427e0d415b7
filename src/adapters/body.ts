/** Conversions between the body forms ObjectStore accepts and returns (web-standard, any runtime). */
import type { BodyInput, ObjectInfo, StoredObject } from '../ports.ts';

const encoder = new TextEncoder();

/** The body as a sequence of byte chunks, read lazily (streams are not buffered). */
export async function* chunksOf(body: BodyInput): AsyncGenerator<Uint8Array> {
  if (typeof body === 'string') {
    yield encoder.encode(body);
  } else if (body instanceof Uint8Array) {
    yield body;
  } else if (body instanceof ReadableStream) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* body;
  }
}

/** The body as bytes when it already is in memory, else null (streams stay streams). */
export function bytesIfInMemory(body: BodyInput): Uint8Array | null {
  if (typeof body === 'string') return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  return null;
}

/** Reads a whole stream into one buffer. */
export async function readAllBytes(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source instanceof ReadableStream ? chunksOf(source) : source) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/** An object's whole content: the bytes the store already holds, else its stream read to the end. */
export async function bytesOf(object: StoredObject): Promise<Uint8Array> {
  return object.bytes ?? readAllBytes(object.body);
}

/** A stream over bytes already in memory. */
export function streamOfBytes(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** An object read whole into memory; its stream is made only if somebody asks for it (most read `bytes`). */
export function wholeObject(info: ObjectInfo, bytes: Uint8Array<ArrayBuffer>): StoredObject {
  let body: ReadableStream<Uint8Array> | undefined;
  return {
    info,
    bytes,
    get body() {
      return (body ??= streamOfBytes(bytes));
    },
  };
}
