import type { Collection } from './collection.ts';
import type { StoreConnection } from './open-store.ts';

export const CHANNEL_SETTINGS = ['digest-channel', 'admin-channel', 'review-channel'] as const;
export type ChannelSetting = (typeof CHANNEL_SETTINGS)[number];

export interface SettingRecord {
  guildId: string;
  name: ChannelSetting;
  value: string;
  by: string;
  at: string;
}

export type WatchKind = 'theme' | 'recommendation';

export interface Watch {
  guildId: string;
  channelId: string;
  kind: WatchKind;
  key: string;
  by: string;
  at: string;
}

const isSetting = (v: unknown): v is SettingRecord =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SettingRecord).guildId === 'string' &&
  typeof (v as SettingRecord).value === 'string';
const isWatch = (v: unknown): v is Watch =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Watch).channelId === 'string' &&
  typeof (v as Watch).key === 'string';

/**
 * Per-server settings and watches. Each setting and each watch is a record of its own, so two
 * moderators changing different things at once never overwrite each other. Always read from the
 * store: another process may have changed them.
 */
export class SettingsStore {
  private readonly settings: Collection<SettingRecord>;
  private readonly watches: Collection<Watch>;

  constructor(connection: StoreConnection) {
    this.settings = connection.collection<SettingRecord>('settings', isSetting);
    this.watches = connection.collection<Watch>('watches', isWatch);
  }

  async channel(guildId: string, name: ChannelSetting): Promise<string | undefined> {
    return (await this.settings.get(`${guildId}:${name}`))?.value;
  }

  async setChannel(record: SettingRecord): Promise<void> {
    await this.settings.set(`${record.guildId}:${record.name}`, record);
  }

  async clearChannel(guildId: string, name: ChannelSetting): Promise<void> {
    await this.settings.delete(`${guildId}:${name}`);
  }

  /** Every server's value of one setting: the servers a digest goes to. */
  async allChannels(name: ChannelSetting): Promise<Array<{ guildId: string; channelId: string }>> {
    return (await this.settings.entries())
      .filter(([, r]) => r.name === name)
      .map(([, r]) => ({ guildId: r.guildId, channelId: r.value }));
  }

  async addWatch(watch: Watch): Promise<boolean> {
    const key = watchKey(watch);
    if (await this.watches.get(key)) return false;
    await this.watches.set(key, watch);
    return true;
  }

  async removeWatch(watch: Pick<Watch, 'guildId' | 'channelId' | 'kind' | 'key'>): Promise<boolean> {
    const key = watchKey(watch);
    if (!(await this.watches.get(key))) return false;
    await this.watches.delete(key);
    return true;
  }

  async listWatches(guildId?: string): Promise<Watch[]> {
    return (await this.watches.entries()).map(([, w]) => w).filter((w) => !guildId || w.guildId === guildId);
  }
}

function watchKey(w: Pick<Watch, 'guildId' | 'channelId' | 'kind' | 'key'>): string {
  return `${w.guildId}:${w.channelId}:${w.kind}:${w.key}`;
}
