import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** Discord's limits, as the real API enforces them (400, code 50035; empty message 50006). */
const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  total: 6000,
  choices: 25,
  choiceText: 100,
};

export interface RecordedCall {
  method: string;
  path: string;
  body: any;
  authorization?: string;
  status: number;
}

let sequence = 0n;
/** Realistic 18-19 digit snowflakes: discord.js's rate-limit buckets expect them. */
export function snowflake(): string {
  return ((BigInt(Date.now() - 1_420_070_400_000) << 22n) | (sequence++ & 0xfffn)).toString();
}

/** Checks a message body against Discord's limits; returns the problems (empty when valid). */
export function messageProblems(data: any): string[] {
  const problems: string[] = [];
  if (!data) return ['no data'];
  const embeds: any[] = data.embeds ?? [];
  if (!data.content && embeds.length === 0 && !data.components?.length) problems.push('50006 empty message');
  if ((data.content ?? '').length > LIMITS.content) problems.push(`content longer than ${LIMITS.content}`);
  if (embeds.length > LIMITS.embeds) problems.push(`more than ${LIMITS.embeds} embeds`);
  let total = 0;
  embeds.forEach((e, i) => {
    const check = (value: string | undefined, max: number, what: string) => {
      if ((value ?? '').length > max) problems.push(`embeds[${i}].${what} longer than ${max}`);
      total += (value ?? '').length;
    };
    check(e.title, LIMITS.title, 'title');
    check(e.description, LIMITS.description, 'description');
    check(e.footer?.text, LIMITS.footer, 'footer.text');
    check(e.author?.name, LIMITS.authorName, 'author.name');
    const fields: any[] = e.fields ?? [];
    if (fields.length > LIMITS.fields) problems.push(`embeds[${i}] has more than ${LIMITS.fields} fields`);
    fields.forEach((f, j) => {
      if (!f.name || !f.value) problems.push(`embeds[${i}].fields[${j}] empty name or value`);
      check(f.name, LIMITS.fieldName, `fields[${j}].name`);
      check(f.value, LIMITS.fieldValue, `fields[${j}].value`);
    });
  });
  if (total > LIMITS.total) problems.push(`embeds total ${total} over ${LIMITS.total}`);
  return problems;
}

/** Checks message components as Discord does: at most 5 action rows of 1 to 5 buttons, ids and labels within limits. */
export function componentProblems(components: any[] | undefined): string[] {
  const problems: string[] = [];
  const rows = components ?? [];
  if (rows.length > 5) problems.push('more than 5 action rows');
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    if (row?.type !== 1) return problems.push(`components[${i}] is not an action row`);
    const buttons: any[] = row.components ?? [];
    if (buttons.length < 1 || buttons.length > 5)
      problems.push(`components[${i}] holds ${buttons.length} components, not 1 to 5`);
    buttons.forEach((b, j) => {
      const where = `components[${i}].components[${j}]`;
      if (b?.type !== 2) return problems.push(`${where} is not a button`);
      if (![1, 2, 3, 4, 5].includes(b.style)) problems.push(`${where} has an unknown style`);
      if (b.style === 5 ? !b.url : !b.custom_id)
        problems.push(`${where} needs ${b.style === 5 ? 'a url' : 'a custom_id'}`);
      if ((b.custom_id ?? '').length > 100) problems.push(`${where}.custom_id longer than 100`);
      if ((b.label ?? '').length > 80) problems.push(`${where}.label longer than 80`);
      if (b.custom_id && ids.has(b.custom_id)) problems.push(`${where}.custom_id is not unique`);
      ids.add(b.custom_id);
    });
  });
  return problems;
}

