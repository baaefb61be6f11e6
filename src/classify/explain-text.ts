import type { Candidate, Explanation } from './classifier.ts';

/** What `explain` shows, section by section; `quote` makes text from the story safe where it is shown. */
export interface ExplanationText {
  verdict: string;
  context: string;
  phrases: string[];
  themes: string[];
  recommendations: string[];
}

const figure = (n: number) => n.toFixed(2);

function candidateLine(candidate: Candidate, quote: (text: string) => string): string {
  const evidence = candidate.evidence
    .map((e) => `${quote(e.phrase)} ${e.field} +${e.weight}${e.shared ? ' shared' : ''}${e.framing ? ' framing' : ''}`)
    .join('; ');
  const outcome = candidate.kept ? 'kept' : `not kept: ${candidate.reason}`;
  return `${candidate.key} ${figure(candidate.score)} of ${figure(candidate.threshold)} needed, ${outcome} (${evidence})`;
}

export function explanationText(explanation: Explanation, quote: (text: string) => string): ExplanationText {
  const { classification } = explanation;
  const filed = [
    ...classification.themes.map((t) => t.key),
    ...classification.recommendations.map((r) => `recommendation ${r.key}`),
  ];
  return {
    verdict: filed.length > 0 ? `Filed under ${filed.join(', ')}` : 'Not filed under the review',
    context: explanation.context.inScope ? `In: ${explanation.contextSummary}` : `Out: ${explanation.contextSummary}`,
    phrases: explanation.matches.map((m) => `${quote(m.phrase)} in the ${m.field}: ${m.counts.join('; ')}`),
    themes: explanation.themes.map((t) => candidateLine(t, quote)),
    recommendations: explanation.recommendations.map((r) => candidateLine(r, quote)),
  };
}

/** The explanation as plain text, one section after another, for a terminal. */
export function formatExplanation(explanation: Explanation): string {
  const text = explanationText(explanation, (phrase) => `'${phrase}'`);
  const section = (heading: string, lines: string[], none: string) => [
    heading,
    ...(lines.length > 0 ? lines.map((l) => `  ${l}`) : [`  ${none}`]),
  ];
  const weights = Object.entries(explanation.fieldWeights)
    .map(([field, w]) => `x${w} in the ${field}`)
    .join(', ');
  return [
    text.verdict,
    `Context gate: ${text.context}`,
    '',
    ...section('Phrases matched:', text.phrases, 'none'),
    '',
    ...section(
      `Themes (score against what it needs; a phrase weighs ${weights}, plus a quarter for each other field it is in):`,
      text.themes,
      'none scored',
    ),
    '',
    ...section('Recommendations:', text.recommendations, 'none scored'),
  ].join('\n');
}
