import { describe, expect, it } from 'vitest';
import { loadDecisionPhrases } from '../src/proposals/decision-phrases.ts';
import { DecisionDetector, type DecisionStory } from '../src/proposals/detect-decision.ts';
import { loadRecommendations } from '../src/tracker/recommendations-schema.ts';

const detector = new DecisionDetector(loadDecisionPhrases(), loadRecommendations());

/** "axis/value" the story reports for the key, or "none". */
function reading(key: string, title: string, summary = '', published: string | null = '2024-06-01'): string {
  const decision = detector.detect({ title, summary, published }, [key])[0];
  return decision ? `${decision.axis}/${decision.value}` : 'none';
}

type Row = [key: string, title: string, expected: string];

const families: Record<string, { says: Row[]; doesNotSay: Row[] }> = {
  'scraps / drops': {
    says: [
      ['kinship-allowance', 'Government scraps plan to pay kinship carers an allowance', 'response/not-taken-forward'],
      ['devolved-budgets', 'Ministers scrap Family Help Practice devolved budgets', 'response/not-taken-forward'],
      [
        'regional-care-cooperatives',
        'Plans for regional care co-operatives dropped by ministers',
        'response/not-taken-forward',
      ],
    ],
    doesNotSay: [
      ['iro', 'Government urged to scrap independent reviewing officers', 'none'],
      ['national-pay-scale', 'Ministers could scrap national pay scale plans', 'none'],
      ['iro', 'Government denies plans to scrap independent reviewing officers', 'none'],
    ],
  },
  'U-turn on': {
    says: [
      ['national-pay-scale', 'DfE U-turn on national pay scale for social workers', 'response/not-taken-forward'],
      ['staff-banks', 'Government in U-turn on social work staff banks', 'response/not-taken-forward'],
    ],
    doesNotSay: [
      ['national-pay-scale', 'Charity calls for U-turn on national pay scale', 'none'],
      ['staff-banks', 'Ministers should U-turn on staff bank plans, say directors', 'none'],
    ],
  },
  'will not go ahead': {
    says: [
      [
        'regional-care-cooperatives',
        'Regional care co-operatives will not go ahead, DfE confirms',
        'response/not-taken-forward',
      ],
      ['kinship-leave', 'No plans to introduce kinship leave, says minister', 'response/not-taken-forward'],
    ],
    doesNotSay: [
      ['regional-care-cooperatives', 'Regional care co-operatives may not go ahead, sector fears', 'none'],
      ['kinship-leave', 'Council says its kinship leave scheme will not go ahead', 'none'],
    ],
  },
  shelves: {
    says: [
      [
        'regional-care-cooperatives',
        'Government shelves plans for regional care co-operatives',
        'response/not-taken-forward',
      ],
      [
        'care-experience-missions',
        'Five missions for care-experienced people shelved by ministers',
        'response/not-taken-forward',
      ],
    ],
    doesNotSay: [['regional-care-cooperatives', 'Ministers poised to shelve regional care co-operatives', 'none']],
  },
  'rejects / rules out': {
    says: [
      [
        'protected-characteristic',
        'Government rejects call to make care experience a protected characteristic',
        'response/rejected',
      ],
      ['national-pay-scale', 'Government confirms it will not introduce national pay scales', 'response/rejected'],
    ],
    doesNotSay: [
      ['national-pay-scale', 'Unions reject national pay scale for children’s social workers', 'none'],
      ['protected-characteristic', 'MPs call for care experience to be a protected characteristic', 'none'],
    ],
  },
  'backs / accepts': {
    says: [
      ['national-framework', 'DfE backs national framework for children’s social care', 'response/accepted'],
      ['reform-board', 'DfE announces plans for National Implementation Board', 'response/accepted'],
      [
        'advocacy-opt-out',
        'Government accepts in principle the case for opt-out advocacy',
        'response/accepted-in-principle',
      ],
      ['agency-staff-rules', 'DfE waters down agency social work rules', 'response/accepted-in-part'],
    ],
    doesNotSay: [
      ['regional-care-cooperatives', 'Committee backs regional care co-operatives', 'none'],
      ['regional-care-cooperatives', 'Ofsted chief backs regional care co-operatives', 'none'],
      ['family-hubs', 'Opposition pledges to roll out family hubs', 'none'],
      ['kinship-allowance', 'Labour would introduce a kinship allowance', 'none'],
    ],
  },
  'consultation launched on': {
    says: [
      ['advocacy-opt-out', 'Consultation launched on national standards for advocacy', 'response/under-consideration'],
      ['kinship-leave', 'Government considering kinship leave, minister says', 'response/under-consideration'],
      [
        'education-safeguarding-partner',
        'Government to explore making education a statutory safeguarding partner',
        'response/under-consideration',
      ],
    ],
    doesNotSay: [
      ['advocacy-opt-out', 'Charity calls for consultation on advocacy standards', 'none'],
      ['advocacy-opt-out', 'Advocacy charity consults its members on national standards', 'none'],
    ],
  },
  'to be piloted in': {
    says: [
      ['kinship-allowance', 'Kinship allowance to be piloted in 10 areas', 'progress/piloting'],
      ['family-help', 'Wirral chosen as Families First for Children pathfinder', 'progress/piloting'],
      [
        'expert-cp-practitioner',
        'Specialist child protection role poses challenge for test-bed authorities',
        'progress/piloting',
      ],
    ],
    doesNotSay: [
      ['kinship-allowance', 'Charity calls for kinship allowance to be piloted', 'none'],
      ['family-hubs', 'Council pilots new family hub model', 'none'],
      ['family-network-plan', 'Research finds family network pilots improve outcomes', 'none'],
      ['kinship-allowance', 'Kinship allowance pilot too small, charity warns', 'none'],
      ['mockingbird', 'Lessons from the Mockingbird pilot', 'none'],
    ],
  },
  '£Xm to roll out': {
    says: [
      ['family-help', '£45m to roll out family help across England', 'progress/in-progress'],
      ['mockingbird', 'Mockingbird expansion announced by DfE', 'progress/in-progress'],
      ['foster-carer-recruitment', 'Government launches £3m foster carer recruitment drive', 'progress/in-progress'],
      ['agency-staff-rules', 'Implementation of social work agency price caps delayed', 'progress/in-progress'],
    ],
    doesNotSay: [
      ['family-help', 'A year on, still no sign of family help roll-out', 'none'],
      ['family-help', 'Family help: government yet to publish roll-out plan', 'none'],
      ['family-hubs', 'Family hubs must be rolled out everywhere, say campaigners', 'none'],
    ],
  },
  'planned (no development example: from what the word means)': {
    says: [
      ['kinship-leave', 'Government will legislate for kinship leave, minister says', 'progress/planned'],
      ['kinship-leave', 'Kinship leave to be introduced from April 2026', 'progress/planned'],
      ['agency-staff-rules', 'Agency social work rules to come into force in October', 'progress/planned'],
      ['expert-cp-practitioner', 'Lead child protection practitioners to be introduced by 2027', 'progress/planned'],
    ],
    doesNotSay: [['kinship-leave', 'Kinship leave should be written into law, charity says', 'none']],
  },
  'Royal Assent / legislated (no development example)': {
    says: [
      [
        'staying-put-close-23',
        'Children’s Wellbeing and Schools Act receives Royal Assent with Staying Close duty',
        'progress/legislated',
      ],
      ['staying-put-close-23', 'Staying Close duty becomes law', 'progress/legislated'],
    ],
    doesNotSay: [
      ['windfall-tax', 'Law to end profit from children’s care receives Royal Assent in Wales', 'none'],
      ['staying-put-close-23', 'What Royal Assent for the Staying Close duty means for care leavers', 'none'],
    ],
  },
  finalised: {
    says: [['reform-board', 'DfE finalises membership of National Implementation Board', 'progress/implemented']],
    doesNotSay: [
      ['reform-board', 'Charities have finalised their nominations for the implementation board', 'none'],
      ['reform-board', 'Sector leaders criticise make-up of finalised implementation board', 'none'],
    ],
  },
  'new law (gives way to a more precise cue)': {
    says: [
      [
        'corporate-parenting-extension',
        'New legal duty to make more public bodies act as corporate parents',
        'response/accepted',
      ],
      ['staying-put-close-23', 'New law extending Staying Close receives Royal Assent', 'progress/legislated'],
    ],
    doesNotSay: [
      ['kinship-leave', 'Charity calls for new law on kinship leave', 'none'],
      ['protected-characteristic', 'MPs back new law to make care experience a protected characteristic', 'none'],
    ],
  },
  'comes into force': {
    says: [
      [
        'care-standards-16-17',
        'Ban on unregulated accommodation for under-16s comes into force',
        'progress/implemented',
      ],
      [
        'care-standards-16-17',
        'Ofsted registration of supported accommodation becomes compulsory',
        'progress/implemented',
      ],
      ['agency-staff-rules', 'Agency social work rules take effect despite sector concerns', 'progress/implemented'],
    ],
    doesNotSay: [
      [
        'agency-staff-rules',
        'Agency social work price caps will not come into force until spring 2025',
        'progress/in-progress',
      ],
    ],
  },
};

