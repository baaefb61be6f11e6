import { describe, expect, it } from 'vitest';
import { groupNearDuplicates } from '../src/digest/near-duplicates.ts';
import { newsItem } from './helpers/digest-data.ts';

const background = [
  newsItem({
    title: 'Kinship carers call for paid leave',
    summary: 'A survey of kinship carers finds most gave up work.',
    published: '2025-10-20T09:00:00Z',
  }),
  newsItem({
    title: 'Foster carer numbers fall again',
    summary: 'Ofsted figures show fewer fostering households.',
    published: '2025-10-20T10:00:00Z',
  }),
  newsItem({
    title: 'Social work apprenticeships expand',
    summary: 'More councils take on apprentices.',
    published: '2025-10-21T09:00:00Z',
  }),
];

describe('one story, not one template', () => {
  it('keeps apart stories told on one headline template across outlets when their texts differ', () => {
    const birmingham = newsItem({
      title: "Ofsted rates Birmingham children's services inadequate",
      summary: 'Inspectors found leaders had not acted on repeated warnings about caseloads.',
      published: '2025-10-22T09:00:00Z',
    });
    const leeds = newsItem({
      title: "Ofsted rates Leeds children's services inadequate",
      summary: 'A focused visit found delays in child protection enquiries and poor management oversight.',
      published: '2025-10-22T11:00:00Z',
      sourceId: 'psw-basw',
    });
    const groups = groupNearDuplicates([...background, birmingham, leeds]);
    expect(groups.find((g) => g.includes(birmingham))).toHaveLength(1);
    expect(groups.find((g) => g.includes(leeds))).toHaveLength(1);
  });

  it('still groups one story told by both outlets', () => {
    const cc = newsItem({
      title: 'Government confirms £500m for kinship care',
      summary: 'The Department for Education will fund kinship allowances in every council from April.',
      published: '2025-10-22T09:00:00Z',
    });
    const psw = newsItem({
      title: 'Government confirms £500m kinship care funding',
      summary: 'Every council will get funding for kinship allowances from April, the DfE said.',
      published: '2025-10-22T12:00:00Z',
      sourceId: 'psw-basw',
    });
    const groups = groupNearDuplicates([...background, cc, psw]);
    expect(groups.find((g) => g.includes(cc))).toEqual([cc, psw]);
  });
});
