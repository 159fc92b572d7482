// The playground's page script: picks who you are and which chat you are in, sends what you type (a file with its
// caption too) and draws the bot's answers. It talks only to its own server's JSON API, with the page's token.
const state = { persona: "member", chat: "", after: 0, setup: null, shown: new Set(), attached: null };
const $ = (id) => document.getElementById(id);
const token = document.querySelector('meta[name="playground-token"]').content;
const phone = window.matchMedia("(max-width: 720px)");

/** Runs a task whose failure the visitor should hear of (the server stopped, an answer was not JSON). */
function run(task) {
  task.catch((err) => alert(`Lỗi: ${err.message}`));
}

async function api(path, body) {
  const init = body
    ? {
        method: "POST",
        headers: { "content-type": "application/json", "x-playground-token": token },
        body: JSON.stringify(body),
      }
    : {};
  const res = await fetch(path, init);
  return res.json();
}

function personaOf(id) {
  return state.setup.personas.find((p) => p.id === id);
}

function chatTitle() {
  const g = state.setup.groups.find((x) => x.id === state.chat);
  return g ? `Nhóm: ${g.title}` : "Trò chuyện riêng với bot";
}

function scrollToEnd() {
  const log = $("log");
  log.scrollTop = log.scrollHeight;
}

function fileLink(file) {
  const a = document.createElement("a");
  a.href = file.url;
  a.className = "file-link";
  a.textContent = file.name;
  a.download = file.name;
  return a;
}

function choiceButtons(m) {
  const box = document.createElement("div");
  box.className = "choices";
  for (const c of m.choices || []) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = c.label;
    b.addEventListener("click", () => run(act("/api/press", { choice: c.id })));
    box.appendChild(b);
  }
  if (m.continuePrivately) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "primary";
    b.textContent = m.continuePrivately.label;
    b.addEventListener("click", () =>
      run(openChat(state.persona).then(() => act("/api/send", { text: `/start ${m.continuePrivately.payload}` }))),
    );
    box.appendChild(b);
  }
  return box;
}

function messageElement(m) {
  const div = document.createElement("div");
  div.className = `msg ${m.from}`;
  div.dataset.id = m.id;
  const who = document.createElement("div");
  who.className = "who";
  who.textContent = m.name;
  div.appendChild(who);
  if (m.text) div.appendChild(document.createTextNode(m.text));
  if (m.picture) {
    const img = document.createElement("img");
    img.addEventListener("load", () => {
      if ($("log").lastChild === div) scrollToEnd();
    });
    img.src = m.picture.url;
    img.alt = m.picture.name;
    div.appendChild(img);
  }
  if (m.file) {
    if (m.text) div.appendChild(document.createElement("br"));
    div.appendChild(fileLink(m.file));
  }
  const box = choiceButtons(m);
  if (box.children.length) div.appendChild(box);
  return div;
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
    const later = [...log.children].find((x) => Number(x.dataset.id) > m.id);
    log.insertBefore(messageElement(m), later || null);
  }
  if (added) scrollToEnd();
}

function showClock(now) {
  if (now)
    $("clock").textContent = `Giờ của bot: ${new Date(now).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" })}`;
}

async function act(path, body) {
  const chat = state.chat;
  const r = await api(path, { as: state.persona, chat, after: state.after, ...body });
  if (r.error) alert(r.error);
  render(r.messages || [], chat);
  showClock(r.now);
}

function setSide(open) {
  document.body.classList.toggle("side-open", open);
  $("menu").setAttribute("aria-expanded", String(open));
}

async function openChat(chat) {
  state.chat = chat;
  state.after = 0;
  state.shown = new Set();
  $("log").replaceChildren();
  $("title").textContent = chatTitle();
  $("who").textContent = `Bạn là: ${personaOf(state.persona)?.label ?? ""}`;
  for (const b of document.querySelectorAll(".chat")) b.classList.toggle("active", b.dataset.chat === chat);
  if (phone.matches) setSide(false);
  const r = await api(`/api/messages?chat=${encodeURIComponent(chat)}&after=0`);
  if (r.earlier) {
    const note = document.createElement("div");
    note.className = "earlier";
    note.dataset.id = "0";
    note.textContent = `… ${r.earlier} tin nhắn cũ hơn không hiện`;
    $("log").appendChild(note);
  }
  render(r.messages, chat);
  showClock(r.now);
}

