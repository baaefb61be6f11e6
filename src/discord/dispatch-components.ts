import { Routes, type ButtonInteraction, type Interaction, type ModalSubmitInteraction } from 'discord.js';
import type { App } from '../app.ts';
import { authorityOf, refusal, type Authority } from '../command-kit/permissions.ts';
import { reportFailure } from '../command-kit/report-failure.ts';
import { Outbox, type OutgoingMessage } from '../delivery/outbox.ts';
import { UserFacingError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import {
  AlreadyDecided,
  approveProposal,
  PROPOSABLE,
  rejectProposal,
  type ProposalActionDeps,
} from '../proposals/act-on-proposal.ts';
import { editForm, parseProposalCustomId, proposalMessage } from '../proposals/proposal-message.ts';
import { attachProposals, type ProposalPost, type StoredProposal } from '../proposals/proposal-store.ts';
import type { Moderator } from '../tracker/tracker-records.ts';
import { callerOf } from './caller.ts';
import { DEFER_AFTER_MS } from './dispatch.ts';
import { EPHEMERAL_FLAG } from './to-discord-message.ts';

export interface ComponentDeps extends ProposalActionDeps {
  outbox: Outbox;
  logger: Logger;
  /** Who the editors are: every proposal button and form is theirs alone. */
  authority: Authority;
  /** Past this, the update is deferred (Discord drops an interaction not answered within 3 s). */
  deferAfterMs?: number;
}

type ProposalInteraction = ButtonInteraction | ModalSubmitInteraction;

export function componentDepsOf(app: App): ComponentDeps {
  return {
    proposals: attachProposals(app),
    tracker: app.tracker,
    outbox: new Outbox(app.store),
    logger: app.logger,
    authority: authorityOf(app.config),
    now: app.context.now,
  };
}

/** Buttons and forms: what this dispatcher answers; slash commands and autocomplete go to dispatch.ts. */
export function isComponentInteraction(interaction: Interaction): interaction is ProposalInteraction {
  return interaction.isButton() || interaction.isModalSubmit();
}

const note = (content: string) => ({ content, flags: EPHEMERAL_FLAG, allowedMentions: { parse: [] as [] } });
const asUpdate = (message: OutgoingMessage) => ({
  embeds: message.embeds ?? [],
  components: message.components ?? [],
  allowedMentions: { parse: [] as [] },
});

/** A private word to the person who clicked, in whatever state the interaction is in. */
async function tell(interaction: ProposalInteraction, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied) await interaction.followUp(note(content));
  else await interaction.reply(note(content));
}

/**
 * The messages a proposal was posted as, each with its id once delivery has posted it (the outbox
 * knows it first); newly learnt ids are kept on the proposal's record.
 */
async function postedMessages(proposal: StoredProposal, deps: ComponentDeps): Promise<ProposalPost[]> {
  const posts = await Promise.all(
    proposal.posts.map(async (post) =>
      post.messageId ? post : { ...post, messageId: (await deps.outbox.get(post.outboxId))?.parts[0]?.sentId },
    ),
  );
  const learnt = new Map(
    posts.filter((p, i) => p.messageId && !proposal.posts[i]!.messageId).map((p) => [p.outboxId, p]),
  );
  if (learnt.size > 0) {
    await deps.proposals
      .update(proposal.id, (current) => ({ ...current, posts: current.posts.map((p) => learnt.get(p.outboxId) ?? p) }))
      .catch((error: unknown) =>
        deps.logger.warn(
          { err: error, proposal: proposal.id },
          'could not record the messages a proposal was posted as',
        ),
      );
  }
  return posts;
}

/**
 * Whether the message clicked (or whose form was sent) is the proposal's own: its footer names the
 * proposal, or it is one of the proposal's posts. A custom id naming another proposal is not acted
 * on, so the message never comes to show a proposal it was not posted for.
 */
async function isMessageOf(interaction: ProposalInteraction, id: string, deps: ComponentDeps): Promise<boolean> {
  const message = interaction.message;
  if (!message) return true;
  const footer = message.embeds[0]?.footer?.text ?? '';
  if (footer === `Proposal ${id}` || footer.startsWith(`Proposal ${id} `)) return true;
  const proposal = await deps.proposals.get(id);
  if (!proposal) return true; // acting on it then says there is no such proposal
  return (await postedMessages(proposal, deps)).some((post) => post.messageId === message.id);
}

/**
 * Every posted message of a proposal other than the one clicked, brought up to date (buttons
 * removed once decided). A message still in the outbox is posted as it was enqueued; a click on it
 * then shows the decision.
 */
async function refreshOtherPosts(
  interaction: ProposalInteraction,
  proposal: StoredProposal,
  message: OutgoingMessage,
  deps: ComponentDeps,
): Promise<void> {
  for (const post of await postedMessages(proposal, deps)) {
    if (!post.messageId || post.messageId === interaction.message?.id) continue;
    await interaction.client.rest
      .patch(Routes.channelMessage(post.channelId, post.messageId), {
        body: { ...asUpdate(message), allowed_mentions: { parse: [] } },
      })
      .catch((error: unknown) =>
        deps.logger.warn(
          { err: error, proposal: proposal.id, channel: post.channelId },
          'could not update a posted proposal',
        ),
      );
  }
}

