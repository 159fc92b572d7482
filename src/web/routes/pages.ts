/** The web view's pages, read-only: every GET here only reads (no state changes through GET). */
import type { WebRoute } from "../route.js";
import type { ViewKit } from "../view-kit.js";
import { announcementPage } from "./announcement.js";
import { consultationPage } from "./consultation.js";
import { deadlinePage } from "./deadline.js";
import { downloadFile } from "./downloads.js";
import { figuresPage } from "./figures.js";
import { homePage } from "./home.js";
import { unitPage } from "./unit.js";

export function pageRoutes(kit: ViewKit): WebRoute[] {
  return [
    { method: "GET", path: /^\/web\/?$/, handle: (r) => homePage(kit, r) },
    { method: "GET", path: /^\/web\/unit\/([^/]{1,60})$/, handle: (r) => unitPage(kit, r) },
    { method: "GET", path: /^\/web\/announcement\/(\d{1,9})$/, handle: (r) => announcementPage(kit, r) },
    { method: "GET", path: /^\/web\/deadline\/([A-Za-z0-9]{1,12})$/, handle: (r) => deadlinePage(kit, r) },
    { method: "GET", path: /^\/web\/consultation\/([A-Za-z0-9]{1,20})$/, handle: (r) => consultationPage(kit, r) },
    { method: "GET", path: /^\/web\/figures\/([A-Za-z0-9]{1,12})$/, handle: (r) => figuresPage(kit, r) },
    {
      method: "GET",
      path: /^\/web\/download\/([A-Za-z0-9]{1,20})\/([^/]{1,60})\.(xlsx|csv|docx)$/,
      handle: (r) => downloadFile(kit, r),
    },
  ];
}
