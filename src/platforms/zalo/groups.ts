/**
 * What the adapter reads of Zalo groups through zca-js's getGroupInfo: a group's name (the chat's title, looked up on
 * its first message) and who is in it. The member list is read only when it decides something: someone whose first
 * message in a linked group is a press (a typed "1", a quote, a reaction) becomes a member of its unit when Zalo lists
 * them in the group. Both are cached and bounded; a lookup waits a few seconds at most.
 */
import type { Logger } from "../../logger.js";
import { withTimeout } from "./errors.js";
import { Bounded } from "./queues.js";
import type { ZaloApi } from "./sender.js";

/** Member lists kept (the groups where presses came most recently). */
const MEMBER_LISTS = 200;
/** A member list is trusted this long. */
const MEMBERS_FRESH_MS = 10 * 60_000;
/** Someone missing from a list older than this makes it read again (they may have just joined). */
const MEMBERS_RECHECK_MS = 60_000;
/** The longest a message waits for a group's name or members. */
const LOOKUP_MS = 5000;

export interface ZaloGroupsOptions {
  api: Pick<ZaloApi, "getGroupInfo">;
  timeoutMs: number;
  now: () => number;
  logger: Logger;
}

export class ZaloGroups {
  private readonly titles = new Bounded<string, string | null>(5000);
  private readonly members = new Bounded<string, { ids: Set<string>; at: number }>(MEMBER_LISTS);

  constructor(private readonly o: ZaloGroupsOptions) {}

  /** The group's name, read once (undefined when Zalo does not say). */
  async title(groupId: string): Promise<string | undefined> {
    if (this.titles.has(groupId)) return this.titles.get(groupId) ?? undefined;
    const info = await this.read(groupId, "could not read a Zalo group's name");
    this.titles.set(groupId, info?.name || null);
    return info?.name || undefined;
  }

  renamed(groupId: string, name: string): void {
    this.titles.set(groupId, name);
  }

  /** Members joined (a group event): a cached list learns them at once. */
  joined(groupId: string, userIds: string[]): void {
    const list = this.members.get(groupId);
    for (const id of userIds) list?.ids.add(String(id));
  }

  /** Whether Zalo lists the person in the group. Never rejects: a failed lookup is logged and counts as no. */
  async isMember(groupId: string, userId: string): Promise<boolean> {
    const now = this.o.now();
    const cached = this.members.get(groupId);
    if (cached && now - cached.at < MEMBERS_FRESH_MS) {
      if (cached.ids.has(userId) || now - cached.at < MEMBERS_RECHECK_MS) return cached.ids.has(userId);
    }
    const info = await this.read(groupId, "could not read a Zalo group's members");
    if (!info) return false;
    // Zalo lists members as "uid_version" in memVerList (memberIds and currentMems are often empty).
    const ids = new Set<string>([
      ...(info.memberIds ?? []).map(String),
      ...(info.memVerList ?? []).map((entry) => String(entry).split("_")[0] ?? ""),
      ...(info.currentMems ?? []).map((m) => String(m.id)),
      ...(info.adminIds ?? []).map(String),
      ...(info.creatorId ? [String(info.creatorId)] : []),
    ]);
    ids.delete("");
    this.members.set(groupId, { ids, at: now });
    if (info.name && !this.titles.get(groupId)) this.titles.set(groupId, info.name);
    return ids.has(userId);
  }

  private async read(groupId: string, failure: string) {
    try {
      const answer = await withTimeout(
        this.o.api.getGroupInfo(groupId),
        Math.min(this.o.timeoutMs, LOOKUP_MS),
        "getGroupInfo",
      );
      return answer.gridInfoMap?.[groupId];
    } catch (err) {
      this.o.logger.warn({ chat: groupId, err }, failure);
      return undefined;
    }
  }
}
