import { describe, expect, it } from 'vitest';
import { detectStatement, type StatementCandidate } from '../src/responses/statements.ts';

const item = (title: string, overrides: Partial<StatementCandidate> = {}): StatementCandidate => ({
  title,
  sourceId: 'community-care',
  url: 'https://www.communitycare.co.uk/2024/05/14/story/',
  categories: [],
  ...overrides,
});
const psw = (title: string, overrides: Partial<StatementCandidate> = {}) =>
  item(title, {
    sourceId: 'psw-basw',
    url: 'https://basw.co.uk/about-social-work/psw-magazine/articles/story',
    ...overrides,
  });

describe('sector statements', () => {
  it.each([
    ['BASW responds to the care review final report', 'BASW'],
    ['ADCS: care review must be backed by proper funding', 'ADCS'],
    ['Family Rights Group welcomes kinship allowance pilot', 'Family Rights Group'],
    ['NAIRO warns against scrapping independent reviewing officers', 'NAIRO'],
    ["Children's commissioner criticises profit-making in children's homes", "Children's Commissioner"],
    ['ADCS president warns of placement crisis', 'ADCS'],
    ['Fostering allowances must rise, says The Fostering Network', 'The Fostering Network'],
    ["British Association of Social Workers' response to the consultation", 'BASW'],
    ['Nuffield Family Justice Observatory urges changes to pre-proceedings', 'Nuffield Family Justice Observatory'],
  ])('"%s" is a response by %s, from any source', (title, body) => {
    const found = detectStatement(item(title));
    expect(found.isResponse).toBe(true);
    expect(found.body).toBe(body);
    expect(found.evidence.join(' ')).toContain(body);
  });

  it.each([
    'Government rejects care review call to scrap IROs',
    'DfE: consultation on agency rules opens',
    'Care review: what it means for social workers',
    'Exclusive: councils spend £1bn on agency staff',
    'Social workers warn of burnout as caseloads rise',
    'Kinship carers welcome allowance pilot',
    'Councils warn of rising costs of children’s homes',
    'Becoming a social worker: what I learned',
    'Ministers back plans for national pay scales',
  ])('"%s" is news, not a named body\'s response', (title) => {
    expect(detectStatement(item(title))).toEqual({ isResponse: false, evidence: [] });
  });

  it("attributes BASW's own statements on PSW to BASW: by headline, category or address", () => {
    expect(detectStatement(psw('Our response to the Stable Homes, Built on Love consultation'))).toMatchObject({
      isResponse: true,
      body: 'BASW',
    });
    expect(detectStatement(psw('Why national pay scales matter', { categories: ['Statements'] }))).toMatchObject({
      isResponse: true,
      body: 'BASW',
    });
    const byAddress = detectStatement(
      psw('Letter to the children’s minister', {
        url: 'https://basw.co.uk/about-basw/letters/letter-childrens-minister',
      }),
    );
    expect(byAddress).toMatchObject({ isResponse: true, body: 'BASW' });
    expect(byAddress.evidence[0]).toContain('/letters/');
    expect(detectStatement(psw('A day in the life of a kinship social worker')).isResponse).toBe(false);
  });

  it('does not guess a body for "Our response to…" from a source that is no body\'s own', () => {
    expect(detectStatement(item('Our response to the Stable Homes, Built on Love consultation')).isResponse).toBe(
      false,
    );
  });
});
