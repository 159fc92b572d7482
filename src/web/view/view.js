// The web view's only script: opening the link posts its token at once (the button stays for a browser without
// script), and a Telegram Mini App posts Telegram's initData (from the address's #tgWebAppData) to be let in.

const login = document.getElementById("login");
if (login instanceof HTMLFormElement) login.requestSubmit();

const miniApp = document.getElementById("miniapp");
if (miniApp) {
  const hash = new URLSearchParams(location.hash.slice(1));
  const initData = hash.get("tgWebAppData") ?? "";
  const refused = () => {
    miniApp.querySelector(".wait")?.setAttribute("hidden", "");
    miniApp.querySelector(".refused")?.removeAttribute("hidden");
  };
  fetch("/web/miniapp", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ initData, path: miniApp.dataset.to }),
  })
    .then((res) => (res.ok ? res.json() : undefined))
    .then((answer) => {
      if (answer?.ok) location.replace(answer.path);
      else refused();
    })
    .catch(refused);
}