async function poll() {
  try {
    const chat = state.chat;
    const r = await api(`/api/messages?chat=${encodeURIComponent(chat)}&after=${state.after}`);
    render(r.messages, chat);
    showClock(r.now);
  } catch {
    // the server is restarting: the next poll tries again
  }
  setTimeout(poll, 1500);
}

/** A file's bytes as base64, for the JSON API. */
async function base64Of(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** How long a recording lasts, in whole seconds (0 when the browser cannot tell). */
function durationOf(file) {
  return new Promise((resolve) => {
    const audio = new Audio();
    const url = URL.createObjectURL(file);
    const done = (seconds) => {
      URL.revokeObjectURL(url);
      resolve(Number.isFinite(seconds) ? Math.round(seconds) : 0);
    };
    audio.addEventListener("loadedmetadata", () => done(audio.duration));
    audio.addEventListener("error", () => done(0));
    audio.src = url;
  });
}

function attach(file) {
  state.attached = file;
  $("attached").hidden = !file;
  $("attached-name").textContent = file ? file.name : "";
  $("text").placeholder = file
    ? "Chú thích (không bắt buộc), ví dụ /giaochitieu H1"
    : "Gõ tin nhắn hoặc lệnh, ví dụ /trogiup";
  if (!file) $("upload").value = "";
  $("text").focus();
}

async function send() {
  const text = $("text").value.trim();
  const file = state.attached;
  if (!text && !file) return;
  $("text").value = "";
  if (!file) return act("/api/send", { text });
  attach(null);
  const voice = file.type.startsWith("audio/");
  await act("/api/upload", {
    fileName: file.name,
    mimeType: file.type,
    base64: await base64Of(file),
    caption: text,
    voice,
    durationSec: voice ? await durationOf(file) : undefined,
  });
}

function wire() {
  $("persona").addEventListener("change", (e) => {
    state.persona = e.target.value;
    $("private-chat").dataset.chat = state.persona;
    // In a group the chat stays (another person now writes in it); a private chat becomes the new person's own.
    if (!state.setup.groups.some((g) => g.id === state.chat)) run(openChat(state.persona));
    else {
      $("who").textContent = `Bạn là: ${personaOf(state.persona)?.label ?? ""}`;
      if (phone.matches) setSide(false);
    }
  });
  $("private-chat").dataset.chat = state.persona;
  $("private-chat").addEventListener("click", () => run(openChat(state.persona)));
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    run(send());
  });
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("send-plan").addEventListener("click", () => {
    if (phone.matches) setSide(false);
    run(act("/api/sample-plan", { name: $("plan").value }));
  });
  $("upload").addEventListener("change", (e) => attach(e.target.files[0] || null));
  $("unattach").addEventListener("click", () => attach(null));
  $("advance").addEventListener("click", () =>
    run(api("/api/advance", { as: state.persona }).then((r) => alert(r.message))),
  );
  $("menu").addEventListener("click", () => setSide(!document.body.classList.contains("side-open")));
  $("backdrop").addEventListener("click", () => setSide(false));
  $("close-side").addEventListener("click", () => setSide(false));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") setSide(false);
  });
}

async function start() {
  state.setup = await api("/api/setup");
  for (const p of state.setup.personas) $("persona").appendChild(new Option(p.label, p.id));
  for (const g of state.setup.groups) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "chat";
    b.dataset.chat = g.id;
    b.textContent = g.title;
    b.addEventListener("click", () => run(openChat(g.id)));
    $("groups").appendChild(b);
  }
  for (const p of state.setup.plans) $("plan").appendChild(new Option(p, p));
  wire();
  await openChat(state.persona);
  await poll();
}

run(start());
