/** The playground page: plain HTML, a little CSS and a small script; no build step. */
export const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sân thử — Trợ lý Công đoàn</title>
<style>
  :root { --blue: #1d4f91; --bg: #f4f6f9; --line: #d9dee7; }
  * { box-sizing: border-box; }
  html, body { height: 100%; }
  body { margin: 0; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; background: var(--bg); color: #1b2430; display: flex; flex-direction: column; overflow: hidden; }
  header { background: var(--blue); color: #fff; padding: 10px 16px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 17px; margin: 0; }
  header .note { font-size: 13px; opacity: .9; flex: 1; min-width: 240px; }
  main { display: grid; grid-template-columns: 260px 1fr; flex: 1; min-height: 0; }
  aside { border-right: 1px solid var(--line); background: #fff; padding: 12px; overflow: auto; }
  aside h2 { font-size: 13px; text-transform: uppercase; color: #5a6675; margin: 14px 0 6px; }
  aside select, aside button { width: 100%; }
  .chat { display: block; width: 100%; text-align: left; padding: 8px; border: 1px solid transparent; border-radius: 6px; background: none; cursor: pointer; }
  .chat.active { background: #e6eefb; border-color: #bcd0f2; }
  section { display: flex; flex-direction: column; min-width: 0; min-height: 0; }
  #title { padding: 10px 16px; border-bottom: 1px solid var(--line); background: #fff; font-weight: 600; }
  #log { flex: 1; min-height: 0; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 8px; }
  .msg { max-width: 720px; padding: 8px 12px; border-radius: 10px; background: #fff; border: 1px solid var(--line); white-space: pre-wrap; }
  .msg.person { align-self: flex-end; background: #dcf3e2; border-color: #b9e2c5; }
  .msg .who { font-size: 12px; color: #5a6675; margin-bottom: 2px; }
  .msg .choices { display: flex; flex-direction: column; gap: 4px; margin-top: 8px; }
  .msg .choices button { text-align: left; }
  .msg img { max-width: 100%; border: 1px solid var(--line); margin-top: 6px; }
  form { display: flex; gap: 8px; padding: 10px 16px; border-top: 1px solid var(--line); background: #fff; flex-wrap: wrap; }
  form textarea { flex: 1; min-width: 200px; padding: 8px; font: inherit; resize: none; max-height: 160px; }
  form .hint { width: 100%; font-size: 12px; color: #5a6675; }
  button { font: inherit; padding: 6px 10px; border-radius: 6px; border: 1px solid #9fb3d1; background: #eef3fb; cursor: pointer; }
  button.primary { background: var(--blue); color: #fff; border-color: var(--blue); }
  #clock { font-size: 13px; }
</style>
</head>
<body>
<header>
  <h1>Sân thử Trợ lý Công đoàn</h1>
  <div class="note">Trang này chỉ để thử bot và kiểm thử, không phải trang quản trị. Chỉ mở trên máy này (127.0.0.1). This is a demo and testing aid, not an admin panel.</div>
  <span id="clock"></span>
  <button id="advance" type="button" title="Chạy bộ nhắc hạn như thể đã tới lần nhắc tiếp theo">Tua đồng hồ tới lần nhắc tiếp theo</button>
</header>
<main>
  <aside>
    <h2>Bạn là</h2>
    <select id="persona"></select>
    <h2>Nhóm chat</h2>
    <div id="groups"></div>
    <h2>Trò chuyện riêng</h2>
    <button class="chat" id="private-chat" data-chat="">Trò chuyện riêng với bot</button>
    <h2>Kế hoạch mẫu</h2>
    <select id="plan"></select>
    <button id="send-plan" type="button">Gửi tệp kế hoạch mẫu vào chat</button>
    <h2>Tệp của bạn</h2>
    <input id="upload" type="file" accept=".txt,.md,.docx,.pdf">
  </aside>
  <section>
    <div id="title"></div>
    <div id="log" aria-live="polite"></div>
    <form id="composer">
      <textarea id="text" rows="2" autocomplete="off" placeholder="Gõ tin nhắn hoặc lệnh, ví dụ /trogiup"></textarea>
      <button class="primary" type="submit">Gửi</button>
      <div class="hint">Enter: gửi · Shift+Enter: xuống dòng</div>
    </form>
  </section>
</main>
<script>
const state = { persona: "member", chat: "", after: 0, setup: null, shown: new Set() };
const $ = (id) => document.getElementById(id);
async function api(path, body) {
  const token = document.querySelector('meta[name="playground-token"]').content;
  const res = await fetch(path, body ? { method: "POST", headers: { "content-type": "application/json", "x-playground-token": token }, body: JSON.stringify(body) } : {});
  return res.json();
}
function chatTitle() {
  const g = state.setup.groups.find((x) => x.id === state.chat);
  return g ? "Nhóm: " + g.title : "Trò chuyện riêng với bot";
}
// Messages come from two places at once (the answer to what was sent, and the poll); each id is drawn once, and an
// answer that arrives after the visitor switched chats is dropped.
function render(messages, chat) {
  if (chat !== state.chat) return;
  const log = $("log");
  let added = 0;
  for (const m of messages) {
    if (m.chat !== state.chat || state.shown.has(m.id)) continue;
    state.shown.add(m.id);
    added++;
    state.after = Math.max(state.after, m.id);
    const div = document.createElement("div");
    div.className = "msg " + m.from;
    div.dataset.id = m.id;
    const who = document.createElement("div");
    who.className = "who";
    who.textContent = m.name;
    div.appendChild(who);
    if (m.text) div.appendChild(document.createTextNode(m.text));
    if (m.picture) { const img = document.createElement("img"); img.onload = () => { if (log.lastChild === div) log.scrollTop = log.scrollHeight; }; img.src = m.picture.url; img.alt = m.picture.name; div.appendChild(img); }
    if (m.file) { const a = document.createElement("a"); a.href = m.file.url; a.textContent = "📎 " + m.file.name; a.download = m.file.name; div.appendChild(document.createElement("br")); div.appendChild(a); }
    const box = document.createElement("div");
    box.className = "choices";
    for (const c of m.choices || []) {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = c.label;
      b.onclick = () => act("/api/press", { choice: c.id });
      box.appendChild(b);
    }
    if (m.continuePrivately) {
      const b = document.createElement("button");
      b.type = "button"; b.className = "primary"; b.textContent = m.continuePrivately.label;
      b.onclick = async () => { await openChat(state.persona); await act("/api/send", { text: "/start " + m.continuePrivately.payload }); };
      box.appendChild(b);
    }
    if (box.children.length) div.appendChild(box);
    const later = [...log.children].find((x) => Number(x.dataset.id) > m.id);
    log.insertBefore(div, later || null);
  }
  if (added) log.scrollTop = log.scrollHeight;
}
async function act(path, body) {
  const chat = state.chat;
  const r = await api(path, { as: state.persona, chat, after: state.after, ...body });
  if (r.error) alert(r.error);
  render(r.messages || [], chat);
  showClock(r.now);
}
function showClock(now) { if (now) $("clock").textContent = "Giờ của bot: " + new Date(now).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }); }
async function openChat(chat) {
  state.chat = chat; state.after = 0; state.shown = new Set();
  $("log").innerHTML = "";
  $("title").textContent = chatTitle();
  document.querySelectorAll(".chat").forEach((b) => b.classList.toggle("active", b.dataset.chat === chat));
  const r = await api("/api/messages?chat=" + encodeURIComponent(chat) + "&after=0");
  render(r.messages, chat); showClock(r.now);
}
async function poll() {
  try {
    const chat = state.chat;
    const r = await api("/api/messages?chat=" + encodeURIComponent(chat) + "&after=" + state.after);
    render(r.messages, chat); showClock(r.now);
  } catch (e) {}
  setTimeout(poll, 1500);
}
async function start() {
  state.setup = await api("/api/setup");
  for (const p of state.setup.personas) { const o = document.createElement("option"); o.value = p.id; o.textContent = p.label; $("persona").appendChild(o); }
  for (const g of state.setup.groups) { const b = document.createElement("button"); b.className = "chat"; b.dataset.chat = g.id; b.textContent = g.title; b.onclick = () => openChat(g.id); $("groups").appendChild(b); }
  for (const p of state.setup.plans) { const o = document.createElement("option"); o.value = p; o.textContent = p; $("plan").appendChild(o); }
  $("persona").onchange = (e) => { state.persona = e.target.value; $("private-chat").dataset.chat = state.persona; if (!state.setup.groups.some((g) => g.id === state.chat)) openChat(state.persona); };
  $("private-chat").dataset.chat = state.persona;
  $("private-chat").onclick = () => openChat(state.persona);
  $("composer").onsubmit = (e) => { e.preventDefault(); const t = $("text").value.trim(); if (!t) return; $("text").value = ""; act("/api/send", { text: t }); };
  $("text").onkeydown = (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("composer").requestSubmit(); }
  };
  $("send-plan").onclick = () => act("/api/sample-plan", { name: $("plan").value });
  $("upload").onchange = async (e) => {
    const f = e.target.files[0]; if (!f) return;
    const buf = new Uint8Array(await f.arrayBuffer()); let bin = ""; for (const x of buf) bin += String.fromCharCode(x);
    await act("/api/upload", { fileName: f.name, mimeType: f.type, base64: btoa(bin) }); e.target.value = "";
  };
  $("advance").onclick = async () => { const r = await api("/api/advance", { as: state.persona }); alert(r.message); };
  await openChat(state.persona);
  poll();
}
start();
</script>
</body>
</html>`;
