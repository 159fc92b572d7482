/**
 * bench web: the web view's unit page of a province with 20,000 units (100 districts) and of a district holding
 * 19,998 grassroots units directly, a deadline every grassroots unit owes and 5,000 linked groups: the first page of the
 * children's table must answer within 1 s; then 60 more pages (other sorts and pages, the home page) and the heap
 * measured before and after, which must not grow with the requests (memory bounded).
 */
import v8 from "node:v8";
import vm from "node:vm";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { startWebView } from "../src/web/server.js";
import { giveRole, testApp } from "../test/helpers/app.js";
import { bigTree } from "../test/helpers/big-tree.js";
import { report, timed } from "./util.js";

async function tree(districts: number, grassroots: number) {
  const app = await testApp({ units: false, env: { PUBLIC_URL: "http://127.0.0.1" } });
  await bigTree(app.db, { districts, grassroots, groups: 5000 });
  const personId = await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const owing = await app.db.unit.findMany({ where: { kind: "grassroots" }, select: { id: true } });
  const phrase = "trước ngày 25/02/2026";
  await app.services.deadlines.create(staff, {
    what: "Báo cáo quý I",
    phrase,
    spec: readDatePhrase(phrase)!.spec,
    owingUnitIds: owing.map((u) => u.id),
    rootUnitId: 1,
  });
  const view = await startWebView({ app, host: "127.0.0.1", port: 0, logger: app.logger });
  const link = await app.services.webAccess.createLink(personId);
  if (!link.ok) throw new Error(link.problem);
  const opened = await app.services.webAccess.redeem(new URL(link.url).searchParams.get("t") ?? "");
  if (!opened.ok) throw new Error(opened.problem);
  const get = async (path: string) => {
    const res = await fetch(`${view.url}${path}`, { headers: { cookie: `cdweb=${opened.cookie}` } });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return html;
  };
  return { app, view, get };
}

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/** The live heap: what is still held after a full collection. */
function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function benchWeb(): Promise<void> {
  const province = await tree(100, 19_899);
  const first = await timed(() => province.get("/web/unit/P"));
  const warm = await timed(() => province.get("/web/unit/P?sort=overdue&dir=desc&page=2"));
  const flat = await tree(1, 19_998);
  const flatFirst = await timed(() => flat.get("/web/unit/D1"));
  const rows = (flatFirst.value.match(/<tr>/g) ?? []).length - 1; // the header row
  const lastPage = await timed(() => flat.get("/web/unit/D1?sort=name&dir=desc&page=400"));
  /** 60 pages: the flat district sorted four ways at pages 1–381, the province's districts, the home page. */
  const round = async () => {
    for (let i = 0; i < 20; i++) {
      await flat.get(`/web/unit/D1?sort=${["code", "members", "overdue", "name"][i % 4]}&page=${1 + i * 19}`);
      await province.get(`/web/unit/D${1 + i}`);
      await province.get("/web");
    }
  };
  await round();
  const before = heapMb();
  const rss0 = process.memoryUsage().rss / 2 ** 20;
  await round();
  const after = heapMb();
  const rss1 = process.memoryUsage().rss / 2 ** 20;
  const ok = first.ms < 1000 && flatFirst.ms < 1000 && rows === 50 && after - before < 8;
  report(
    "web",
    {
      units: await province.app.db.unit.count(),
      province_first_ms: first.ms,
      province_sorted_ms: warm.ms,
      flat_children: 19_998,
      flat_first_ms: flatFirst.ms,
      flat_page400_ms: lastPage.ms,
      rows_shown: rows,
      heap_before_mb: before,
      heap_after_60_more_mb: after,
      rss_before_mb: rss0,
      rss_after_mb: rss1,
    },
    "first page of the table < 1000 ms; live heap after 60 more pages grows < 8 MB",
    ok,
  );
  for (const t of [province, flat]) {
    await t.view.close();
    await t.app.db.$disconnect();
  }
}