describe('decision wording families', () => {
  for (const [family, { says, doesNotSay }] of Object.entries(families)) {
    describe(family, () => {
      it.each(says)('%s: "%s" reports %s', (key, title, expected) => {
        expect(reading(key, title)).toBe(expected);
      });
      it.each(doesNotSay)('%s: "%s" reports %s', (key, title, expected) => {
        expect(reading(key, title)).toBe(expected);
      });
    });
  }
});

describe('who decided, and when', () => {
  it('reads another government’s decision as none of England’s', () => {
    expect(reading('national-pay-scale', 'Scottish Government backs national pay scale for social workers')).toBe(
      'none',
    );
    expect(
      reading(
        'windfall-tax',
        'New law to eliminate profit from children’s care gets Royal Assent',
        'A new law removing profit-making from the care of looked-after children in Wales has received Royal Assent.',
      ),
    ).toBe('none');
    // "England and Wales" is not Wales.
    expect(
      reading('disabled-children-law', 'DfE commits to review of law on disabled children in England and Wales'),
    ).toBe('response/accepted');
  });

  it('reads the review’s own recommendations, and stories from before the review, as no decision', () => {
    expect(reading('iro', 'Care review recommends scrapping independent reviewing officers')).toBe('none');
    expect(
      reading(
        'national-pay-scale',
        'Unions and employers reject single pay scale for social workers',
        '',
        '2010-03-31',
      ),
    ).toBe('none');
    expect(
      reading(
        'national-pay-scale',
        'Government rules out national pay scale for children’s social workers',
        '',
        '2022-05-22',
      ),
    ).toBe('none');
    expect(
      reading(
        'national-pay-scale',
        'Government rules out national pay scale for children’s social workers',
        '',
        '2023-11-02',
      ),
    ).toBe('response/rejected');
  });

  it('reads questions, explainers and timing news about the response as no decision', () => {
    expect(reading('kinship-allowance', 'Kinship allowance pilot: who qualifies and which areas are in?')).toBe('none');
    expect(reading('kinship-allowance', 'Will the kinship allowance pilot go national?')).toBe('none');
    expect(reading('family-group-decision-making', 'What is family group decision making?')).toBe('none');
    expect(
      reading(
        'reform-board',
        'Care review response delayed until 2023',
        'DfE had pledged to respond to the review by the end of this year.',
      ),
    ).toBe('none');
  });

  it('finds the decision in the standfirst when the headline leads with a reaction or an appeal', () => {
    expect(
      reading(
        'reform-board',
        'Sector leaders criticise make-up of National Implementation Board',
        'The government has announced the members of the National Implementation Board, but some sector leaders have criticised it.',
      ),
    ).toBe('progress/implemented');
    expect(
      reading(
        'reform-board',
        'Sector leaders criticise finalised implementation board',
        'The Department for Education has finalised the implementation board, but sector leaders criticised its make-up.',
      ),
    ).toBe('progress/implemented');
    expect(
      reading(
        'early-career-framework',
        'Councils urged to test social work early career framework',
        'DfE seeks to increase the number of authorities trialling the five-year programme.',
      ),
    ).toBe('progress/piloting');
  });

  it('needs government to be the actor for verbs anyone could use', () => {
    expect(
      reading(
        'care-leaver-homelessness',
        'Care leavers to get housing help',
        'Care leavers will be exempted from the local connection test, the government has announced.',
      ),
    ).toBe('response/accepted');
    expect(
      reading(
        'care-leaver-homelessness',
        'Care leavers to get housing help',
        'Care leavers will be exempted from the local connection test, a council has said.',
      ),
    ).toBe('none');
  });
});