/**
 * Runs a decision and shows it on the message clicked: an update within Discord's 3 s, or a
 * deferred update and an edit after. A proposal decided already (elsewhere, or by another
 * moderator a moment before) is shown as decided, and the clicker told so privately.
 */
async function decide(
  interaction: ProposalInteraction,
  deps: ComponentDeps,
  act: () => Promise<StoredProposal>,
): Promise<void> {
  const onMessage = interaction.isButton() ? interaction : interaction.isFromMessage() ? interaction : undefined;
  if (!onMessage) throw new UserFacingError('That form no longer belongs to a message; use /approve or /reject.');
  let deferral: Promise<void> | undefined;
  const timer = setTimeout(() => {
    deferral = interaction.deferUpdate().then(
      () => undefined,
      (error: unknown) => deps.logger.warn({ err: error, interaction: interaction.id }, 'could not defer the update'),
    );
  }, deps.deferAfterMs ?? DEFER_AFTER_MS);
  let proposal: StoredProposal;
  let notice: string | undefined;
  try {
    proposal = await act();
  } catch (error) {
    if (!(error instanceof AlreadyDecided)) throw error;
    proposal = error.proposal;
    notice = error.message;
  } finally {
    clearTimeout(timer);
    await deferral;
  }
  const message = proposalMessage(proposal, deps.tracker.get(proposal.key)?.title ?? proposal.key);
  if (interaction.deferred) await interaction.editReply(asUpdate(message));
  else await onMessage.update(asUpdate(message));
  if (notice) await interaction.followUp(note(notice));
  await refreshOtherPosts(interaction, proposal, message, deps);
}

async function openEditForm(interaction: ButtonInteraction, deps: ComponentDeps, id: string): Promise<void> {
  const proposal = await deps.proposals.require(id);
  if (proposal.state !== 'pending')
    return decide(interaction, deps, () => Promise.reject(new AlreadyDecided(proposal)));
  await interaction.showModal(editForm(proposal, PROPOSABLE[proposal.axis]));
}

async function handle(interaction: ProposalInteraction, deps: ComponentDeps): Promise<void> {
  const parsed = parseProposalCustomId(interaction.customId);
  if (!parsed) return tell(interaction, 'That button is no longer in use.');
  // Discord's permissions on a channel only hide what a member cannot use; the check is here, and a
  // click or a form from a server that is not an editor server is refused whatever its permissions.
  const caller = callerOf(interaction, deps.authority);
  const refused = refusal('editor', caller.rights, deps.authority, 'approve, edit or reject proposals');
  if (refused) return tell(interaction, refused);
  if (!(await isMessageOf(interaction, parsed.id, deps)))
    return tell(interaction, 'That button does not belong to the proposal on this message; nothing was changed.');
  const by: Moderator = { id: caller.id, name: caller.name };
  if (interaction.isButton()) {
    // A click approves only what the message offered; the server checks it, whatever the custom id says.
    if (parsed.action === 'approve' || parsed.action === 'choose') {
      const changes = parsed.choice ?? {};
      return decide(
        interaction,
        deps,
        async () => (await approveProposal(deps, parsed.id, by, changes, { offeredOnly: true })).proposal,
      );
    }
    if (parsed.action === 'reject') return decide(interaction, deps, () => rejectProposal(deps, parsed.id, by));
    if (parsed.action === 'edit') return openEditForm(interaction, deps, parsed.id);
  } else if (parsed.action === 'edited') {
    const changes = {
      value: interaction.fields.getTextInputValue('value'),
      summary: interaction.fields.getTextInputValue('summary'),
    };
    return decide(interaction, deps, async () => (await approveProposal(deps, parsed.id, by, changes)).proposal);
  }
  return tell(interaction, 'That button is no longer in use.');
}

/**
 * The one entry for buttons and forms on proposals, with one error policy as for commands: a
 * user's mistake (a value not on the axis) is answered in words, privately; anything else is
 * logged under a reference and answered briefly. Never rejects.
 */
export async function dispatchComponentInteraction(interaction: Interaction, deps: ComponentDeps): Promise<void> {
  if (!isComponentInteraction(interaction)) return;
  try {
    await handle(interaction, deps);
  } catch (error) {
    const words =
      error instanceof UserFacingError
        ? error.message
        : reportFailure(deps.logger, error, 'acting on that proposal', {
            customId: interaction.customId,
            interaction: interaction.id,
          });
    await tell(interaction, words).catch((failure: unknown) =>
      deps.logger.warn(
        { err: failure, interaction: interaction.id },
        'could not tell the user that acting on a proposal failed',
      ),
    );
  }
}
