/** A stretch of a text, by character offsets. */
export interface Clause {
  start: number;
  end: number;
  /** Which sentence of the text it belongs to (0-based). */
  sentence: number;
}

// A sentence ends at . ! or ? (maybe closing a quote) before a space and a capital, digit, quote or £.
const SENTENCE_END = /[.!?]["'’”)]?\s+(?=["'‘“(£]?[A-Z0-9])/g;

/** Sentences of a text as [start, end) spans. */
export function splitSentences(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    spans.push({ start, end });
    start = end;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans.filter((s) => text.slice(s.start, s.end).trim().length > 0);
}

/** The first `count` sentences of a text. */
export function firstSentences(text: string, count: number): string {
  const spans = splitSentences(text);
  if (spans.length === 0 || count === 0) return '';
  return text.slice(0, spans[Math.min(count, spans.length) - 1]!.end).trim();
}

/**
 * Splits a text into clauses: sentences, cut again at ";", ": ", spaced dashes and the given words
 * ("but", "while"...), which start the clause they introduce. "DfE backs X but rejects Y" is two
 * clauses, so what is said of Y is not read as said of X.
 */
export function splitClauses(text: string, breakWords: readonly string[]): Clause[] {
  const words = breakWords.map((w) => w.replace(/[^a-z]/g, '')).filter(Boolean);
  const breaks = new RegExp(`[;]|:\\s|\\s[-–—]\\s|\\b(?:${words.length > 0 ? words.join('|') : '(?!)'})\\b`, 'gi');
  const clauses: Clause[] = [];
  splitSentences(text).forEach((sentence, index) => {
    const body = text.slice(sentence.start, sentence.end);
    let start = sentence.start;
    for (const m of body.matchAll(breaks)) {
      const at = sentence.start + m.index;
      if (at > start) clauses.push({ start, end: at, sentence: index });
      start = /^\w/.test(m[0]) ? at : at + m[0].length;
    }
    if (start < sentence.end) clauses.push({ start, end: sentence.end, sentence: index });
  });
  return clauses.filter((c) => /[\p{L}\p{N}]/u.test(text.slice(c.start, c.end)));
}
