/** Every use case, built once over the database and handed to the bot through its context. */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import { ChatService } from "./chats.js";
import { PeopleService } from "./people.js";
import { RoleService } from "./roles.js";
import { UnitService } from "./units.js";

export interface Services {
  people: PeopleService;
  units: UnitService;
  chats: ChatService;
  roles: RoleService;
}

export function createServices(db: Db, config: Config, _clock: Clock): Services {
  const units = new UnitService(db);
  return {
    people: new PeopleService(db, config.adminIds, config.defaultLanguage),
    units,
    chats: new ChatService(db, units),
    roles: new RoleService(db, units),
  };
}