describe('who receives, and who decides', () => {
  it('reads who stands before a recipient’s cue as who receives or must comply, not who acted', () => {
    const story = (summary: string) =>
      reading('family-group-decision-making', 'Family group decision making to become a duty', summary);
    expect(
      story(
        'Councils will be required to offer family group decision making, the Department for Education has announced.',
      ),
    ).toBe('response/accepted');
    expect(story('Councils will be required to offer family group decision making under a council scheme.')).toBe(
      'none',
    );
    expect(story('Councils will be required to offer family group decision making, charity urges.')).toBe('none');
  });

  it('does not read an actor’s word inside a recommendation’s name as who acted', () => {
    expect(reading('expert-practitioner-status', 'Expert practitioner status to be introduced, DfE confirms')).toBe(
      'response/accepted',
    );
    expect(reading('expert-practitioner-status', 'Experts want practitioner status to be introduced')).toBe('none');
  });

  it('reads what members of Parliament say as their own, and what Parliament does as a decision', () => {
    expect(
      reading(
        'corporate-parenting-extension',
        'Extend corporate parenting responsibility across the public sector, say MPs',
      ),
    ).toBe('none');
    expect(reading('staying-put-close-23', 'MPs vote for Staying Close duty')).toBe('progress/in-progress');
  });
});

