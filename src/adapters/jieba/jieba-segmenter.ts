/** jieba (jieba-rs compiled to WebAssembly, with its own dictionary) as difang's word segmenter. */
import { tag } from 'jieba-wasm';
import type { WordSegmenter } from '../../ports.ts';

export const jiebaSegmenter: WordSegmenter = {
  tag: (text) => tag(text, true).map(({ word, tag: partOfSpeech }) => ({ word, tag: partOfSpeech })),
};
