import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { explanationText } from '../src/classify/explain-text.ts';
import type { CommandModule } from '../src/command-kit/types.ts';
import { escapeText } from '../src/render/markdown.ts';
import { colours } from '../src/render/reply.ts';

const MAX_TITLE = 300;
const MAX_SUMMARY = 1000;

/** For moderators tuning the taxonomy: why a story would be filed where it is, or not at all. */
export const explain: CommandModule = {
  definition: {
    name: 'explain',
    description: 'Why a story would or would not be filed: phrases, scores and the context verdict (Manage Server)',
    dm_permission: false,
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'title',
        description: "The story's headline",
        required: true,
        max_length: MAX_TITLE,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'summary',
        description: 'Its standfirst or opening sentences',
        max_length: MAX_SUMMARY,
      },
    ],
  },
  answersPrivately: true,
  // Reads only what it is given: open to any server's moderators, as well as editors.
  requires: 'admin',
  async execute(ctx, input) {
    const title = String(input.options.title ?? '');
    const summary = input.options.summary === undefined ? '' : String(input.options.summary);
    const explanation = ctx.classifier().explain({ title, summary });
    const text = explanationText(explanation, (phrase) => `'${escapeText(phrase, 100)}'`);
    const list = (lines: string[], none: string) => (lines.length > 0 ? lines.map((l) => `• ${l}`).join('\n') : none);
    return {
      ephemeral: true,
      embeds: [
        {
          title: text.verdict,
          color: explanation.classification.aboutReform ? colours.good : colours.muted,
          description: `**Story:** ${escapeText(title, 200)}\n**Context gate:** ${escapeText(text.context)}`,
          fields: [
            { name: 'Themes: score against what each needs', value: list(text.themes, 'No theme phrase matched.') },
            { name: 'Recommendations', value: list(text.recommendations, 'No alias matched.') },
            { name: 'Phrases matched', value: list(text.phrases, 'None.') },
          ],
          footer: `A phrase counts fully in the title, x${explanation.fieldWeights.summary} in the summary, and a quarter more for each other field it is found in. Tune data/taxonomy.yaml and the aliases in data/recommendations.yaml.`,
        },
      ],
    };
  },
};
