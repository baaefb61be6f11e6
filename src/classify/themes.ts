/** The review's themes, as the taxonomy and the recommendations data name them. */
export const THEMES = [
  'family-help',
  'child-protection',
  'kinship-care',
  'fostering',
  'care-market',
  'care-experience',
  'workforce',
  'advocacy-iro',
  'data-technology',
  'system-reform',
  'poverty-funding',
  'disabled-children',
] as const;

export type Theme = (typeof THEMES)[number];
