// The investors' app: sign-in, chat streamed over SSE, cards, stop, history, risk profile, zh/en.
import { Api, ApiError, NetworkError } from "./api.js";
import { h, renderCard } from "./cards.js";
import { apiLocale, applyStatic, getLang, setLang, t, waitText } from "./i18n.js";
import { questionnaireForm } from "./questionnaire.js";

const $ = (id) => document.getElementById(id);
const store = {
  get token() { return sessionStorage.getItem("advisor.token"); },
  set token(v) { if (v) sessionStorage.setItem("advisor.token", v); else sessionStorage.removeItem("advisor.token"); },
  key: (name) => `advisor.${name}.${state.user}`,
  sessions() {
    try { return JSON.parse(localStorage.getItem(store.key("sessions")) || "[]"); } catch (_) { return []; }
  },
  saveSessions(list) { localStorage.setItem(store.key("sessions"), JSON.stringify(list.slice(0, 30))); },
};
const state = { api: null, user: "", sessionId: null, controller: null, config: { dev_sign_in: false } };

// ---- alerts and errors -------------------------------------------------------------------------------------
function showAlert(text, kind = "error") {
  const alert = $("alert");
  alert.textContent = text;
  alert.className = kind === "error" ? "alert" : "alert info";
  alert.hidden = false;
}

function clearAlert() {
  $("alert").hidden = true;
  $("alert").textContent = "";
}

/** The words for an API failure (and sign-out on 401). */
function explain(err) {
  if (err instanceof NetworkError) return t("errNetwork");
  if (!(err instanceof ApiError)) return t("errOther", { code: "client", message: String(err) });
  if (err.status === 401) return t("err401");
  if (err.status === 429) return t("err429", { wait: waitText(err.retryAfter ?? 5) });
  if (err.status === 503) return t("err503", { wait: waitText(err.retryAfter ?? 5) });
  if (err.status === 504) return t("err504");
  return t("errOther", { code: err.code, message: err.message });
}

function failed(err) {
  if (err instanceof ApiError && err.status === 401) {
    signOut();
  }
  showAlert(explain(err));
}

// ---- sign-in -----------------------------------------------------------------------------------------------
function claimsOf(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(part + "=".repeat((4 - (part.length % 4)) % 4)));
  } catch (_) {
    return null;
  }
}

async function useToken(token) {
  const claims = claimsOf(token);
  if (!claims || !claims.sub || (claims.exp && claims.exp * 1000 < Date.now())) {
    showAlert(t("err401"));
    return;
  }
  store.token = token;
  state.api = new Api(token);
  state.user = String(claims.sub);
  clearAlert();
  await enterChat();
}

function showSignIn() {
  $("chat-view").hidden = true;
  $("signin-view").hidden = false;
  for (const id of ["open-history", "open-profile", "new-chat"]) $(id).hidden = true;
  $("dev-form").hidden = !state.config.dev_sign_in;
  (state.config.dev_sign_in ? $("user") : $("token")).focus();
}

function signOut() {
  stop();
  store.token = null;
  state.api = null;
  state.sessionId = null;
  $("log").replaceChildren($("empty"));
  showSignIn();
}

async function devSignIn(event) {
  event.preventDefault();
  try {
    const response = await fetch("/app/dev-token", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user: $("user").value.trim() }) });
    if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, response.statusText, null);
    await useToken((await response.json()).token);
  } catch (err) {
    failed(err);
  }
}

// ---- chat ----------------------------------------------------------------------------------------------------
async function enterChat() {
  $("signin-view").hidden = true;
  $("chat-view").hidden = false;
  for (const id of ["open-history", "open-profile", "new-chat"]) $(id).hidden = false;
  $("whoami-text").textContent = t("signedInAs", { user: state.user });
  state.sessionId = localStorage.getItem(store.key("current"));
  try {
    if (state.sessionId) await loadSession(state.sessionId);
    else await newSession();
  } catch (err) {
    failed(err);
  }
  $("message").focus();
}

