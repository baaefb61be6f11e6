/**
 * The review is about children's social care. Health, schools, policing, housing, criminal justice
 * and adult services use many of its words (pay offers, strikes, funding, placements, inspection), so
 * a story is filed under the review only when its title or summary shows it concerns children's
 * social care, families or the care system:
 *
 * 1. it names the care system (a care-system phrase, or a theme phrase or alias not marked shared):
 *    in, whatever else it mentions;
 * 2. otherwise, it names another service (a near-domain phrase): out, however many shared words match;
 * 3. otherwise, it speaks of children or families (or social workers): in;
 * 4. otherwise: out, as nothing says who the story is about.
 */
export type ContextVerdict = 'care-system' | 'near-domain' | 'children' | 'none';

export interface ContextGate {
  verdict: ContextVerdict;
  inScope: boolean;
  careSystem: string[];
  children: string[];
  /** Other services the story names, each with the phrases that named it. */
  nearDomains: Record<string, string[]>;
}

export interface ContextSignals {
  careSystem: string[];
  children: string[];
  nearDomains: Map<string, string[]>;
}

/** Each phrase once, as it first appeared. */
function unique(list: string[]): string[] {
  const seen = new Map<string, string>();
  for (const phrase of list) if (!seen.has(phrase.toLowerCase())) seen.set(phrase.toLowerCase(), phrase);
  return [...seen.values()];
}

export function judgeContext(signals: ContextSignals): ContextGate {
  const nearDomains = Object.fromEntries(
    [...signals.nearDomains.entries()].map(([domain, list]) => [domain, unique(list)]),
  );
  const verdict: ContextVerdict =
    signals.careSystem.length > 0
      ? 'care-system'
      : signals.nearDomains.size > 0
        ? 'near-domain'
        : signals.children.length > 0
          ? 'children'
          : 'none';
  return {
    verdict,
    inScope: verdict === 'care-system' || verdict === 'children',
    careSystem: unique(signals.careSystem),
    children: unique(signals.children),
    nearDomains,
  };
}

const quoted = (list: string[], most = 3) =>
  list
    .slice(0, most)
    .map((p) => `'${p}'`)
    .join(', ');

function domains(gate: ContextGate): string {
  return Object.entries(gate.nearDomains)
    .map(([domain, list]) => `${domain} (${quoted(list)})`)
    .join(', ');
}

/** The gate's verdict in a sentence, for `explain` and for the reason an item was not filed. */
export function describeContext(gate: ContextGate): string {
  switch (gate.verdict) {
    case 'care-system':
      return `about children's social care: ${quoted(gate.careSystem)}${Object.keys(gate.nearDomains).length > 0 ? `; also names ${domains(gate)}` : ''}`;
    case 'children':
      return `about children or families: ${quoted(gate.children)}`;
    case 'near-domain':
      return `a story about another service: ${domains(gate)}, with nothing on children's social care${gate.children.length > 0 ? ` (only ${quoted(gate.children)})` : ''}`;
    default:
      return 'nothing in the title or summary shows it concerns children, families or the care system';
  }
}
