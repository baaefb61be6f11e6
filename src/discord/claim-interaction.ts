import type { App } from '../app.ts';

/** Discord forgets an interaction's token after 15 minutes; a claim need not outlive it. */
const CLAIM_TTL_MS = 15 * 60 * 1000;

/**
 * With several instances logged in, every one of them receives each interaction. The first to
 * claim it in the store answers; the rest stay quiet. If the store cannot be asked, answer anyway:
 * a second answer is refused by Discord, which is better than none.
 */
export async function claimInteraction(app: App, interactionId: string): Promise<boolean> {
  try {
    return await app.store.locks.claim(`interaction:${interactionId}`, CLAIM_TTL_MS);
  } catch (error) {
    app.logger.warn(
      { err: error, interaction: interactionId },
      'could not claim an interaction in the store; answering it anyway',
    );
    return true;
  }
}
