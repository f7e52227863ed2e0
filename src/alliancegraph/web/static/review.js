// Analyst review in the browser: the record page's review panel, the review queue (with its
// keyboard shortcuts) and "add a record from this selection" on a document page.
// The reviewer's name and write token are kept in sessionStorage (this tab only); every action
// is sent with "Authorization: Bearer <token>" and, for an existing record, "If-Match: <ETag>"
// (the ETag is in the page). A 412 (someone reviewed the record since the page was loaded)
// keeps everything typed: the forms stay as they are and a draft is kept for the reload.
(function () {
  "use strict";
  const NAME = "alliancegraph.reviewer", TOKEN = "alliancegraph.token";
  const root = document.querySelector("[data-review]");
  if (!root) return;
  const mode = root.dataset.review;
  const message = root.querySelector("[data-testid=review-message]");
  const nameBox = document.getElementById("reviewer-name");
  const tokenBox = document.getElementById("reviewer-token");
  const draftKey = "alliancegraph.draft." + (root.dataset.record || root.dataset.document || "");

  function store(key, value) { try { sessionStorage.setItem(key, value); } catch (e) { /* storage off */ } }
  function stored(key) { try { return sessionStorage.getItem(key) || ""; } catch (e) { return ""; } }
  function forget(key) { try { sessionStorage.removeItem(key); } catch (e) { /* storage off */ } }

  if (nameBox) {
    nameBox.value = stored(NAME);
    nameBox.addEventListener("input", () => store(NAME, nameBox.value.trim()));
  }
  if (tokenBox) {
    tokenBox.value = stored(TOKEN);
    tokenBox.addEventListener("input", () => store(TOKEN, tokenBox.value.trim()));
  }

  function say(text, kind) {
    if (!message) return;
    message.textContent = text;
    message.dataset.kind = kind || "";
  }

  // -- drafts: what was typed survives a reload ----------------------------------------------
  function saveDraft() {
    const draft = {};
    root.querySelectorAll("form[data-action]").forEach((form) => {
      const values = {};
      form.querySelectorAll("input, select").forEach((el) => {
        if (!el.name) return;
        if (el.type === "checkbox") { if (el.checked) (values[el.name] = values[el.name] || []).push(el.value); }
        else values[el.name] = el.value;
      });
      draft[form.dataset.action] = values;
    });
    store(draftKey, JSON.stringify(draft));
  }

  function restoreDraft() {
    let draft;
    try { draft = JSON.parse(stored(draftKey) || "null"); } catch (e) { draft = null; }
    if (!draft) return false;
    root.querySelectorAll("form[data-action]").forEach((form) => {
      const values = draft[form.dataset.action] || {};
      form.querySelectorAll("input, select").forEach((el) => {
        if (!(el.name in values)) return;
        if (el.type === "checkbox") el.checked = values[el.name].includes(el.value);
        else el.value = values[el.name];
      });
    });
    return true;
  }

  // -- sending ---------------------------------------------------------------------------------
  function reviewer() {
    const name = nameBox ? nameBox.value.trim() : "";
    const token = tokenBox ? tokenBox.value.trim() : "";
    if (!name) { say("Enter your name (it goes in the record's history).", "error"); if (nameBox) nameBox.focus(); return null; }
    if (!token) { say("Enter the write token of this server.", "error"); if (tokenBox) tokenBox.focus(); return null; }
    return { name: name, token: token };
  }

  async function send(url, body, who, etag) {
    const headers = { "Content-Type": "application/json", "Authorization": "Bearer " + who.token };
    if (etag) headers["If-Match"] = etag;
    let res;
    try {
      res = await fetch(url, { method: "POST", headers: headers, body: JSON.stringify(body), credentials: "same-origin" });
    } catch (e) {
      saveDraft();
      say("The server did not answer; nothing was saved. Try again.", "error");
      return null;
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.ok) { forget(draftKey); return data; }
    const why = data && data.error ? data.error.message : res.statusText;
    saveDraft();
    if (res.status === 412) {
      say("This record changed since you loaded it — reload the page to see the change, then review again. " +
          "Nothing you typed is lost: it is kept for the reload.", "conflict");
      showReload();
    } else if (res.status === 401) {
      say("The write token was refused: " + why, "error");
    } else {
      say("Not saved (" + res.status + "): " + why, "error");
    }
    return null;
  }

  function showReload() {
    if (root.querySelector("[data-testid=review-reload]")) return;
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = "Reload";
    b.dataset.testid = "review-reload";
    b.addEventListener("click", () => location.reload());
    message.after(b);
  }

  // -- the record page and the queue -------------------------------------------------------------
  function actionBody(form, who) {
    const body = { action: form.dataset.action, author: who.name };
    const get = (n) => { const el = form.elements.namedItem(n); return el ? el.value.trim() : ""; };
    if (get("reason")) body.reason = get("reason");
    if (body.action === "correct") {
      body.field = get("field");
      body.op = get("op") || "set";
      body.value = get("value");
    } else if (body.action === "merge") {
      body.other = get("other");
    } else if (body.action === "split") {
      body.documents = Array.from(form.querySelectorAll("input[name=documents]:checked")).map((el) => el.value);
    }
    return body;
  }

  async function review(form) {
    const who = reviewer();
    if (!who) return;
    const id = root.dataset.record;
    say("Saving…", "");
    const out = await send("/api/records/" + encodeURIComponent(id) + "/review", actionBody(form, who), who,
                           root.dataset.etag);
    if (!out) return;
    root.dataset.etag = out.etag;
    say("Saved.", "ok");
    if (out.new_record) location.assign("/records/" + encodeURIComponent(out.new_record));
    else location.reload();  // the queue: the reviewed record leaves it; a record page: its new state
  }

  if (mode === "record" || mode === "queue") {
    const restored = restoreDraft();
    root.querySelectorAll("form[data-action]").forEach((form) => {
      form.addEventListener("submit", (ev) => { ev.preventDefault(); review(form); });
      form.addEventListener("input", saveDraft);
    });
    const correct = root.querySelector("form[data-action=correct]");
    if (correct) setUpCorrect(correct, restored);
  }

  function setUpCorrect(form, restored) {
    let values = {};
    try { values = JSON.parse(root.dataset.values || "{}"); } catch (e) { values = {}; }
    const field = form.elements.namedItem("field"), op = form.elements.namedItem("op");
    const value = form.elements.namedItem("value"), hint = form.querySelector("[data-testid=value-hint]");
    const list = document.getElementById("current-values");
    const HINT = { list: "several values: separate them with ;", date: "a date: 2022, 2022-01 or 2022-01-05",
                   int: "a whole number", text: "" };
    function current() { const v = values[field.value]; return v === null || v === undefined ? "" : v; }
    function update(fill) {
      const kind = field.selectedOptions[0] ? field.selectedOptions[0].dataset.kind : "text";
      op.querySelectorAll("option").forEach((o) => { o.disabled = kind !== "list" && o.value !== "set"; });
      if (op.selectedOptions[0] && op.selectedOptions[0].disabled) op.value = "set";
      hint.textContent = op.value === "set" ? HINT[kind] : (op.value === "add" ? "one value to add" : "one value to remove");
      list.replaceChildren();
      (Array.isArray(current()) ? current() : []).forEach((v) => {
        const o = document.createElement("option");
        o.value = v;
        list.appendChild(o);
      });
      if (fill) {
        const v = current();
        value.value = op.value === "set" ? (Array.isArray(v) ? v.join("; ") : String(v)) : "";
      }
    }
    field.addEventListener("change", () => update(true));
    op.addEventListener("change", () => update(true));
    update(!restored);
  }

  // -- the queue's keyboard shortcuts ----------------------------------------------------------
  if (mode === "queue") {
    document.addEventListener("keydown", (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const t = ev.target;
      if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
      const go = (sel) => { const a = document.querySelector(sel); if (a) location.assign(a.href); };
      const submit = (action) => { const f = root.querySelector("form[data-action=" + action + "]"); if (f) f.requestSubmit(); };
      switch (ev.key) {
        case "c": submit("confirm"); break;
        case "r": submit("reject"); break;
        case "n": case "j": go("[data-testid=queue-next]"); break;
        case "k": go("[data-testid=queue-prev]"); break;
        case "e": go("[data-testid=queue-open]"); break;
        default: return;
      }
      ev.preventDefault();
    });
  }

  // -- a document page: add a record from a selection ----------------------------------------------
  if (mode === "add") {
    const article = document.querySelector("article[data-document]");
    const form = root.querySelector("form[data-action=add]");
    const quote = root.querySelector("[data-testid=add-selection]");
    const typeBox = form.elements.namedItem("type");
    let span = null;

    function sentenceOf(node) {
      const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      const s = el ? el.closest(".sent") : null;
      return s && article.contains(s) ? s : null;
    }
    // characters from the start of the sentence to (node, offset): the rendered text of a
    // sentence is its text in the document, so this is an offset into the document
    function offsetIn(sent, node, offset) {
      const r = document.createRange();
      r.setStart(sent, 0);
      r.setEnd(node, offset);
      return r.toString().length;
    }

    function onSelection() {
      const sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      const range = sel.getRangeAt(0);
      const a = sentenceOf(range.startContainer), b = sentenceOf(range.endContainer);
      if (!a && !b) return;  // a selection elsewhere on the page
      if (a !== b || !a) {
        root.hidden = false;
        say("Select text within one sentence: a record's evidence is a span of one sentence.", "error");
        return;
      }
      const base = Number(a.dataset.start);
      let start = base + offsetIn(a, range.startContainer, range.startOffset);
      let end = base + offsetIn(a, range.endContainer, range.endOffset);
      const text = range.toString();
      const lead = text.length - text.replace(/^\s+/, "").length;
      const trail = text.length - text.replace(/\s+$/, "").length;
      start += lead;
      end -= trail;
      if (end <= start) return;
      span = { document_id: article.dataset.document, start: start, end: end };
      quote.textContent = text.trim();
      root.querySelector("[data-testid=add-start]").textContent = String(start);
      root.querySelector("[data-testid=add-end]").textContent = String(end);
      root.hidden = false;
      say("", "");
      const quoteText = form.querySelector("[data-testid=add-quote-text]");
      if (quoteText && !quoteText.value) quoteText.value = text.trim();
    }
    // the form opens once a selection is made (the mouse released, or a key such as shift+arrow
    // let go), not while the reader is still dragging over the text
    let dragging = false;
    document.addEventListener("pointerdown", () => { dragging = true; });
    document.addEventListener("pointerup", () => { dragging = false; setTimeout(onSelection, 0); });
    document.addEventListener("keyup", onSelection);
    document.addEventListener("selectionchange", () => { if (!dragging) onSelection(); });

    function showType() {
      form.querySelectorAll("fieldset[data-kind]").forEach((fs) => {
        const on = fs.dataset.kind === typeBox.value;
        fs.hidden = !on;
        fs.disabled = !on;
      });
    }
    typeBox.addEventListener("change", showType);
    showType();

    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (!span) { say("Select the words of the record in the text first.", "error"); return; }
      const who = reviewer();
      if (!who) return;
      const fields = {};
      const fs = form.querySelector("fieldset[data-kind=" + typeBox.value + "]");
      fs.querySelectorAll("input").forEach((el) => { if (el.value.trim()) fields[el.name] = el.value.trim(); });
      const body = { type: typeBox.value, fields: fields, evidence: span, author: who.name };
      const reason = form.elements.namedItem("reason").value.trim();
      if (reason) body.reason = reason;
      say("Saving…", "");
      const out = await send("/api/records", body, who, null);
      if (out) location.assign("/records/" + encodeURIComponent(out.record));
    });
  }
})();