describe('what a story says of each recommendation it is tagged with', () => {
  it('keeps apart what one headline says of two recommendations', () => {
    const story: DecisionStory = {
      title: 'DfE backs early career framework but rejects national pay scales for children’s social workers',
      published: '2023-02-08',
    };
    const decisions = detector.detect(story, ['early-career-framework', 'national-pay-scale']);
    expect(decisions.map((d) => `${d.key} ${d.axis}/${d.value}`)).toEqual([
      'early-career-framework response/accepted',
      'national-pay-scale response/rejected',
    ]);
  });

  it('reads a clause that names one recommendation as saying nothing of another, tagged or not', () => {
    const title = 'DfE backs early career framework but rejects national pay scales for children’s social workers';
    expect(reading('national-pay-scale', title)).toBe('response/rejected');
    expect(reading('early-career-framework', title)).toBe('response/accepted');
  });

  it('finds a recommendation named by an alias in parts ("schools" + "safeguarding partner") in one sentence', () => {
    const story = { title: 'Government to explore making schools statutory safeguarding partner through pilot' };
    expect(
      detector.detect(story, ['education-safeguarding-partner', 'multi-agency-cp-units']).map((d) => d.key),
    ).toEqual(['education-safeguarding-partner']);
    // The parts in different sentences name nothing, so the clause can speak of another tagged recommendation.
    expect(
      detector
        .detect(
          {
            title:
              'Government to explore multi-agency child protection units. Schools welcome it as safeguarding partner',
          },
          ['multi-agency-cp-units'],
        )
        .map((d) => d.key),
    ).toEqual(['multi-agency-cp-units']);
  });

  it('gives a cue inside a recommendation’s own name to that recommendation alone', () => {
    const decisions = detector.detect({ title: 'Families First for Children and Family Network pilots announced' }, [
      'family-help',
      'family-network-plan',
    ]);
    expect(decisions.map((d) => d.key)).toEqual(['family-network-plan']);
  });

  it('reads scrapping as accepting, and keeping as rejecting, a recommendation to remove something', () => {
    expect(reading('iro', 'Government scraps independent reviewing officers')).toBe('response/accepted');
    expect(reading('iro', 'Independent reviewing officer role saved in DfE care review response')).toBe(
      'response/rejected',
    );
    expect(reading('iro', 'Government scraps plans to abolish independent reviewing officers')).toBe(
      'response/not-taken-forward',
    );
    expect(reading('kinship-allowance', 'Kinship allowance to be kept, ministers confirm')).toBe('none');
  });

  it('shows the evidence: the words, the field and the sentence they are in', () => {
    const [decision] = detector.detect(
      {
        title: 'Care leavers get housing help',
        summary:
          'Care leavers aged up to 25 will be exempted from the need to have a local connection, the government has announced. Charities welcomed it.',
      },
      ['care-leaver-homelessness'],
    );
    expect(decision!.evidence).toEqual({
      phrase: 'will be exempted',
      field: 'summary',
      sentence:
        'Care leavers aged up to 25 will be exempted from the need to have a local connection, the government has announced.',
    });
  });

  it('reads the opening of the body when headline and standfirst say nothing', () => {
    const story = {
      title: 'Kinship care: what changes',
      summary: 'Kinship carers have waited years.',
      body: 'The government has confirmed a kinship allowance will be piloted in ten areas. More follows later.',
    };
    expect(detector.detect(story, ['kinship-allowance'])[0]).toMatchObject({
      axis: 'progress',
      value: 'piloting',
      evidence: { field: 'body', phrase: 'will be piloted' },
    });
    // Explainers are read by their headline, so the rule above needs a headline that is not one.
    expect(
      detector.detect({ ...story, title: 'Kinship care: what it means for carers' }, ['kinship-allowance']),
    ).toEqual([]);
  });

  it('proposes nothing for a story tagged with no recommendation', () => {
    expect(detector.detect({ title: 'Government scraps plan to pay kinship carers an allowance' }, [])).toEqual([]);
  });
});