/** Checks a modal (callback type 9) as Discord does; returns its text inputs when it is valid. */
export function modalProblems(data: any): string[] {
  const problems: string[] = [];
  if (!data?.custom_id || data.custom_id.length > 100) problems.push('modal custom_id missing or longer than 100');
  if (!data?.title || data.title.length > 45) problems.push('modal title missing or longer than 45');
  const components: any[] = data?.components ?? [];
  if (components.length < 1 || components.length > 5)
    problems.push(`modal holds ${components.length} components, not 1 to 5`);
  const ids = new Set<string>();
  components.forEach((c, i) => {
    // A label (18) holds one input and names it; a legacy action row (1) holds one text input with its own label.
    const input =
      c?.type === 18 ? c.component : c?.type === 1 && c.components?.length === 1 ? c.components[0] : undefined;
    const label = c?.type === 18 ? c.label : input?.label;
    if (!input) return problems.push(`modal components[${i}] is neither a label nor an action row with one input`);
    if (c.type === 18 && input.label !== undefined)
      problems.push(`modal components[${i}]: a text input in a label has no label of its own`);
    if (!label || label.length > 45) problems.push(`modal components[${i}] label missing or longer than 45`);
    if ((c.description ?? '').length > 100) problems.push(`modal components[${i}].description longer than 100`);
    if (input.type !== 4) return problems.push(`modal components[${i}] is not a text input`);
    if (![1, 2].includes(input.style)) problems.push(`modal components[${i}] has an unknown text input style`);
    if (!input.custom_id || input.custom_id.length > 100 || ids.has(input.custom_id))
      problems.push(`modal components[${i}].custom_id missing, too long or repeated`);
    ids.add(input.custom_id);
    const min = input.min_length ?? 0;
    const max = input.max_length ?? 4000;
    if (min < 0 || min > 4000 || max < 1 || max > 4000 || min > max)
      problems.push(`modal components[${i}] has bad length bounds`);
    if (input.value !== undefined && (input.value.length > max || input.value.length > 4000))
      problems.push(`modal components[${i}].value longer than max_length`);
    if ((input.placeholder ?? '').length > 100) problems.push(`modal components[${i}].placeholder longer than 100`);
  });
  return problems;
}

/** The text inputs of a valid modal, in order. */
function modalInputs(data: any): any[] {
  return (data.components as any[]).map((c) => (c.type === 18 ? c.component : c.components[0]));
}

function choiceProblems(data: any): string[] {
  const choices: any[] = data?.choices ?? [];
  const problems: string[] = [];
  if (choices.length > LIMITS.choices) problems.push(`more than ${LIMITS.choices} choices`);
  for (const c of choices) {
    if (!c.name || c.name.length > LIMITS.choiceText) problems.push(`choice name length ${c.name?.length}`);
    if (String(c.value).length > LIMITS.choiceText) problems.push('choice value too long');
  }
  return problems;
}

/** A message an interaction produced, as the channel would hold it. */
export interface FakeMessage {
  kind: 'original' | 'follow-up';
  /** Seen only by the person who asked. Fixed when the message is created (a deferral fixes it for the original). */
  ephemeral: boolean;
  /** A deferral still showing "thinking…". */
  pending: boolean;
  deleted: boolean;
  content: string;
  embeds: any[];
}

export interface ChannelMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: any[];
  components: any[];
  nonce?: string;
  at: number;
  author: { id: string; bot: boolean };
}

export interface InteractionOptions {
  userId?: string;
  /** Permission bits as Discord sends them; 32 is Manage Server. */
  permissions?: string;
  /** The member's role ids (the guild's own `roleId` is one the guild has). */
  roles?: string[];
  /** Another server the interaction comes from (one the bot is in but this fake does not announce). */
  guildId?: string;
  /** Options of a slash command that are channels (type 7): Discord sends their channel resolved. */
  channelOptions?: string[];
}

/** A modal the bot opened (callback type 9), waiting to be submitted. */
export interface ShownModal {
  interactionId: string;
  data: any;
  /** The channel message whose component opened it. */
  message?: ChannelMessage;
}

/**
 * A local stand-in for Discord: REST v10 and the gateway on 127.0.0.1, enough for the real
 * discord.js client to log in, register commands and answer interactions. It records every REST
 * call, answers 400 like Discord when a message breaks a limit, and 429 on demand.
 */
