/**
 * Why an input file was refused. Every rejection names the file (relative to the batch) and says
 * why in Chinese and English; the pipeline reports it and carries on with the rest of the batch.
 */
import type { Text } from '../../src/i18n.ts';

export type InputProblem =
  | 'unsupported_format'
  | 'corrupt_image'
  | 'too_many_pixels'
  | 'broken_xml'
  | 'unsafe_xml'
  | 'unknown_encoding'
  | 'ocr_mismatch'
  | 'invalid_ocr'
  | 'invalid_metadata'
  | 'missing_file'
  | 'unsafe_path'
  | 'duplicate_page'
  | 'redelivery_refused'
  | 'corrupt_pdf'
  | 'unrecognised_file'
  | 'unrecognised_layout'
  | 'storage';

export class InputError extends Error {
  constructor(
    readonly problem: InputProblem,
    readonly reason: Text,
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(`${file ? `${file}: ` : ''}${reason.en}`, options);
    this.name = 'InputError';
  }

  /** The same error, naming the file it came from. */
  inFile(file: string): InputError {
    return this.file ? this : new InputError(this.problem, this.reason, file, { cause: this.cause });
  }
}

export const inputError = (problem: InputProblem, zh: string, en: string, file?: string, cause?: unknown): InputError =>
  new InputError(problem, { 'zh-CN': zh, en }, file, { cause });
