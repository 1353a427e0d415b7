/** A small pool of worker threads decoding JPEG 2000 (see jp2-decode-worker.mjs). */
import { Worker } from 'node:worker_threads';
import type { RawImage } from '../readers/read-pdf.ts';
import { inputError } from '../readers/input-error.ts';

interface Pending {
  worker: Worker;
  resolve: (image: RawImage) => void;
  reject: (error: Error) => void;
}

interface Reply {
  id: number;
  width?: number;
  height?: number;
  channels?: number;
  pixels?: Uint8Array;
  error?: 'too_many_pixels' | 'corrupt';
  message?: string;
}

export class Jp2Decoder {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly size: number) {}

  async decode(bytes: Uint8Array, maxPixels: number): Promise<RawImage> {
    const worker = await this.acquire();
    try {
      const id = this.nextId++;
      return await new Promise<RawImage>((resolve, reject) => {
        this.pending.set(id, { worker, resolve, reject });
        worker.postMessage({ id, bytes, maxPixels });
      });
    } finally {
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private async acquire(): Promise<Worker> {
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.all.length < this.size) return this.spawn();
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.acquire();
  }

  private release(worker: Worker): void {
    if (!this.all.includes(worker)) return;
    this.idle.push(worker);
    this.waiting.shift()?.();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./jp2-decode-worker.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.error === 'too_many_pixels') {
        pending.reject(inputError('too_many_pixels', `JPEG 2000 图像 ${reply.width}×${reply.height} 超过像素上限`, `the JPEG 2000 image is ${reply.width}×${reply.height}, more pixels than allowed`));
      } else if (reply.error) {
        pending.reject(inputError('corrupt_image', `JPEG 2000 图像已损坏或被截断：${reply.message}`, `the JPEG 2000 image is corrupt or truncated: ${reply.message}`));
      } else {
        const channels = reply.channels === 1 || reply.channels === 3 || reply.channels === 4 ? reply.channels : null;
        if (!channels) {
          pending.reject(inputError('corrupt_image', `JPEG 2000 图像有 ${reply.channels} 个通道，无法处理`, `the JPEG 2000 image has ${reply.channels} channels, which difang cannot use`));
          return;
        }
        pending.resolve({ width: reply.width ?? 0, height: reply.height ?? 0, channels, data: reply.pixels ?? new Uint8Array() });
      }
    });
    worker.on('error', (error) => {
      for (const [id, pending] of this.pending) {
        if (pending.worker !== worker) continue;
        pending.reject(inputError('corrupt_image', `JPEG 2000 解码失败：${error.message}`, `JPEG 2000 decoding failed: ${error.message}`));
        this.pending.delete(id);
      }
      this.all.splice(this.all.indexOf(worker), 1);
    });
    this.all.push(worker);
    return worker;
  }
}
