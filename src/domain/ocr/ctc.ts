/**
 * Greedy CTC decoding of a text recognizer's output (PaddleOCR's CRNN / SVTR): at each time step
 * the likeliest class; repeats merge, blanks part them. Each character keeps the time steps it
 * was read at — so its place along the line is known, for a character box — and its probability.
 * @see Graves et al., Connectionist Temporal Classification (ICML 2006)
 */

export interface DecodedChar {
  char: string;
  /** First and last time step (inclusive) the character was read at. */
  from: number;
  to: number;
  /** Its highest probability over those steps. */
  score: number;
}

/**
 * `probabilities` is time steps × classes, row by row; class 0 is the blank, class i ≥ 1 is
 * `alphabet[i - 1]`.
 */
export function ctcDecode(probabilities: Float32Array, steps: number, classes: number, alphabet: readonly string[]): DecodedChar[] {
  const chars: DecodedChar[] = [];
  let previous = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestScore = -1;
    const row = t * classes;
    for (let c = 0; c < classes; c++) {
      const p = probabilities[row + c]!;
      if (p > bestScore) {
        bestScore = p;
        best = c;
      }
    }
    if (best !== 0 && best === previous) {
      const last = chars.at(-1)!;
      last.to = t;
      last.score = Math.max(last.score, bestScore);
    } else if (best !== 0) {
      chars.push({ char: alphabet[best - 1] ?? '', from: t, to: t, score: bestScore });
    }
    previous = best;
  }
  return chars.filter((c) => c.char !== '');
}