export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly appId = snowflake();
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  /** A role of the guild, for members given it with `roles`. */
  readonly roleId = snowflake();
  readonly botId = snowflake();
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private rateLimits: Array<{ match: RegExp; remaining: number; retryAfterSeconds: number }> = [];
  private failures: Array<{ match: RegExp; remaining: number; status: number; code: number; message: string }> = [];
  /** Messages by interaction token. */
  private messages = new Map<string, FakeMessage[]>();
  private registered = new Map<string, any[]>();
  private acknowledged = new Set<string>();
  /** Component and modal-submit interactions by token: the channel message they act on. */
  private componentTargets = new Map<string, ChannelMessage | undefined>();
  /** Every interaction's type (2 command, 3 component, 4 autocomplete, 5 modal submit), by token. */
  private interactionTypes = new Map<string, number>();
  /** Modals the bot opened, by their custom_id; a submit takes its modal away. */
  readonly modals = new Map<string, ShownModal>();
  /** Messages posted in channels (not interaction answers), oldest first, by channel id. */
  readonly channelMessages = new Map<string, ChannelMessage[]>();
  /** Channels that answer 404 Unknown Channel (deleted, or the bot cannot see them). */
  readonly missingChannels = new Set<string>();
  /** Channels of servers other than this one (GET /channels/{id} names their guild); any other channel is this server's. */
  readonly channelGuilds = new Map<string, string>();
  /** How long a nonce is remembered for enforce_nonce, as Discord does for "a few minutes". */
  nonceWindowMs = 5 * 60 * 1000;
  port = 0;

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => this.onGateway(socket));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.close(4004, 'test over');
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` requests whose path matches get 429 with Retry-After. */
  rateLimitNext(match: RegExp, count = 1, retryAfterSeconds = 0.2): void {
    this.rateLimits.push({ match, remaining: count, retryAfterSeconds });
  }

  /** The next `count` requests whose path matches get an error, as Discord sends it (default: 10062 Unknown interaction). */
  failNext(match: RegExp, count = 1, status = 404, code = 10062, message = 'Unknown interaction'): void {
    this.failures.push({ match, remaining: count, status, code, message });
  }

  /** Every message an interaction produced, deleted ones included. */
  messagesOf(interactionId: string): FakeMessage[] {
    return this.messages.get(`tok-${interactionId}`) ?? [];
  }

  /** What everyone in the channel can see of an interaction's answers. */
  publicMessages(interactionId: string): FakeMessage[] {
    return this.messagesOf(interactionId).filter((m) => !m.ephemeral && !m.deleted);
  }

  commands(): any[] {
    return this.registered.get(`guild:${this.guildId}`) ?? this.registered.get('global') ?? [];
  }

  /** Sends a slash command to the bot as Discord would. */
  chatInput(
    name: string,
    subcommand: string | undefined,
    options: Record<string, string | number | boolean>,
    opts: InteractionOptions = {},
  ): string {
    const channels = opts.channelOptions ?? [];
    const list = Object.entries(options).map(([n, value]) => ({
      name: n,
      type: channels.includes(n) ? 7 : typeof value === 'number' ? 4 : typeof value === 'boolean' ? 5 : 3,
      value,
    }));
    const resolved = Object.fromEntries(
      channels.map((n) => [options[n], { id: options[n], name: 'channel', type: 0, permissions: '0' }]),
    );
    return this.interact(
      2,
      name,
      subcommand ? [{ name: subcommand, type: 1, options: list }] : list,
      opts,
      channels.length > 0 ? { channels: resolved } : undefined,
    );
  }

  /** Sends an autocomplete request for `focused` as a user types. */
  autocomplete(
    name: string,
    subcommand: string | undefined,
    focused: string,
    typed: string,
    opts: InteractionOptions = {},
  ): string {
    const list = [{ name: focused, type: 3, value: typed, focused: true }];
    return this.interact(4, name, subcommand ? [{ name: subcommand, type: 1, options: list }] : list, opts);
  }

  /** Calls whose path concerns one interaction (its callback and its webhook edits), by token. */
  responsesTo(interactionId: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.path.includes(`/interactions/${interactionId}/`) || c.path.includes(`/tok-${interactionId}`),
    );
  }

  async waitFor<T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the bot');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The first successful answer to an interaction: a reply, autocomplete choices, or the edit after a deferral. */
  async answerTo(interactionId: string): Promise<RecordedCall> {
    return this.waitFor(() =>
      this.responsesTo(interactionId).find(
        (c) =>
          c.status < 300 && (c.method === 'PATCH' || (c.method === 'POST' && c.body?.type !== 5 && c.body?.type !== 6)),
      ),
    );
  }

  /** The channel message with this id, wherever it was posted. */
  channelMessage(messageId: string): ChannelMessage | undefined {
    for (const list of this.channelMessages.values()) {
      const found = list.find((m) => m.id === messageId);
      if (found) return found;
    }
    return undefined;
  }

  /** Clicks a button on a channel message, as a member would (MESSAGE_COMPONENT, type 3). */
  click(messageId: string, customId: string, opts: InteractionOptions = {}): string {
    const message = this.channelMessage(messageId);
    if (!message) throw new Error(`no channel message ${messageId}`);
    const button = message.components
      .flatMap((row: any) => row.components ?? [])
      .find((c: any) => c.custom_id === customId);
    if (!button) throw new Error(`message ${messageId} has no component ${customId} to click`);
    if (button.disabled) throw new Error(`component ${customId} is disabled`);
    return this.componentInteraction(3, { custom_id: customId, component_type: button.type }, message, opts);
  }

  /**
   * A click carrying a custom id the message never showed, as a forged request could: what the
   * server must check rather than trust.
   */
  forgeClick(messageId: string, customId: string, opts: InteractionOptions = {}): string {
    const message = this.channelMessage(messageId);
    if (!message) throw new Error(`no channel message ${messageId}`);
    return this.componentInteraction(3, { custom_id: customId, component_type: 2 }, message, opts);
  }

  /** Submits a modal the bot opened (MODAL_SUBMIT, type 5), with values by text input custom_id; inputs not given keep their pre-filled value. */
  submitModal(customId: string, values: Record<string, string>, opts: InteractionOptions = {}): string {
    const modal = this.modals.get(customId);
    if (!modal) throw new Error(`no open modal ${customId}`);
    const inputs = modalInputs(modal.data);
    for (const name of Object.keys(values))
      if (!inputs.some((i) => i.custom_id === name)) throw new Error(`modal ${customId} has no input ${name}`);
    const components = modal.data.components.map((c: any, index: number) => {
      const input = inputs[index];
      const value = values[input.custom_id] ?? input.value ?? '';
      // The client enforces these before it lets a member submit.
      if ((input.required ?? true) && value.length === 0) throw new Error(`input ${input.custom_id} is required`);
      if (value.length > 0 && (value.length < (input.min_length ?? 0) || value.length > (input.max_length ?? 4000)))
        throw new Error(
          `input ${input.custom_id} must be ${input.min_length ?? 0} to ${input.max_length ?? 4000} characters`,
        );
      const submitted = { type: 4, id: index * 2 + 2, custom_id: input.custom_id, value };
      return c.type === 18
        ? { type: 18, id: index * 2 + 1, component: submitted }
        : { type: 1, id: index * 2 + 1, components: [submitted] };
    });
    this.modals.delete(customId);
    return this.componentInteraction(5, { custom_id: customId, components }, modal.message, opts);
  }

  private componentInteraction(
    type: 3 | 5,
    data: any,
    message: ChannelMessage | undefined,
    opts: InteractionOptions,
  ): string {
    const id = snowflake();
    const channelId = message?.channel_id ?? this.channelId;
    this.componentTargets.set(`tok-${id}`, message);
    this.dispatch('INTERACTION_CREATE', {
      ...this.envelope(id, type, channelId, opts),
      data,
      ...(message ? { message: this.apiMessage(message, false) } : {}),
    });
    return id;
  }

  private envelope(id: string, type: number, channelId: string, opts: InteractionOptions): Record<string, unknown> {
    const userId = opts.userId ?? '190000000000000001';
    const guildId = opts.guildId ?? this.guildId;
    this.interactionTypes.set(`tok-${id}`, type);
    return {
      id,
      application_id: this.appId,
      type,
      token: `tok-${id}`,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel: {
        id: channelId,
        type: 0,
        guild_id: guildId,
        name: channelId === this.channelId ? 'general' : 'review',
      },
      member: {
        user: { id: userId, username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null },
        roles: opts.roles ?? [],
        permissions: opts.permissions ?? '0',
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: '2147483648',
      locale: 'en-GB',
      guild_locale: 'en-GB',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 8_388_608,
    };
  }

  private interact(type: 2 | 4, name: string, options: any[], opts: InteractionOptions, resolved?: unknown): string {
    const id = snowflake();
    const command = this.commands().find((c) => c.name === name);
    this.dispatch('INTERACTION_CREATE', {
      ...this.envelope(id, type, this.channelId, opts),
      data: {
        id: command?.id ?? snowflake(),
        name,
        type: 1,
        guild_id: opts.guildId ?? this.guildId,
        options,
        ...(resolved ? { resolved } : {}),
      },
    });
    return id;
  }

  private messagesFor(token: string): FakeMessage[] {
    let list = this.messages.get(token);
    if (!list) this.messages.set(token, (list = []));
    return list;
  }

  /** How many times a client resumed its session after a disconnect. */
  resumes = 0;

  /** Drops every gateway connection as a network fault would (a code that lets the client resume). */
  disconnectGateway(code = 4000): void {
    for (const socket of this.sockets) socket.close(code, 'connection dropped');
  }

  private dispatch(event: string, data: unknown): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ op: 0, t: event, s: ++this.seq, d: data }));
  }

  private onGateway(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const message = JSON.parse((raw as Buffer).toString());
      if (message.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (message.op === 6) {
        // RESUME: the session goes on where it was.
        this.resumes++;
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }));
      }
      if (message.op === 2) {
        const url = `ws://127.0.0.1:${this.port}`;
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.seq,
            d: {
              v: 10,
              user: {
                id: this.botId,
                username: 'care-review-bot',
                discriminator: '0',
                global_name: null,
                avatar: null,
                bot: true,
              },
              guilds: [{ id: this.guildId, unavailable: true }],
              session_id: 'session-1',
              resume_gateway_url: url,
              application: { id: this.appId, flags: 0 },
              shard: [0, 1],
            },
          }),
        );
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'GUILD_CREATE',
            s: ++this.seq,
            d: {
              id: this.guildId,
              name: 'Social workers',
              unavailable: false,
              owner_id: '190000000000000009',
              member_count: 2,
              large: false,
              joined_at: '2024-01-01T00:00:00.000Z',
              features: [],
              icon: null,
              roles: [
                {
                  id: this.guildId,
                  name: '@everyone',
                  permissions: '0',
                  position: 0,
                  color: 0,
                  hoist: false,
                  managed: false,
                  mentionable: false,
                  flags: 0,
                },
                {
                  id: this.roleId,
                  name: 'Editors',
                  permissions: '0',
                  position: 1,
                  color: 0,
                  hoist: false,
                  managed: false,
                  mentionable: false,
                  flags: 0,
                },
              ],
              channels: [
                {
                  id: this.channelId,
                  type: 0,
                  name: 'general',
                  guild_id: this.guildId,
                  position: 0,
                  permission_overwrites: [],
                },
              ],
              members: [],
              emojis: [],
              stickers: [],
              threads: [],
              presences: [],
              voice_states: [],
              stage_instances: [],
              guild_scheduled_events: [],
            },
          }),
        );
      }
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const body = text ? JSON.parse(text) : undefined;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const record = (status: number) =>
      this.calls.push({ method, path, body, authorization: req.headers.authorization, status });
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record(status);
      if (payload === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };

    const limit = this.rateLimits.find((l) => l.remaining > 0 && l.match.test(path));
    if (limit) {
      limit.remaining--;
      return json(
        429,
        { message: 'You are being rate limited.', retry_after: limit.retryAfterSeconds, global: false },
        {
          'retry-after': String(limit.retryAfterSeconds),
          'x-ratelimit-limit': '1',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(limit.retryAfterSeconds),
          'x-ratelimit-bucket': 'fake-bucket',
          'x-ratelimit-scope': 'user',
        },
      );
    }
    const failure = this.failures.find((f) => f.remaining > 0 && f.match.test(path));
    if (failure) {
      failure.remaining--;
      return json(failure.status, { code: failure.code, message: failure.message });
    }
    const invalid = (problems: string[]) =>
      json(400, {
        code: problems.some((p) => p.startsWith('50006')) ? 50006 : 50035,
        message: 'Invalid Form Body',
        errors: problems,
      });

    if (method === 'GET' && path === '/gateway/bot') {
      return json(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    let m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (m && method === 'PUT') {
      const commands = (body as any[]).map((c) => ({
        ...c,
        id: snowflake(),
        application_id: this.appId,
        version: snowflake(),
        ...(m![2] ? { guild_id: m![2] } : {}),
      }));
      if (commands.length > 100) return invalid(['more than 100 commands']);
      this.registered.set(m[2] ? `guild:${m[2]}` : 'global', commands);
      return json(200, commands);
    }
    m = /^\/channels\/(\d+)$/.exec(path);
    if (m && method === 'GET') {
      const channelId = m[1]!;
      if (this.missingChannels.has(channelId)) return json(404, { code: 10003, message: 'Unknown Channel' });
      const guildId = this.channelGuilds.get(channelId) ?? this.guildId;
      return json(200, {
        id: channelId,
        type: 0,
        guild_id: guildId,
        name: channelId === this.channelId ? 'general' : 'channel',
        position: 0,
        permission_overwrites: [],
      });
    }
    m = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path);
    if (m) {
      const channelId = m[1]!;
      if (this.missingChannels.has(channelId)) return json(404, { code: 10003, message: 'Unknown Channel' });
      const list = this.channelMessages.get(channelId) ?? [];
      this.channelMessages.set(channelId, list);
      if (method === 'POST' && !m[2]) {
        const problems = [...messageProblems(body), ...componentProblems(body.components)];
        if (problems.length) return invalid(problems);
        if (body.nonce !== undefined && String(body.nonce).length > 25) return invalid(['nonce longer than 25']);
        const earlier =
          body.enforce_nonce && body.nonce !== undefined
            ? list.find((msg) => msg.nonce === String(body.nonce) && Date.now() - msg.at < this.nonceWindowMs)
            : undefined;
        if (earlier) return json(200, this.apiMessage(earlier));
        const message: ChannelMessage = {
          id: snowflake(),
          channel_id: channelId,
          content: body.content ?? '',
          embeds: body.embeds ?? [],
          components: body.components ?? [],
          nonce: body.nonce === undefined ? undefined : String(body.nonce),
          at: Date.now(),
          author: { id: this.botId, bot: true },
        };
        list.push(message);
        return json(200, this.apiMessage(message));
      }
      if (method === 'GET' && !m[2]) {
        const limit = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('limit') ?? 50);
        return json(
          200,
          [...list]
            .reverse()
            .slice(0, limit)
            .map((msg) => this.apiMessage(msg, false)),
        );
      }
      if (method === 'PATCH' && m[2]) {
        const message = list.find((msg) => msg.id === m![2]);
        if (!message) return json(404, { code: 10008, message: 'Unknown Message' });
        const problems = [
          ...messageProblems({
            content: body.content ?? message.content,
            embeds: body.embeds ?? message.embeds,
            components: body.components ?? message.components,
            allowed_mentions: body.allowed_mentions ?? { parse: [] },
          }),
          ...componentProblems(body.components),
        ];
        if (problems.length) return invalid(problems);
        Object.assign(message, {
          content: body.content ?? message.content,
          embeds: body.embeds ?? message.embeds,
          components: body.components ?? message.components,
        });
        return json(200, this.apiMessage(message));
      }
    }
    m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (m && method === 'POST') {
      if (this.acknowledged.has(m[1]!))
        return json(400, { code: 40060, message: 'Interaction has already been acknowledged.' });
      this.acknowledged.add(m[1]!);
      const token = m[2]!;
      const target = this.componentTargets.get(token);
      const kind = this.interactionTypes.get(token);
      // Updating the message (6, 7) needs one: a component's, or the one whose component opened a submitted modal.
      if ((body.type === 6 || body.type === 7) && !target)
        return invalid([`callback type ${body.type} answers only a component, or a modal opened from one`]);
      // A modal answers a slash command or a component, never a modal submit or an autocomplete.
      if (body.type === 9 && kind !== 2 && kind !== 3)
        return invalid([`callback type 9 cannot answer interaction type ${kind}`]);
      const problems =
        body.type === 8
          ? choiceProblems(body.data)
          : body.type === 4 || body.type === 7
            ? [
                ...messageProblems(
                  body.type === 7
                    ? { embeds: target?.embeds, content: target?.content, components: target?.components, ...body.data }
                    : body.data,
                ),
                ...componentProblems(body.data?.components),
              ]
            : body.type === 9
              ? modalProblems(body.data)
              : [];
      if (problems.length) return invalid(problems);
      if (body.type === 7 && target)
        Object.assign(target, {
          content: body.data?.content ?? target.content,
          embeds: body.data?.embeds ?? target.embeds,
          components: body.data?.components ?? target.components,
        });
      if (body.type === 9)
        this.modals.set(body.data.custom_id, { interactionId: m[1]!, data: body.data, message: target });
      if (body.type === 4 || body.type === 5) {
        const data = body.data ?? {};
        this.messagesFor(m[2]!).push({
          kind: 'original',
          ephemeral: ((data.flags ?? 0) & 64) !== 0,
          pending: body.type === 5,
          deleted: false,
          content: data.content ?? '',
          embeds: data.embeds ?? [],
        });
      }
      return json(204, undefined);
    }
    m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    if (m && method === 'DELETE' && m[3]) {
      const original = this.messagesFor(m[2]!).find((msg) => msg.kind === 'original' && !msg.deleted);
      if (!original) return json(404, { code: 10008, message: 'Unknown Message' });
      original.deleted = true;
      return json(204, undefined);
    }
    const componentMessage = m && m[3] && method === 'PATCH' ? this.componentTargets.get(m[2]!) : undefined;
    if (componentMessage && !this.messagesFor(m![2]!).some((msg) => msg.kind === 'original')) {
      // After a deferred update (6) or an update (7), @original is the message the component is on.
      const next = {
        content: body.content ?? componentMessage.content,
        embeds: body.embeds ?? componentMessage.embeds,
        components: body.components ?? componentMessage.components,
      };
      const problems = [...messageProblems(next), ...componentProblems(next.components)];
      if (problems.length) return invalid(problems);
      Object.assign(componentMessage, next);
      return json(200, this.apiMessage(componentMessage));
    }
    if (m && (method === 'PATCH' || method === 'POST')) {
      const problems = [...messageProblems(body), ...componentProblems(body.components)];
      if (problems.length) return invalid(problems);
      const list = this.messagesFor(m[2]!);
      const original = list.find((msg) => msg.kind === 'original');
      // As Discord documents: the first follow-up after a deferral edits the deferred message and
      // keeps the deferral's visibility, whatever flags it asks for.
      const editsOriginal = method === 'PATCH' || (original?.pending ?? false);
      let flags = body.flags ?? 0;
      if (editsOriginal) {
        if (!original || original.deleted) return json(404, { code: 10008, message: 'Unknown Message' });
        Object.assign(original, {
          pending: false,
          content: body.content ?? original.content,
          embeds: body.embeds ?? original.embeds,
        });
        flags = original.ephemeral ? 64 : 0;
      } else {
        list.push({
          kind: 'follow-up',
          ephemeral: (flags & 64) !== 0,
          pending: false,
          deleted: false,
          content: body.content ?? '',
          embeds: body.embeds ?? [],
        });
      }
      return json(200, {
        id: snowflake(),
        channel_id: this.channelId,
        type: 0,
        content: body.content ?? '',
        embeds: body.embeds ?? [],
        flags,
        author: { id: this.botId, username: 'care-review-bot', discriminator: '0', avatar: null, bot: true },
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        pinned: false,
        components: [],
      });
    }
    json(404, { code: 0, message: '404: Not Found' });
  }

  /** A channel message as Discord's API returns it; the nonce only in the answer to its own send. */
  private apiMessage(message: ChannelMessage, withNonce = true): Record<string, unknown> {
    return {
      id: message.id,
      channel_id: message.channel_id,
      type: 0,
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      flags: 0,
      ...(withNonce && message.nonce !== undefined ? { nonce: message.nonce } : {}),
      author: {
        id: message.author.id,
        username: 'care-review-bot',
        discriminator: '0',
        avatar: null,
        bot: message.author.bot,
      },
      timestamp: new Date(message.at).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
    };
  }
}
