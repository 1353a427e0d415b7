import { describe, expect, it } from 'vitest';
import { ComposedImages } from '../../src/services/composed-images.ts';
import { WorkGate } from '../../src/services/work-gate.ts';

const image = (size: number, fill = 1) => new Uint8Array(size).fill(fill);

describe('composed images', () => {
  it('composes an image once for everyone asking at the same time, then serves it from memory', async () => {
    const images = new ComposedImages(new WorkGate(1, 0), 1000);
    let composed = 0;
    const compose = async () => {
      composed++;
      await new Promise((done) => setTimeout(done, 5));
      return image(10);
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => images.get('p1/full/100,200@v1', compose)));
    expect(answers.every((answer) => answer instanceof Uint8Array && answer.byteLength === 10)).toBe(true);
    expect(await images.get('p1/full/100,200@v1', compose)).toEqual(image(10));
    expect(composed).toBe(1);
    // Another version of the page (ingested again) is composed anew.
    await images.get('p1/full/100,200@v2', compose);
    expect(composed).toBe(2);
  });

  it('says busy when the line is full, keeps within its budget, and does not keep a missing tile', async () => {
    const images = new ComposedImages(new WorkGate(1, 0), 100);
    let release!: () => void;
    const slow = images.get('a', () => new Promise((done) => (release = () => done(image(20)))));
    expect(await images.get('b', async () => image(20))).toBe('busy');
    release();
    await slow;
    for (const key of ['c', 'd', 'e', 'f', 'g']) await images.get(key, async () => image(20, key.charCodeAt(0)));
    let recomposed = 0;
    await images.get('a', async () => (recomposed++, image(20)));
    expect(recomposed, 'the least recently used went first').toBe(1);
    let missing = 0;
    expect(await images.get('m', async () => (missing++, null))).toBeNull();
    expect(await images.get('m', async () => (missing++, null))).toBeNull();
    expect(missing).toBe(2);
  });
});