async function newSession() {
  const s = await state.api.createSession(apiLocale());
  state.sessionId = s.session_id;
  localStorage.setItem(store.key("current"), s.session_id);
  store.saveSessions([{ id: s.session_id, title: "", at: s.created_unix_ms }, ...store.sessions()]);
  $("log").replaceChildren($("empty"));
  $("empty").hidden = false;
}

function remember(text) {
  const list = store.sessions();
  const item = list.find((x) => x.id === state.sessionId);
  if (item && !item.title) { item.title = text.slice(0, 80); store.saveSessions(list); }
}

function bubble(text) {
  return h("div", { class: "msg msg-user" }, h("span", { class: "visually-hidden" }, `${t("you")}: `), text);
}

function assistantShell() {
  const box = h("article", { class: "msg msg-assistant" });
  box.who = h("span", { class: "who" }, t("advisor"));
  box.cards = h("div", { class: "cards" });
  box.answer = h("div", { class: "answer" });
  box.append(box.who, box.cards, box.answer);
  return box;
}

async function loadSession(id) {
  let session;
  try {
    session = await state.api.getSession(id);
  } catch (err) {
    if (err instanceof ApiError && err.code === "session_not_found") {
      store.saveSessions(store.sessions().filter((x) => x.id !== id));
      await newSession();
      return;
    }
    throw err;
  }
  state.sessionId = id;
  localStorage.setItem(store.key("current"), id);
  const log = $("log");
  log.replaceChildren($("empty"));
  $("empty").hidden = session.turns.length > 0;
  for (const turn of session.turns) {
    const box = assistantShell();
    box.answer.textContent = turn.assistant_text;
    if (turn.status === "cancelled" || turn.status === "error") {
      box.who.append(" ", h("span", { class: "badge", "data-status": turn.status },
        t(turn.status === "cancelled" ? "statusCancelled" : "statusError")));
    }
    log.append(bubble(turn.user_text), box);
  }
  log.lastElementChild?.scrollIntoView({ block: "end" });
}

function setStreaming(on) {
  $("send").hidden = on;
  $("stop").hidden = !on;
  if (!on) state.controller = null;
}

function stop() {
  if (state.controller) state.controller.abort();
}

const cardActions = {
  send: (text) => send(text),
  questionnaire: (data) => questionnaireForm(data, (answers, locale) => state.api.assess(answers, locale), failed),
};

function onEvent(box, name, data) {
  if (name === "delta") {
    box.thinking?.remove();
    if (!box.refused) box.answer.append(data.text || "");
  } else if (name === "card") {
    box.cards.append(renderCard(data.kind, data.data || {}, cardActions));
  } else if (name === "notice") {
    box.thinking?.remove();
    const refused = data.code === "input_refused";
    if (refused) box.refused = true;
    const heading = refused ? t("refused") : data.code === "answer_withheld" ? t("withheld") : t("notice");
    box.cards.append(h("div", { class: `notice ${refused ? "notice-refused" : "notice-warning"}`,
      "data-code": data.code || "" }, h("strong", {}, heading), data.text || ""));
  } else if (name === "done") {
    box.thinking?.remove();
    const removed = data.compliance?.withheld_numbers || 0;
    if (removed) box.append(h("p", { class: "note" }, t("numbersRemoved", { n: removed })));
    box.dataset.done = "true";
  } else if (name === "error") {
    box.thinking?.remove();
    box.append(h("div", { class: "error-box", role: "alert", "data-code": data.code || "" },
      t("interrupted", { message: data.message || data.code })));
  }
}

