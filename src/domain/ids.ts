/**
 * Record ids and list numbers read from what people send: a command's argument, a button's payload. Anything but a
 * plain whole number within what the database stores (PostgreSQL's `integer`, the narrower of the two engines) is no
 * id at all, so `ack|99999999999999999999` is refused like any forged button instead of failing in the database.
 */

/** The largest id a record can have on both engines (PostgreSQL's `integer`). */
export const MAX_RECORD_ID = 2_147_483_647;

/** The record id `raw` names (1 to MAX_RECORD_ID, digits only), or undefined. */
export function recordId(raw: string | undefined): number | undefined {
  if (!raw || !/^\d{1,10}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 && n <= MAX_RECORD_ID ? n : undefined;
}
