/**
 * Choices the bot offered in Zalo as numbered lines, so a typed number or label, a quote with a number, or a reaction
 * can be read back as the press of a button. An offer that answered one member (a question of their conversation, a
 * list they asked for: the reply quoted them) is theirs; one sent to the whole group (an announcement's "Đã nhận")
 * is everyone's. A member's typed "1" picks the newest offer meant for them, so another member's list in between
 * does not swallow it.
 */
import type { Choice } from "../port.js";
import { Bounded } from "./queues.js";

interface Offer {
  choices: Choice[];
  /** The member the offer answered; everyone's when unset. */
  to?: string;
}

/** Offers remembered per chat (the newest first when looking). */
const OFFERS_PER_CHAT = 5;

export class ZaloOffers {
  private readonly byMessage = new Bounded<string, Choice[]>(2000);
  private readonly byChat = new Bounded<string, Offer[]>(5000);

  /** The message `messageId` in `chatId` listed `choices`; `to` is the member it answered, if any. */
  offered(chatId: string, messageId: string | undefined, choices: Choice[], to?: string): void {
    if (messageId) this.byMessage.set(messageId, choices);
    const list = (this.byChat.get(chatId) ?? []).concat({ choices, ...(to ? { to } : {}) });
    this.byChat.set(chatId, list.slice(-OFFERS_PER_CHAT));
  }

  /** The choices one of the bot's messages listed. */
  inMessage(messageId: string): Choice[] | undefined {
    return this.byMessage.get(messageId);
  }

  /** The newest offer in the chat meant for this member: one that answered them, or one for everyone. */
  latestFor(chatId: string, memberId: string): Choice[] | undefined {
    const list = this.byChat.get(chatId) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const offer = list[i];
      if (offer && (offer.to === undefined || offer.to === memberId)) return offer.choices;
    }
    return undefined;
  }
}
