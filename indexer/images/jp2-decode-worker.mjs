// Decodes JPEG 2000 with OpenJPEG compiled to WebAssembly (@cornerstonejs/codec-openjpeg), off the
// main thread: a decode takes about a second per newspaper page and must not stall everything
// else. Plain JavaScript so that a worker thread can load it without a TypeScript loader.
import { parentPort } from 'node:worker_threads';
import createOpenJpeg from '@cornerstonejs/codec-openjpeg/decodewasmjs';

let openjpeg = null;

parentPort.on('message', async ({ id, bytes, maxPixels }) => {
  let decoder = null;
  try {
    openjpeg ??= await createOpenJpeg({ print() {}, printErr() {} });
    decoder = new openjpeg.J2KDecoder();
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.readHeader();
    const header = decoder.getFrameInfo();
    if (header.width * header.height > maxPixels) {
      parentPort.postMessage({ id, error: 'too_many_pixels', width: header.width, height: header.height });
      return;
    }
    decoder.decode();
    const info = decoder.getFrameInfo();
    const decoded = decoder.getDecodedBuffer();
    const samples = info.width * info.height * info.componentCount;
    const pixels = new Uint8Array(samples);
    if (info.bitsPerSample > 8) {
      // 16-bit (or 12-bit) samples: keep the top 8 bits, enough for display derivatives.
      const wide = new Uint16Array(decoded.buffer, decoded.byteOffset, samples);
      const shift = info.bitsPerSample - 8;
      for (let i = 0; i < samples; i++) pixels[i] = wide[i] >> shift;
    } else {
      pixels.set(decoded.subarray(0, samples));
    }
    parentPort.postMessage({ id, width: info.width, height: info.height, channels: info.componentCount, pixels }, [pixels.buffer]);
  } catch (error) {
    // A failed decode can leave the WebAssembly instance broken: start a fresh one next time.
    openjpeg = null;
    parentPort.postMessage({ id, error: 'corrupt', message: error instanceof Error ? error.message : String(error) });
  } finally {
    try {
      decoder?.delete();
    } catch {
      // the instance is already gone
    }
  }
});
