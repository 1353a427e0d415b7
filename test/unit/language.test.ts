/** Languages as records keep them and as pages and IIIF documents must say them (issue 19: English OCR was tagged zh). */
import { describe, expect, it } from 'vitest';
import { bcp47Of, detectLanguage, languageCode } from '../../src/domain/language.ts';

describe('languages', () => {
  it('keeps ISO 639-2/B, however a package writes it', () => {
    expect(['fr', 'fra', 'French', '法文', 'fr-FR'].map(languageCode)).toEqual(['fre', 'fre', 'fre', 'fre', 'fre']);
  });

  it('tells pages and IIIF the BCP 47 tag: en for eng, fr for fre, zh-Hans for chi', () => {
    expect(['eng', 'fre', 'chi', 'jpn', 'ger'].map(bcp47Of)).toEqual(['en', 'fr', 'zh-Hans', 'ja', 'de']);
  });

  it('reads the language from the text when nothing else says it', () => {
    expect(detectLanguage('The Topaz Times is published by the residents of the center, and it is read by all of them at the end of the week, with the news of the camp and of the world in it.')).toBe('eng');
    expect(detectLanguage('清远市图书馆全年接待读者一百万人次。')).toBe('chi');
  });
});
