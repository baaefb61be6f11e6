import type { Theme } from '../classify/themes.ts';

/** The review's themes as a reader would name them. */
export const THEME_LABELS: Record<Theme, string> = {
  'family-help': 'Family help',
  'child-protection': 'Child protection',
  'kinship-care': 'Kinship care',
  fostering: 'Fostering',
  'care-market': 'Children’s homes and the care market',
  'care-experience': 'Care experience and care leavers',
  workforce: 'Social work workforce',
  'advocacy-iro': 'Advocacy and IROs',
  'data-technology': 'Data and technology',
  'system-reform': 'Reform of the system',
  'poverty-funding': 'Poverty and funding',
  'disabled-children': 'Disabled children',
};
