/**
 * The web view's page addresses, written in one place for the pages' own links and the bot's "Xem trên web" links:
 * a consultation's, a figures deadline's or a deadline's page, with `?unit=CODE` when it shows a unit below the
 * reader's own.
 */
function webPath(path: string, unitCode?: string): string {
  return unitCode ? `${path}?unit=${encodeURIComponent(unitCode)}` : path;
}

export const consultationPath = (code: string, unitCode?: string) => webPath(`/web/consultation/${code}`, unitCode);
export const figuresPath = (code: string, unitCode?: string) => webPath(`/web/figures/${code}`, unitCode);
export const deadlinePath = (code: string, unitCode?: string) => webPath(`/web/deadline/${code}`, unitCode);
