/**
 * `difang vocab import <file.csv|file.xlsx> --vocabulary subject|clc|place|person|organization`:
 * a vocabulary from the library's spreadsheet (UTF-8 or GB18030 CSV, or XLSX) replaces the stored
 * one, and the search indexes learn its names. A file with bad rows changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { vocabularySchema } from '../../src/domain/term.ts';
import { termsFromTable, vocabularyColumns } from '../../src/domain/vocabulary.ts';
import type { Lang } from '../../src/i18n.ts';
import { ensureSearchIndexes } from '../../src/services/search-indexes.ts';
import { storedSearchVocabulary, writeVocabulary } from '../../src/services/vocabularies.ts';
import { InputError } from '../readers/input-error.ts';
import { columnFor, readTable } from '../readers/read-table.ts';
import { openCommandServices } from './command-services.ts';

const say = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export async function vocabCommand(args: string[], lang: Lang): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { vocabulary: { type: 'string' } } });
  const [action, file] = positionals;
  const vocabulary = vocabularySchema.safeParse(values.vocabulary);
  if (action !== 'import' || !file || !vocabulary.success) {
    process.stderr.write(say(lang, '用法：difang vocab import <文件.csv|文件.xlsx> --vocabulary subject|clc|place|person|organization\n', 'usage: difang vocab import <file.csv|file.xlsx> --vocabulary subject|clc|place|person|organization\n'));
    return 2;
  }
  let table: string[][];
  try {
    table = await readTable(file, new Uint8Array(await readFile(file)));
  } catch (error) {
    const message = error instanceof InputError ? error.message : (error as Error).message;
    process.stderr.write(`✗ ${basename(file)}: ${message}\n`);
    return 1;
  }
  const { terms, problems } = termsFromTable(vocabulary.data, table, (header) => columnFor(header, vocabularyColumns));
  if (problems.length > 0) {
    process.stdout.write(say(lang, `✗ ${basename(file)}：有 ${problems.length} 处问题，词表未改动：\n`, `✗ ${basename(file)}: ${problems.length} problem(s); the vocabulary is unchanged:\n`));
    for (const problem of problems.slice(0, 50)) process.stdout.write(`  ${problem.message[lang]}\n`);
    return 1;
  }
  const { store, search, close } = await openCommandServices();
  try {
    await writeVocabulary(store, { vocabulary: vocabulary.data, source: basename(file), importedAt: new Date().toISOString(), terms });
    const searchVocabulary = await storedSearchVocabulary(store);
    await ensureSearchIndexes(search, searchVocabulary);
    const variants = terms.reduce((n, term) => n + term.variants.length, 0);
    process.stdout.write(
      say(
        lang,
        `已导入 ${terms.length} 个词（${variants} 个非正式词/异名）到 ${vocabulary.data} 词表；检索词典现有 ${searchVocabulary.dictionary.length} 个名称。\n`,
        `Imported ${terms.length} terms (${variants} variants) into the ${vocabulary.data} vocabulary; the search dictionary now holds ${searchVocabulary.dictionary.length} names.\n`,
      ),
    );
    return 0;
  } finally {
    await close();
  }
}