async function send(text) {
  text = text.trim();
  if (!text || state.controller || !state.api) return;
  clearAlert();
  $("empty").hidden = true;
  const log = $("log");
  const mine = bubble(text);
  const box = assistantShell();
  box.thinking = h("p", { class: "thinking" }, t("thinking"));
  box.append(box.thinking);
  log.append(mine, box);
  box.scrollIntoView({ block: "end" });
  const controller = new AbortController();
  state.controller = controller;
  setStreaming(true);
  let started = false;
  const events = (name, data) => { started = true; onEvent(box, name, data); };
  try {
    try {
      if (!state.sessionId) await newSession();
      await state.api.streamMessage(state.sessionId, text, apiLocale(), controller.signal, events);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === "session_not_found")) throw err;
      await newSession(); // the session expired: start a new one and send again
      log.append(mine, box);
      await state.api.streamMessage(state.sessionId, text, apiLocale(), controller.signal, events);
    }
    remember(text);
  } catch (err) {
    box.thinking?.remove();
    if (err.name === "AbortError") {
      box.dataset.stopped = "true";
      box.append(h("p", { class: "stopped", role: "status" }, t("stopped")));
      remember(text);
    } else if (!started) {
      mine.remove();
      box.remove();
      if ($("message").value === "") $("message").value = text; // nothing was sent: keep the words
      failed(err);
    } else {
      box.append(h("div", { class: "error-box", role: "alert" }, explain(err)));
    }
  } finally {
    setStreaming(false);
    $("message").focus();
  }
}

// ---- history, profile, language ----------------------------------------------------------------------------------
function openHistory() {
  const list = $("history-list");
  const items = store.sessions();
  list.replaceChildren(...(items.length ? items.map((s) => h("li", {},
    h("button", { type: "button", "data-session": s.id, onclick: async () => {
      $("history-dialog").close();
      try { await loadSession(s.id); } catch (err) { failed(err); }
    } }, s.title || t("newChat"), h("span", { class: "when" }, new Date(s.at).toLocaleString(apiLocale()))))) :
    [h("li", { class: "note" }, t("historyEmpty"))]));
  $("history-dialog").showModal();
}

async function openProfile() {
  const body = $("profile-body");
  body.replaceChildren(h("p", { class: "thinking" }, t("thinking")));
  $("profile-dialog").showModal();
  try {
    const q = await state.api.questionnaire(apiLocale());
    body.replaceChildren(questionnaireForm(q, (answers, locale) => state.api.assess(answers, locale), (err) => {
      $("profile-dialog").close();
      failed(err);
    }));
    body.querySelector("input")?.focus();
  } catch (err) {
    $("profile-dialog").close();
    failed(err);
  }
}

function switchLanguage() {
  setLang(getLang() === "zh" ? "en" : "zh");
  localStorage.setItem("advisor.lang", getLang());
  applyStatic();
  $("lang").setAttribute("lang", getLang() === "zh" ? "en" : "zh-CN");
  if (state.user) $("whoami-text").textContent = t("signedInAs", { user: state.user });
}

function wire() {
  $("dev-form").addEventListener("submit", devSignIn);
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const token = $("token").value.trim();
    if (!token) { showAlert(t("tokenMissing")); return; }
    useToken(token);
  });
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("message").value;
    $("message").value = "";
    send(text);
  });
  $("message").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    } else if (event.key === "Escape") {
      stop();
    }
  });
  $("message").addEventListener("input", () => {
    const m = $("message");
    m.style.height = "auto";
    m.style.height = `${Math.min(160, m.scrollHeight + 2)}px`;
  });
  $("stop").addEventListener("click", stop);
  $("sign-out").addEventListener("click", signOut);
  $("lang").addEventListener("click", switchLanguage);
  $("open-history").addEventListener("click", openHistory);
  $("open-profile").addEventListener("click", openProfile);
  $("new-chat").addEventListener("click", async () => {
    stop();
    try { await newSession(); } catch (err) { failed(err); }
    $("message").focus();
  });
  document.querySelectorAll("dialog .close").forEach((b) => b.addEventListener("click", () => b.closest("dialog").close()));
}

async function main() {
  const saved = localStorage.getItem("advisor.lang");
  setLang(saved || ((navigator.language || "").toLowerCase().startsWith("zh") ? "zh" : "en"));
  applyStatic();
  $("lang").setAttribute("lang", getLang() === "zh" ? "en" : "zh-CN");
  wire();
  try {
    state.config = await (await fetch("/app/config.json")).json();
  } catch (_) { /* offline: the token form still works */ }
  if (store.token) await useToken(store.token);
  else showSignIn();
  document.body.dataset.ready = "true";
}

main();
