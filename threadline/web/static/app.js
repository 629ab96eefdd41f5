// Threadline workbench: a small single-page app over the REST API under /api/.
// No framework: views are functions that build DOM with h(); all data is inserted as text, never as HTML.
// Team mode (the page's threadline-mode meta says so): sign in first, pick an investigation, and its API
// lives under /api/investigations/NAME/; requests that change something carry the CSRF header.
"use strict";

const view = document.getElementById("view");
const TEAM = (document.querySelector('meta[name="threadline-mode"]') || {}).content === "team";
// What the caller's role allows here (team mode: from their membership); controls they cannot use are not drawn.
let permissions = null;
const can = (permission) => !TEAM || (permissions !== null && permissions.has(permission));
let apiBase = "/api";
const MARK_OPEN = "\ue000", MARK_CLOSE = "\ue001";
// The schema's words (GET /vocabulary, from threadline/schema/*.yaml), read once at start: no copy lives here.
let TYPES = [], STANCES = [], STANCE_COLORS = {}, STATUSES = [], PERSON_TYPES = new Set(), TYPE_STYLES = [];
let cleanup = null;   // called when leaving a view (key handlers, timers)

// -- helpers ---------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

async function api(path, options = {}) {
  const init = { headers: { Accept: "application/json" }, ...options };
  if (options.json !== undefined) {
    init.method = options.method || "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.json);
  }
  if (TEAM && init.method && init.method !== "GET") init.headers["X-CSRF-Token"] = cookie("tl_csrf");
  const res = await fetch(apiBase + path, init);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (TEAM && res.status === 401) { signIn(); throw Object.assign(new Error("sign in first"), { signIn: true }); }
  if (!res.ok) throw new Error((data && data.error) || `${res.status} ${res.statusText}`);
  return data;
}

async function loadVocabulary() {
  const v = await api("/vocabulary");
  TYPES = v.types.map((t) => t.name);
  PERSON_TYPES = new Set(v.types.filter((t) => t.person).map((t) => t.name));
  STANCES = v.stances;
  STANCE_COLORS = v.stance_colors;
  for (const [s, c] of Object.entries(STANCE_COLORS)) document.documentElement.style.setProperty(`--${s}`, c);
  STATUSES = v.statuses.map((s) => s.name);
  TYPE_STYLES = v.types.filter((t) => t.graph && /^[A-Z_]+$/.test(t.name))
    .map((t) => ({ selector: `node[type = '${t.name}']`, style: { shape: t.graph.shape, "background-color": t.graph.color } }));
}

function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
}

function toast(message, isError) {
  const t = document.getElementById("toast");
  t.textContent = message;
  t.style.background = isError ? "#b3261e" : "#14202b";
  t.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove("show"), isError ? 5000 : 2200);
}

function route() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || "") };
}

function go(path, params) {
  const q = params && [...params].length ? "?" + params.toString() : "";
  location.hash = "#/" + path + q;
}

const badge = (type) => h("span", { class: "badge " + type }, type);
const stanceEl = (s) => h("span", { class: "stance " + s }, s);
const statusEl = (s) => h("span", { class: "status " + s, "data-testid": "status" }, s);
const entityLink = (id, name) => h("a", { href: "#/entity/" + encodeURIComponent(id) }, name);
const docLink = (id, title) => h("a", { href: "#/doc/" + encodeURIComponent(id) }, title || id);

function source(row) {
  const bits = [row.publisher, row.published].filter(Boolean).join(", ");
  return h("span", { class: "muted small" }, docLink(row.doc_id, row.title), bits ? ` (${bits})` : "");
}

function highlighted(snippet) {
  // Snippets arrive with matches between two private-use characters; turn them into <mark> safely.
  const out = [];
  let rest = snippet || "";
  while (rest) {
    const i = rest.indexOf(MARK_OPEN);
    if (i < 0) { out.push(rest); break; }
    out.push(rest.slice(0, i));
    const j = rest.indexOf(MARK_CLOSE, i);
    out.push(h("mark", {}, rest.slice(i + 1, j < 0 ? undefined : j)));
    rest = j < 0 ? "" : rest.slice(j + 1);
  }
  return out;
}

function failed(err) {
  if (err.signIn) return;  // the sign-in form is showing
  view.replaceChildren(h("div", { class: "card error", "data-testid": "error" }, err.message || String(err)));
}

async function refreshCounts() {
  try {
    const s = await api("/stats");
    const c = s.counts;
    document.getElementById("counts").textContent =
      `${c.documents} documents · ${c.entities} entities · ${c.claims} claims · ${c.relations} relations`;
  } catch (e) { /* counts are decoration */ }
}

// -- search ----------------------------------------------------------------------

async function searchView(params) {
  const draw = drawer();
  const q = params.get("q") || "";
  document.getElementById("quick-q").value = q;
  const data = await api("/search?" + params.toString());
  const facet = (name, values) => {
    const current = params.get(name);
    const links = Object.entries(values).map(([value, count]) => {
      const next = new URLSearchParams(params);
      if (current === value) next.delete(name); else next.set(name, value);
      return h("a", { href: "#/search?" + next.toString(), class: current === value ? "on" : "" },
        h("span", {}, value), h("span", { class: "muted" }, count));
    });
    return links.length ? [h("h3", {}, name), links] : null;
  };
  const f = data.facets;
  const side = h("aside", { class: "facets", "data-testid": "facets" },
    facet("type", f.type), facet("country", f.country), facet("language", f.language),
    facet("stance", Object.keys(f.stance).length ? f.stance : Object.fromEntries(STANCES.map((s) => [s, ""]))),
    facet("status", f.status));
  const entities = data.entities.map((e) => h("div", { class: "hit", "data-testid": "entity-hit" },
    badge(e.type), " ", entityLink(e.id, e.name), e.country ? h("span", { class: "muted" }, " · " + e.country) : "",
    e.protected ? [" ", h("span", { class: "badge protected" }, "protected")] : "",
    h("span", { class: "muted small" }, ` · ${e.mentions} mentions`),
    e.aliases && e.aliases.length ? h("div", { class: "muted small" }, "also: " + e.aliases.join(", ")) : ""));
  const documents = data.documents.map((d) => h("div", { class: "hit", "data-testid": "document-hit" },
    docLink(d.id, d.title), h("span", { class: "muted small" }, " " + [d.publisher, d.published, d.language].filter(Boolean).join(" · ")),
    h("div", { class: "small" }, highlighted(d.snippet))));
  const claims = data.claims.map((c) => h("div", { class: "hit" },
    c.claimant ? entityLink(c.claimant_id, c.claimant) : h("em", {}, "the document"), " ", stanceEl(c.stance), " ",
    statusEl(c.status), h("blockquote", {}, c.sentence), source(c)));
  const section = (title, total, items) => h("div", { class: "card" },
    h("h2", {}, `${title} `, h("span", { class: "muted small" }, `${total}`)),
    items.length ? items : h("p", { class: "muted" }, q ? "nothing found" : "type a query above"));
  draw(h("h1", {}, q ? `Results for “${q}”` : "Search"),
    h("div", { class: "row" }, side, h("div", { class: "grow" },
      section("Entities", data.total.entities, entities),
      section("Documents", data.total.documents, documents),
      section("Claims", data.total.claims, claims))));
}

// -- entity ----------------------------------------------------------------------

function reviewButtons(fact, onDone) {
  if (!can("review")) return "";
  const act = async (action) => {
    try {
      const updated = await api("/review/facts/" + encodeURIComponent(fact.id), { json: { action } });
      toast(`${action === "accept" ? "Accepted" : "Rejected"}`);
      onDone(updated);
    } catch (e) { toast(e.message, true); }
  };
  return h("span", { class: "small" },
    h("button", { onclick: () => act("accept"), "data-testid": "accept", title: "accept (a)" }, "accept"), " ",
    h("button", { class: "danger", onclick: () => act("reject"), "data-testid": "reject", title: "reject (r)" }, "reject"));
}

function machineSaid(fact) {
  // An edited fact keeps the machine's values beside the analyst's; made by hand, it has none.
  if (fact.extractor === "hand") return h("div", { class: "small muted" }, "added by hand");
  if (!fact.machine) return "";
  const parts = Object.entries(fact.machine).map(([k, v]) => `${k.replace(/_id$/, "")}: ${Array.isArray(v) ? v.join(", ") : v ?? "none"}`);
  return h("div", { class: "small muted", "data-testid": "machine" }, "the machine said " + parts.join(" · "));
}

function claimRow(c, showClaimant, showAbout) {
  const status = statusEl(c.status);
  const row = h("tr", { "data-testid": "claim", "data-id": c.id },
    h("td", {}, showClaimant ? (c.claimant ? entityLink(c.claimant_id, c.claimant) : h("em", {}, "the document")) : "",
      " ", stanceEl(c.stance), showAbout && c.about && c.about.length ? h("div", { class: "muted small" }, "about " + c.about.join(", ")) : ""),
    h("td", {}, h("blockquote", {}, c.sentence), machineSaid(c), source(c)),
    h("td", {}, status, h("div", {}, reviewButtons(c, (u) => status.replaceWith(statusEl(u.status))))));
  return row;
}

async function entityView(id) {
  const draw = drawer();
  const e = await api("/entities/" + encodeURIComponent(id));
  const protectBtn = can("curate") && (PERSON_TYPES.has(e.type) || e.protected) ? h("button", {
    "data-testid": "protect",
    onclick: async () => {
      try { await api(`/entities/${e.id}/protect`, { json: { protected: !e.protected } }); toast(e.protected ? "No longer protected" : "Marked protected"); render(); }
      catch (err) { toast(err.message, true); }
    },
  }, e.protected ? "lift protection" : "mark protected") : null;
  const mergeInput = h("input", { placeholder: "other entity name or id", list: "entity-options", size: 28, "data-testid": "merge-input" });
  const mergeBox = h("span", {}, mergeInput, " ",
    h("button", { onclick: async () => {
      if (!mergeInput.value.trim()) return;
      try {
        const other = mergeInput.value.trim();
        const preview = await api(`/entities/${e.id}/merge-preview?other=${encodeURIComponent(other)}`);
        if (preview.needs_confirmation && !window.confirm(`${preview.name_a} is a ${preview.type_a} and ${preview.name_b} a ${preview.type_b}. Merging them means:\n- ${preview.changes.join("\n- ")}\n\nMerge anyway?`)) return;
        const m = await api(`/entities/${e.id}/merge`, { json: { other, confirm: preview.needs_confirmation } }); toast("Merged"); go("entity/" + m.id);
      } catch (err) { toast(err.message, true); }
    } }, "merge"), " ",
    h("button", { onclick: async () => {
      if (!mergeInput.value.trim()) return;
      try { await api(`/entities/${e.id}/not-same`, { json: { other: mergeInput.value.trim() } }); toast("Recorded: not the same"); render(); }
      catch (err) { toast(err.message, true); }
    } }, "not the same"));
  const splitBtn = can("curate") && e.members.length > 1 ? h("button", { onclick: async () => {
    try { await api(`/entities/${e.id}/split`, { json: {} , method: "POST" }); toast("Split"); render(); } catch (err) { toast(err.message, true); }
  } }, `split (${e.members.length} merged)`) : null;
  const table = (rows, head) => rows.length ? h("table", {}, h("tr", {}, head.map((t) => h("th", {}, t))), rows) : h("p", { class: "muted" }, "none");
  // A list is counted up to a cap (10,000 rows): a longer one shows "more than 10,000", and pages on until it ends.
  const capped = (part) => Boolean(e.capped && e.capped[part]);
  const total = (part) => capped(part) ? `more than ${e.totals[part].toLocaleString("en")}` : String(e.totals[part]);
  const paged = (part, head, toRow) => {
    // The first page of a list, its total, and a button fetching the next page from /entities/{id}/rows/{part}.
    let shown = e[part].length;
    const body = table(e[part].map(toRow), head);
    const more = h("button", { class: "small", "data-testid": "more-" + part, onclick: async () => {
      try {
        const rows = await api(`/entities/${e.id}/rows/${part}?offset=${e.page.offset + shown}&limit=${e.page.limit}`);
        rows.forEach((r) => body.append(toRow(r)));
        shown += rows.length;
        count.textContent = `${shown} of ${total(part)}`;
        if (!capped(part) && e.page.offset + shown >= e.totals[part] || !rows.length || rows.length < e.page.limit) more.remove();
      } catch (err) { toast(err.message, true); }
    } }, "more");
    const count = h("span", { class: "muted small", "data-testid": "total-" + part }, `${shown} of ${total(part)}`);
    return capped(part) || e.page.offset + shown < e.totals[part] ? h("div", {}, body, h("p", {}, count, " ", more)) : body;
  };
  const timeline = [
    ...e.events.map((v) => ({ date: v.date, kind: "event", text: v.what, sentence: v.sentence, doc: v.title })),
    ...e.claims_about.map((c) => ({ date: c.published, kind: c.stance, text: (c.claimant || "the document") + " " + c.stance, sentence: c.sentence, doc: c.title })),
  ].filter((x) => x.date).sort((a, b) => a.date.localeCompare(b.date));
  draw(
    h("h1", { "data-testid": "entity-name" }, e.name, " ", h("span", { "data-testid": "entity-type" }, badge(e.type)),
      e.protected ? [" ", h("span", { class: "badge protected" }, "protected")] : "",
      e.rejected ? [" ", h("span", { class: "badge rejected", "data-testid": "rejected" }, "rejected")] : ""),
    e.machine ? h("p", { class: "small muted", "data-testid": "machine" }, `The machine said: ${e.machine.name} (${e.machine.type}${e.machine.country ? ", " + e.machine.country : ""})`) : "",
    h("div", { class: "card" },
      h("div", {}, h("strong", {}, "Country: "), e.country || "unknown", e.kind ? ` · ${e.kind}` : "", e.gazetteer ? h("span", { class: "muted" }, ` · known body ${e.gazetteer}`) : ""),
      h("div", {}, h("strong", {}, "Also called: "), e.aliases.filter((a) => a !== e.name).join(" · ") || "—"),
      h("div", { class: "small muted" }, `${total("mentions")} mentions` + (!capped("mentions") && e.mentions.length === e.totals.mentions ? ` in ${new Set(e.mentions.map((m) => m.doc_id)).size} documents` : "") + ` · id ${e.id}`),
      h("p", {}, h("a", { class: "button", href: "#/graph?focus=" + encodeURIComponent(e.id), "data-testid": "open-graph" }, "Open in graph"), " ",
        protectBtn, " ", splitBtn),
      can("curate") ? h("div", { class: "small" }, mergeBox) : ""),
    can("curate") ? correctionsCard(e) : "",
    h("h2", {}, `Claims by ${e.name}`), paged("claims_by", ["stance", "quote and source", "review"], (c) => claimRow(c, false, true)),
    h("h2", {}, `Claims about ${e.name}`), paged("claims_about", ["who", "quote and source", "review"], (c) => claimRow(c, true, false)),
    h("h2", {}, "Relations"), paged("relations", ["relation", "quote and source", "review"], (r) => {
      const status = statusEl(r.status);
      return h("tr", {}, h("td", {}, r.subject, " ", h("strong", {}, r.predicate.replace(/_/g, " ")), " ", r.object),
        h("td", {}, h("blockquote", {}, r.sentence), h("span", { class: "muted small" }, r.title || "")),
        h("td", {}, status, h("div", {}, reviewButtons(r, (u) => status.replaceWith(statusEl(u.status))))));
    }),
    h("h2", {}, "Timeline"), timeline.length ? h("table", { "data-testid": "timeline" }, timeline.map((t) => h("tr", {},
      h("td", { class: "small" }, t.date), h("td", {}, t.kind === "event" ? h("strong", {}, "event") : stanceEl(t.kind)),
      h("td", {}, t.text, h("div", { class: "muted small" }, t.doc || ""))))) : h("p", { class: "muted" }, "no dated events or claims"),
    h("h2", {}, "History"), e.history.length ? h("ul", { class: "history", "data-testid": "history" }, e.history.map((d) =>
      h("li", {}, h("span", { class: "muted" }, d.created_at.replace("T", " ").slice(0, 19)), " ", h("strong", {}, d.action), " by ", d.user,
        " on ", d.target, d.value && d.value.after ? h("span", { class: "muted" }, " → " + JSON.stringify(d.value.after)) : "",
        d.deleted_at ? h("em", {}, " (retracted)") : "",
        !d.deleted_at && d.action !== "retract" && can(["accept", "reject", "edit", "add_claim", "add_relation"].includes(d.action) ? "review" : "curate")
          ? [" ", h("button", { class: "small", "data-testid": "retract", onclick: async () => {
            try { await api(`/decisions/${d.id}/retract`, { method: "POST" }); toast("Retracted"); render(); } catch (err) { toast(err.message, true); }
          } }, "retract")] : ""))) : h("p", { class: "muted" }, "no decisions yet"),
    h("datalist", { id: "entity-options" }));
  mergeInput.addEventListener("input", () => suggest(mergeInput, document.getElementById("entity-options")));
}

function correctionsCard(e) {
  // Rename (an alias or a new name), retype, set or clear the country, add an alias, reject: each a decision in the history.
  const send = async (path, body, done) => {
    try { await api(`/entities/${e.id}/${path}`, { json: body }); toast(done); render(); } catch (err) { toast(err.message, true); }
  };
  const name = h("input", { value: e.name, list: "alias-options", size: 28, "data-testid": "rename-input" });
  const type = h("select", { "data-testid": "retype-select" }, TYPES.map((t) => h("option", { value: t, selected: t === e.type }, t)));
  const country = h("input", { value: e.country || "", size: 6, placeholder: "e.g. CN", "data-testid": "country-input" });
  const alias = h("input", { size: 20, placeholder: "another name", "data-testid": "alias-input" });
  return h("div", { class: "card small", "data-testid": "corrections" }, h("strong", {}, "Correct"),
    h("div", {}, "Name ", name, " ", h("button", { "data-testid": "rename-button", onclick: () => send("rename", { name: name.value.trim() }, "Renamed") }, "rename"),
      h("datalist", { id: "alias-options" }, e.aliases.map((a) => h("option", { value: a })))),
    h("div", {}, "Type ", type, " ", h("button", { "data-testid": "retype-button", onclick: () => send("retype", { type: type.value }, "Type changed") }, "retype"), " · ",
      "Country ", country, " ", h("button", { "data-testid": "country-button", onclick: () => send("country", { country: country.value.trim() || null }, country.value.trim() ? "Country set" : "Country cleared") }, "set"), " · ",
      "Alias ", alias, " ", h("button", { "data-testid": "alias-button", onclick: () => send("aliases", { alias: alias.value.trim() }, "Alias added") }, "add")),
    e.rejected ? "" : h("div", {}, h("button", { class: "danger", "data-testid": "reject-entity", onclick: () => {
      if (window.confirm(`Reject ${e.name} as spurious? It and the facts resting on it leave every analysis and export (you can retract this in the history).`)) send("reject", {}, "Rejected");
    } }, "reject as spurious")));
}

async function suggest(input, list) {
  const q = input.value.trim();
  if (q.length < 2) return;
  try {
    const found = await api("/entities?limit=12&q=" + encodeURIComponent(q));
    list.replaceChildren(...found.map((e) => h("option", { value: e.id }, `${e.name} (${e.type})`)));
  } catch (e) { /* suggestions are optional */ }
}

// -- document --------------------------------------------------------------------

function annotatedText(doc) {
  // Cut the text at every span boundary; each piece carries the classes of the spans covering it.
  const spans = [
    ...doc.claims.map((c) => ({ start: c.start, end: c.end, cls: "claim " + c.stance, title: `${c.claimant || "the document"} ${c.stance} (${c.status})` })),
    ...doc.events.map((v) => ({ start: v.start, end: v.end, cls: "event", title: `event ${v.date}: ${v.what}` })),
    ...doc.mentions.map((m) => ({ start: m.start, end: m.end, cls: "mention " + m.type + (m.rejected ? " rejected" : ""),
      title: `${m.entity} (${m.type})${m.rejected ? ", rejected" : ""}${m.source === "hand" ? ", marked by hand" : ""}`, entity: m.entity_id })),
  ].filter((s) => s.end > s.start);
  const cuts = new Set([0, doc.text.length]);
  spans.forEach((s) => { cuts.add(s.start); cuts.add(s.end); });
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const piece = doc.text.slice(a, b);
    if (!covering.length) { out.push(piece); continue; }
    const mention = covering.find((s) => s.entity);
    const el = h(mention ? "a" : "span", {
      class: covering.map((s) => s.cls).join(" "), title: covering.map((s) => s.title).join("\n"),
      href: mention ? "#/entity/" + encodeURIComponent(mention.entity) : null,
    }, piece);
    out.push(el);
  }
  return out;
}

function selectedSpan(box) {
  // The selection inside the document text as offsets in it: the text is drawn in order, every character once.
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return null;
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(r.startContainer, r.startOffset);
  const start = before.toString().length;
  return { start, end: start + r.toString().length, text: r.toString() };
}

function followSelection(box, chosen) {
  // The last words selected in the document text, shown in `chosen`; the listener goes when the view does.
  let span = null;
  const onSelect = () => {
    const found = selectedSpan(box);
    if (found && found.text.trim()) { span = found; chosen.textContent = `“${found.text}” (${found.start}:${found.end})`; }
  };
  document.addEventListener("selectionchange", onSelect);
  const previous = cleanup;
  cleanup = () => { if (previous) previous(); document.removeEventListener("selectionchange", onSelect); };
  return () => span;
}

function markCard(d, box) {
  const type = h("select", { "data-testid": "mark-type" }, TYPES.map((t) => h("option", { value: t }, t)));
  const name = h("input", { size: 22, placeholder: "name (default: the selection)", "data-testid": "mark-name" });
  const chosen = h("div", { class: "small muted", "data-testid": "mark-selection" }, "Select words in the text, then mark them.");
  const selection = followSelection(box, chosen);
  return h("div", { class: "card", "data-testid": "mark-card" }, h("h2", {}, "Mark as entity"), chosen, h("div", {}, type, " ", name),
    h("button", { class: "primary", "data-testid": "mark-entity", onclick: async () => {
      const span = selection();
      if (!span) { toast("select the words of the entity in the text first", true); return; }
      try {
        const e = await api(`/documents/${encodeURIComponent(d.id)}/entities`, { json: { start: span.start, end: span.end, type: type.value, name: name.value.trim() || null } });
        toast(`Marked: ${e.name}`); render();
      } catch (err) { toast(err.message, true); }
    } }, "mark as entity"));
}

function factCard(d, box) {
  // A claim or relation an analyst reads in the text and the machine missed: from the sentence around the selection.
  const claimant = h("input", { size: 22, placeholder: "claimant (empty: the document)", "data-testid": "fact-claimant" });
  const stance = h("select", { "data-testid": "fact-stance" }, STANCES.map((s) => h("option", { value: s }, s)));
  const about = h("input", { size: 22, placeholder: "about (names, comma-separated)", "data-testid": "fact-about" });
  const subject = h("input", { size: 16, placeholder: "subject", "data-testid": "fact-subject" });
  const predicate = h("input", { size: 12, placeholder: "predicate", "data-testid": "fact-predicate" });
  const object = h("input", { size: 16, placeholder: "object", "data-testid": "fact-object" });
  const chosen = h("div", { class: "small muted", "data-testid": "fact-selection" }, "Select words of a sentence, then add what it states.");
  const selection = followSelection(box, chosen);
  const names = (v) => v.split(",").map((x) => x.trim()).filter(Boolean);
  const send = async (path, body, what) => {
    const span = selection();
    if (!span) { toast("select words of the sentence in the text first", true); return; }
    try {
      await api(`/documents/${encodeURIComponent(d.id)}/${path}`, { json: { start: span.start, end: span.end, ...body } });
      toast(`Added the ${what} by hand`); render();
    } catch (err) { toast(err.message, true); }
  };
  return h("div", { class: "card", "data-testid": "fact-card" }, h("h2", {}, "Add a claim or relation"), chosen,
    h("div", {}, claimant, " ", stance, " ", about, " ",
      h("button", { class: "primary", "data-testid": "add-claim", onclick: () =>
        send("claims", { stance: stance.value, claimant: claimant.value.trim() || null, about: names(about.value) }, "claim") }, "add claim")),
    h("div", {}, subject, " ", predicate, " ", object, " ",
      h("button", { "data-testid": "add-relation", onclick: () =>
        send("relations", { subject: subject.value.trim(), predicate: predicate.value.trim(), object: object.value.trim() }, "relation") }, "add relation")));
}

function handFacts(d) {
  // What analysts added to this document by hand, listed so they see it stuck.
  const facts = [...d.claims.filter((c) => c.extractor === "hand").map((c) => `${c.claimant || "the document"} ${c.stance}: ${c.text}`),
                 ...d.relations.filter((r) => r.extractor === "hand").map((r) => `${r.subject} ${r.predicate} ${r.object}`)];
  if (!facts.length) return "";
  return h("div", { class: "card small" }, h("h2", {}, "Added by hand"), h("ul", {}, facts.map((f) => h("li", { "data-testid": "hand-fact" }, f))));
}

async function documentView(id) {
  const draw = drawer();
  const d = await api("/documents/" + encodeURIComponent(id));
  const textBox = h("div", { class: "doc-text", "data-testid": "doc-text" }, annotatedText(d));
  draw(
    h("h1", {}, d.title || d.id),
    h("div", { class: "card small" },
      h("div", {}, h("strong", {}, "Publisher: "), d.publisher || "unknown", " · ", h("strong", {}, "Published: "), d.published || "unknown",
        h("span", { class: "muted", "data-date-source": d.date_source || "" },
          d.published ? ` (from ${d.date_source || "metadata"})` : " (no date in its metadata or dateline)"),
        " · ", h("strong", {}, "Language: "), d.language || "?",
        d.read_by_rules ? h("span", { class: "badge warn", "data-testid": "read-by-rules", title: "No parser exists for this language here: names, claims and relations come from word lists and another language's model, and more of them are missed." }, " read by rules: lower recall") : ""),
      d.url ? h("div", {}, h("strong", {}, "URL: "), h("a", { href: d.url, rel: "noreferrer noopener", target: "_blank" }, d.url)) : "",
      h("div", {}, h("strong", {}, "Found at: "), d.locations.join(" · ") || "—"),
      h("div", { class: "muted" }, `${d.mentions.length} mentions · ${d.claims.length} claims · ${d.relations.length} relations · ${d.events.length} events · extracted by ${d.extractor}`)),
    h("div", { class: "row" },
      h("div", { class: "grow" },
        h("div", { class: "legend muted" }, h("span", {}, h("span", { class: "stance alleges" }, "■"), " allegation"),
          h("span", {}, h("span", { class: "stance denies" }, "■"), " denial"), h("span", {}, "▁ event"), h("span", {}, "underlined: entity (click to open)")),
        textBox),
      h("aside", { class: "doc-side" }, can("curate") ? markCard(d, textBox) : "", can("review") ? factCard(d, textBox) : "", handFacts(d), h("div", { class: "card" }, h("h2", {}, "Supports"),
        d.entities.map((e) => h("div", { "data-testid": "doc-entity" }, badge(e.type), " ", entityLink(e.id, e.name),
          e.rejected ? [" ", h("span", { class: "badge rejected" }, "rejected")] : "", h("span", { class: "muted small" }, ` ×${e.mentions}`)))))));
}

// -- graph -----------------------------------------------------------------------

const graphStyle = () => [
  { selector: "node", style: { label: "data(name)", "font-size": "mapData(degree, 1, 15, 9, 16)", "min-zoomed-font-size": 5, "text-valign": "bottom", "text-margin-y": 3,
    "text-wrap": "ellipsis", "text-max-width": 170, "background-color": "#6b5b95", width: "mapData(degree, 1, 20, 14, 40)", height: "mapData(degree, 1, 20, 14, 40)", color: "#1d232a" } },
  ...TYPE_STYLES,  // each type's shape and colour, from the schema (entity_types.yaml: graph)
  { selector: "node[?protected]", style: { "border-width": 2, "border-style": "dashed", "border-color": "#000" } },
  { selector: "node.focus", style: { "border-width": 3, "border-color": "#f2b705", "font-weight": "bold" } },
  { selector: "edge", style: { width: "mapData(score, 1, 6, 1, 5)", "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": .7,
    "line-color": "#5f6b76", "target-arrow-color": "#5f6b76", opacity: .75 } },
  { selector: "edge[kind = 'claim']", style: { "line-style": "dashed" } },
  ...Object.entries(STANCE_COLORS).map(([s, c]) =>  // each stance's colour, from the schema (stances.yaml: color)
    ({ selector: `edge[kind = 'claim'][label = '${s}']`, style: { "line-color": c, "target-arrow-color": c } })),
  { selector: "edge[status = 'accepted']", style: { "line-style": "solid", opacity: 1 } },
  { selector: "edge[?contested]", style: { "line-style": "dotted" } },
  { selector: ".faded", style: { opacity: .22 } },
  { selector: ".path", style: { "line-color": "#f2b705", "target-arrow-color": "#f2b705", width: 6, opacity: 1, "z-index": 10 } },
  { selector: "node.path", style: { "border-width": 4, "border-color": "#f2b705", "font-size": 15, "font-weight": "bold", "min-zoomed-font-size": 0 } },
  { selector: ":selected", style: { "overlay-opacity": .15, "overlay-color": "#1f5fa8" } },
];

async function graphView(params) {
  const draw = drawer();
  if (!window.cytoscape) {
    draw(h("div", { class: "card error" }, "The graph library is not installed (static/vendor/cytoscape.min.js). Run scripts/setup.sh, which copies it from the npm package."));
    return;
  }
  const focus = (params.get("focus") || "").split(",").filter(Boolean);
  const checks = (name, values, selected) => values.map((v) => h("label", {},
    h("input", { type: "checkbox", name, value: v, checked: selected.includes(v) }), " ", v));
  const sel = (n) => (params.get(n) || "").split(",").filter(Boolean);
  const form = h("form", { class: "card", "data-testid": "graph-filters" },
    h("strong", {}, "Filters"),
    h("label", {}, "depth ", h("select", { name: "depth" }, [1, 2, 3].map((d) => h("option", { value: d, selected: String(d) === (params.get("depth") || "1") }, d)))),
    h("div", { class: "small muted" }, "entity types"), checks("type", TYPES, sel("type")),
    h("div", { class: "small muted" }, "claim stances"), checks("stance", STANCES, sel("stance")),
    h("div", { class: "small muted" }, "review status"), checks("status", STATUSES, sel("status")),
    h("label", {}, "published from ", h("input", { name: "since", size: 10, placeholder: "YYYY-MM-DD", value: params.get("since") || "" })),
    h("label", {}, "until ", h("input", { name: "until", size: 10, placeholder: "YYYY-MM-DD", value: params.get("until") || "" })),
    h("label", {}, h("input", { type: "checkbox", name: "include_protected", checked: params.get("include_protected") === "true" }), " show protected persons"),
    h("button", { class: "primary", type: "submit" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    if (focus.length) next.set("focus", focus.join(","));
    const fd = new FormData(form);
    for (const n of ["type", "stance", "status"]) { const v = fd.getAll(n); if (v.length) next.set(n, v.join(",")); }
    for (const n of ["since", "until"]) if (fd.get(n)) next.set(n, fd.get(n));
    if (fd.get("depth") !== "1") next.set("depth", fd.get("depth"));
    if (fd.get("include_protected")) next.set("include_protected", "true");
    go("graph", next);
  });
  const addInput = h("input", { placeholder: "entity name or id", list: "graph-options", size: 22, "data-testid": "graph-add" });
  const fromInput = h("input", { placeholder: "from", list: "graph-options", size: 22, "data-testid": "path-from" });
  const toInput = h("input", { placeholder: "to", list: "graph-options", size: 22, "data-testid": "path-to" });
  const pathOut = h("div", { class: "small", "data-testid": "path-result" });
  const detail = h("div", { class: "card", "data-testid": "graph-detail" }, h("p", { class: "muted" }, "Click a node or a link to read its evidence. Double-click a node to expand it."));
  const info = h("div", { class: "small muted", "data-testid": "graph-info" });
  const cyBox = h("div", { id: "cy", "data-testid": "graph-canvas" });
  draw(h("div", { class: "graph-page" },
    h("div", { class: "graph-side" },
      h("div", { class: "card" }, h("strong", {}, "Start from"), h("div", {}, addInput, " ", h("button", { onclick: () => addInput.value && addFocus(addInput.value.trim()), "data-testid": "graph-add-button" }, "add")),
        h("div", { class: "small" }, h("a", { href: "#/graph" }, "whole graph"), " · ", h("a", { href: "#", onclick: (ev) => { ev.preventDefault(); relayout(); } }, "re-layout")), info),
      h("div", { class: "card" }, h("strong", {}, "Evidence path"), h("div", {}, fromInput), h("div", {}, toInput),
        h("button", { "data-testid": "path-button", onclick: () => findPath(fromInput.value.trim(), toInput.value.trim()) }, "find path"), pathOut),
      form,
      h("div", { class: "card small" }, h("strong", {}, "Legend"),
        h("div", {}, "◆ state body · ▢ organisation · ● person · ⬡ place"),
        h("div", {}, "solid: relation or accepted · dashed: machine claim · dotted: contested"),
        h("div", { "data-testid": "stance-legend" }, ...STANCES.flatMap((s, i) => [i ? " · " : "", h("span", { class: "stance " + s }, "■"), " " + s])))),
    cyBox, h("div", { class: "graph-detail" }, detail), h("datalist", { id: "graph-options" })));
  for (const input of [addInput, fromInput, toInput]) input.addEventListener("input", () => suggest(input, document.getElementById("graph-options")));

  const cy = window.cytoscape({ container: cyBox, style: graphStyle(), wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4 });
  window.threadlineGraph = cy;  // for tests and the console
  const filters = new URLSearchParams();
  for (const n of ["depth", "since", "until", "include_protected"]) if (params.get(n)) filters.set(n, params.get(n));
  for (const n of ["type", "stance", "status"]) sel(n).forEach((v) => filters.append(n, v));

  async function load(ids) {
    const q = new URLSearchParams(filters);
    ids.forEach((f) => q.append("focus", f));
    const data = await api("/graph?" + q.toString());
    const added = cy.add([
      ...data.nodes.filter((n) => !cy.getElementById(n.id).length).map((n) => ({ group: "nodes", data: n })),
      ...data.edges.filter((e) => !cy.getElementById(e.id).length).map((e) => ({ group: "edges", data: e })),
    ]);
    ids.forEach((f) => cy.nodes().filter((n) => n.id() === f || n.data("name") === f).addClass("focus"));
    info.textContent = `${cy.nodes().length} entities · ${cy.edges().length} links` + (data.truncated ? " (largest part shown)" : "");
    return added;
  }
  function relayout() {
    const n = cy.nodes().length;
    cy.layout({ name: "cose", animate: false, randomize: true, nodeRepulsion: () => 9000 + 40 * n, idealEdgeLength: () => 70 + Math.min(n, 400) / 6,
      edgeElasticity: () => 80, gravity: 0.35, numIter: 1500, nodeDimensionsIncludeLabels: true, padding: 20 }).run();
  }
  async function addFocus(name) {
    try {
      const e = await api("/entities/" + encodeURIComponent(name));
      focus.push(e.id);
      await load([e.id]);
      relayout();
    } catch (err) { toast(err.message, true); }
  }
  async function expand(node) {
    try { const added = await load([node.id()]); if (added.length) relayout(); toast(`${added.nodes().length} entities added`); }
    catch (err) { toast(err.message, true); }
  }
  async function findPath(a, b) {
    if (!a || !b) { toast("give both ends of the path", true); return; }
    try {
      const found = await api(`/graph/path?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}` + (params.get("include_protected") ? "&include_protected=true" : ""));
      const p = found.best_evidenced || found.shortest;
      cy.elements().removeClass("path faded");
      if (!p) { pathOut.replaceChildren(h("p", { class: "muted" }, "no path within 4 hops")); return; }
      const missing = [...p.nodes.map((n) => ({ group: "nodes", data: { ...n, degree: 1 } })), ...p.edges.map((e) => ({ group: "edges", data: e }))]
        .filter((el) => !cy.getElementById(el.data.id).length);
      if (missing.length) { cy.add(missing); relayout(); }
      cy.elements().addClass("faded");
      p.nodes.forEach((n) => cy.getElementById(n.id).removeClass("faded").addClass("path"));
      p.edges.forEach((e) => cy.getElementById(e.id).removeClass("faded").addClass("path"));
      pathOut.replaceChildren(h("p", {}, found.best_evidenced ? "Best-evidenced path" : "Shortest path", ` (weakest link ${p.strength}):`),
        h("ol", {}, p.hops.map((hop) => h("li", {}, hop.from, " ", h("strong", {}, hop.label), " ", hop.to,
          h("span", { class: "muted" }, ` · ${hop.independent} source(s)`)))));
    } catch (err) { toast(err.message, true); }
  }
  async function showEdge(edge) {
    try {
      const links = await api(`/graph/link?a=${encodeURIComponent(edge.data("source"))}&b=${encodeURIComponent(edge.data("target"))}` + (params.get("include_protected") ? "&include_protected=true" : ""));
      detail.replaceChildren(...links.map((l) => h("div", { "data-testid": "link-evidence" },
        h("h2", {}, l.source_name, " ", l.kind === "claim" ? stanceEl(l.label) : h("strong", {}, l.label.replace(/_/g, " ")), " ", l.target_name),
        h("div", { class: "small muted" }, `${l.independent} independent source(s) · best grade ${l.grade} · strength ${l.score}`, l.contested ? " · contested: denied" : ""),
        l.evidence.map((f) => h("div", {}, h("blockquote", {}, f.sentence),
          h("div", { class: "small" }, statusEl(f.status), " ", docLink(f.doc_id, f.title), h("span", { class: "muted" }, " " + [f.publisher, f.published].filter(Boolean).join(", "))))))));
    } catch (err) { toast(err.message, true); }
  }
  function showNode(node) {
    const d = node.data();
    detail.replaceChildren(h("h2", {}, d.name), h("div", {}, badge(d.type), d.country ? " · " + d.country : "", d.protected ? [" ", h("span", { class: "badge protected" }, "protected")] : ""),
      h("p", {}, h("a", { href: "#/entity/" + encodeURIComponent(d.id) }, "open entity page"), " · ",
        h("a", { href: "#", "data-testid": "expand", onclick: (ev) => { ev.preventDefault(); expand(node); } }, "expand neighbours")),
      h("div", { class: "small muted" }, `${node.connectedEdges().length} links shown`));
  }
  cy.on("tap", "node", (ev) => showNode(ev.target));
  cy.on("dbltap", "node", (ev) => expand(ev.target));
  cy.on("tap", "edge", (ev) => showEdge(ev.target));
  try {
    await load(focus);
    relayout();
  } catch (err) { toast(err.message, true); }
}

// -- review ----------------------------------------------------------------------

async function reviewView(params) {
  const draw = drawer();
  const kind = params.get("kind") || "claim";
  const status = params.get("status") || "machine";
  const tabs = h("div", { class: "tabs" }, [["claim", "Claims"], ["relation", "Relations"], ["merge", "Merges"], ["people", "People"]].map(([k, label]) =>
    h("a", { href: "#/review?kind=" + k, class: k === kind ? "on" : "" }, label)));
  const help = h("p", { class: "small muted" }, h("kbd", {}, "j"), "/", h("kbd", {}, "k"), " move · ",
    kind === "merge" ? [h("kbd", {}, "y"), " same · ", h("kbd", {}, "n"), " different · ", h("kbd", {}, "u"), " unsure"]
      : kind === "people" ? [h("kbd", {}, "p"), " protect / lift"]
        : [h("kbd", {}, "a"), " accept · ", h("kbd", {}, "r"), " reject · ", h("kbd", {}, "e"), " edit · ", h("kbd", {}, "o"), " open source"]);
  let items = [];
  if (kind === "merge") items = await api("/review/merges?limit=100");
  else if (kind === "people") items = (await Promise.all([...PERSON_TYPES].map((t) => api(`/entities?type=${encodeURIComponent(t)}&limit=200`)))).flat();
  else items = await api(`/review/queue?kind=${kind}&status=${status}&limit=100`);
  const statusPicker = kind === "claim" || kind === "relation" ? h("select", { "data-testid": "status-filter", onchange: (ev) => go("review", new URLSearchParams({ kind, status: ev.target.value })) },
    [...STATUSES, "all"].map((s) => h("option", { value: s, selected: s === status }, s === "machine" ? "waiting for review" : s))) : null;
  const list = h("div", { "data-testid": "review-list" });
  let selected = 0;
  const rows = items.map((item, i) => {
    const box = h("div", { class: "review-item", "data-testid": "review-item", "data-id": item.id || `${item.a}|${item.b}` });
    box.addEventListener("click", () => select(i));
    fill(box, item);
    return { box, item };
  });
  function fill(box, item) {
    let body, actions;
    if (kind === "claim") {
      body = h("div", { class: "grow" }, h("div", {}, item.claimant ? entityLink(item.claimant_id, item.claimant) : h("em", {}, "the document"), " ",
        stanceEl(item.stance), item.about && item.about.length ? h("span", { class: "muted" }, " about " + item.about.join(", ")) : ""),
        h("blockquote", {}, item.sentence), item.text !== item.sentence ? h("div", { class: "small muted" }, "claim: " + item.text) : "",
        machineSaid(item), source(item));
    } else if (kind === "relation") {
      body = h("div", { class: "grow" }, h("div", {}, entityLink(item.subject_id, item.subject), " ", h("strong", {}, item.predicate.replace(/_/g, " ")), " ",
        entityLink(item.object_id, item.object)), h("blockquote", {}, item.sentence), machineSaid(item), source(item));
    } else if (kind === "merge") {
      body = h("div", { class: "grow" }, h("div", {}, badge(item.type), " ", entityLink(item.a, item.name_a), "  ≟  ", entityLink(item.b, item.name_b),
        h("span", { class: "muted" }, ` score ${item.score}`)), h("div", { class: "small muted" }, item.explanation));
    } else {
      body = h("div", { class: "grow" }, entityLink(item.id, item.name), item.protected ? [" ", h("span", { class: "badge protected" }, "protected")] : "",
        h("span", { class: "muted small" }, ` · ${item.mentions} mentions`), item.aliases && item.aliases.length ? h("div", { class: "small muted" }, item.aliases.join(", ")) : "");
    }
    if (kind === "merge" && !can("review") || kind === "people" && !can("curate") || kind !== "merge" && kind !== "people" && !can("review")) actions = [kind === "claim" || kind === "relation" ? statusEl(item.status) : ""];
    else if (kind === "merge") actions = [["same", "y"], ["different", "n"], ["unsure", "u"]].map(([a, key]) => h("button", { onclick: (ev) => { ev.stopPropagation(); answerMerge(item, a); } }, `${a} (${key})`));
    else if (kind === "people") actions = [h("button", { onclick: (ev) => { ev.stopPropagation(); protect(item); } }, item.protected ? "lift (p)" : "protect (p)")];
    else actions = [statusEl(item.status),
      h("button", { "data-testid": "accept", onclick: (ev) => { ev.stopPropagation(); decide(item, "accept"); } }, "accept (a)"),
      h("button", { class: "danger", "data-testid": "reject", onclick: (ev) => { ev.stopPropagation(); decide(item, "reject"); } }, "reject (r)"),
      h("button", { onclick: (ev) => { ev.stopPropagation(); edit(item); } }, "edit (e)")];
    box.replaceChildren(body, h("div", { class: "actions" }, actions));
  }
  function select(i) {
    if (!rows.length) return;
    selected = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, j) => r.box.classList.toggle("selected", j === selected));
    rows[selected].box.scrollIntoView({ block: "nearest" });
  }
  async function decide(item, action, changes) {
    try {
      const updated = await api("/review/facts/" + encodeURIComponent(item.id), { json: { action, ...(changes || {}) } });
      Object.assign(item, updated);
      const row = rows.find((r) => r.item === item);
      fill(row.box, item);
      toast(`${action}ed`.replace("editeded", "edited").replace("accepted", "Accepted").replace("rejected", "Rejected"));
      select(rows.indexOf(row) + 1);
    } catch (err) { toast(err.message, true); }
  }
  function edit(item) {
    const row = rows.find((r) => r.item === item);
    const fields = kind === "claim"
      ? [h("select", { name: "stance" }, STANCES.map((s) => h("option", { value: s, selected: s === item.stance }, s))), h("input", { name: "text", value: item.text, size: 60 }),
         h("input", { name: "claimant", value: item.claimant || "", size: 20, placeholder: "claimant", "data-testid": "edit-claimant" }),
         h("input", { name: "about", value: (item.about || []).join(", "), size: 30, placeholder: "about (comma-separated)", "data-testid": "edit-about" })]
      : [h("input", { name: "predicate", value: item.predicate, size: 20 }), h("input", { name: "subject", value: item.subject || "", size: 20 }),
         h("input", { name: "object", value: item.object || "", size: 20 })];
    const f = h("form", { class: "grow" }, fields, " ", h("button", { class: "primary", type: "submit" }, "save"), " ", h("button", { type: "button", onclick: () => fill(row.box, item) }, "cancel"));
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const fd = Object.fromEntries(new FormData(f));
      const current = { ...item, about: (item.about || []).join(", "), claimant: item.claimant || "" };
      const changes = Object.fromEntries(Object.entries(fd).filter(([k, v]) => (v || k === "about") && v !== current[k]));
      if ("about" in changes) changes.about = changes.about.split(",").map((x) => x.trim()).filter(Boolean);
      decide(item, "edit", changes);
    });
    row.box.replaceChildren(f);
    fields[0].focus();
  }
  async function answerMerge(item, answer) {
    try {
      const r = await api("/review/merges", { json: { a: item.a, b: item.b, answer } });
      toast(`Recorded: ${answer}. ${r.remaining} pairs left.`);
      const row = rows.find((x) => x.item === item);
      row.box.replaceChildren(h("div", { class: "grow muted" }, `${item.name_a} / ${item.name_b}: ${answer}`));
      select(rows.indexOf(row) + 1);
    } catch (err) { toast(err.message, true); }
  }
  async function protect(item) {
    try {
      await api(`/entities/${item.id}/protect`, { json: { protected: !item.protected } });
      item.protected = !item.protected;
      fill(rows.find((r) => r.item === item).box, item);
      toast(item.protected ? "Marked protected" : "Protection lifted");
    } catch (err) { toast(err.message, true); }
  }
  const onKey = (ev) => {
    if (ev.target.matches("input, select, textarea") || ev.metaKey || ev.ctrlKey || ev.altKey || !rows.length) return;
    const item = rows[selected].item;
    if (!can(kind === "people" ? "curate" : "review") && !["j", "k", "o"].includes(ev.key)) return;
    const keys = {
      j: () => select(selected + 1), k: () => select(selected - 1),
      a: () => kind === "claim" || kind === "relation" ? decide(item, "accept") : null,
      r: () => kind === "claim" || kind === "relation" ? decide(item, "reject") : null,
      e: () => kind === "claim" || kind === "relation" ? edit(item) : null,
      o: () => item.doc_id ? go("doc/" + item.doc_id) : null,
      y: () => kind === "merge" ? answerMerge(item, "same") : null,
      n: () => kind === "merge" ? answerMerge(item, "different") : null,
      u: () => kind === "merge" ? answerMerge(item, "unsure") : null,
      p: () => kind === "people" ? protect(item) : null,
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  };
  list.replaceChildren(...(rows.length ? rows.map((r) => r.box) : [h("p", { class: "muted" }, "Nothing waiting here.")]));
  draw(h("h1", {}, "Review"), tabs, h("div", { class: "row" }, help, h("span", { class: "grow" }), statusPicker), list);
  document.addEventListener("keydown", onKey);
  cleanup = () => document.removeEventListener("keydown", onKey);
  select(0);
}

// -- upload ----------------------------------------------------------------------

async function uploadView() {
  const draw = drawer();
  const input = h("input", { type: "file", multiple: true, "data-testid": "upload-input" });
  const drop = can("ingest") ? h("div", { class: "drop", "data-testid": "upload-zone" }, h("p", {}, "Drop documents here, or choose files: "), input,
    h("p", { class: "small muted" }, "Text, Markdown, HTML and the other formats 'threadline add' reads. Each file is read, extracted and stored; bad files are listed with the reason."))
    : h("p", { class: "muted", "data-testid": "upload-not-allowed" }, "Your role here does not allow uploads; these are your recent upload jobs.");
  const jobsBox = h("div", { "data-testid": "upload-jobs" });
  const send = async (files) => {
    if (!files.length) return;
    const form = new FormData();
    [...files].forEach((f) => form.append("files", f, f.name));
    try {
      const job = await api("/uploads", { method: "POST", body: form });
      follow(job.id);
    } catch (err) { toast(err.message, true); }
  };
  input.addEventListener("change", () => send(input.files));
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => { ev.preventDefault(); drop.classList.remove("over"); send(ev.dataTransfer.files); });
  const timers = [];
  function jobCard(job) {
    return h("div", { class: "card", "data-testid": "upload-job", "data-state": job.state },
      h("div", {}, h("strong", {}, `${job.files.length} file(s)`), " · ", job.state, job.per_second ? ` · ${job.per_second} documents/s` : "", job.current ? h("span", { class: "muted" }, " · " + job.current) : ""),
      h("progress", { max: job.total, value: job.done }),
      h("div", { class: "small" }, `${job.added.length} added · ${job.unchanged.length} already stored · ${job.failed.length} failed`),
      job.error ? h("div", { class: "error" }, job.error) : "",
      job.failed.length ? h("ul", { class: "small error", "data-testid": "upload-errors" }, job.failed.map((f) => h("li", {}, `${f.file}: ${f.reason}`))) : "",
      (job.skipped || []).length ? h("ul", { class: "small muted", "data-testid": "upload-skipped" }, job.skipped.map((f) => h("li", {}, `${f.file}: ${f.reason}`))) : "");
  }
  async function follow(id) {
    const card = h("div", {});
    jobsBox.prepend(card);
    const tick = async () => {
      try {
        const job = await api("/uploads/" + id);
        card.replaceChildren(jobCard(job));
        if (job.state === "done" || job.state === "failed") { refreshCounts(); return; }
      } catch (err) { card.replaceChildren(h("div", { class: "error" }, err.message)); return; }
      timers.push(setTimeout(tick, 400));
    };
    tick();
  }
  const recent = await api("/uploads");
  jobsBox.replaceChildren(...recent.map(jobCard));
  draw(h("h1", {}, "Upload documents"), drop, h("h2", {}, "Ingest jobs"), jobsBox);
  cleanup = () => timers.forEach(clearTimeout);
}

// -- home and router -------------------------------------------------------------

async function homeView() {
  const draw = drawer();
  const s = await api("/stats");
  const top = await api("/entities?limit=15");
  draw(h("h1", {}, "Investigation overview"),
    h("div", { class: "row" },
      h("div", { class: "card grow" }, h("h2", {}, "In the store"), h("table", {}, Object.entries(s.counts).map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {}, v))))),
      h("div", { class: "card grow" }, h("h2", {}, "Most mentioned"), top.map((e) => h("div", {}, badge(e.type), " ", entityLink(e.id, e.name), h("span", { class: "muted small" }, ` ${e.mentions}`)))),
      h("div", { class: "card grow" }, h("h2", {}, "Claims by stance"), h("table", {}, Object.entries(s.facets.stance).map(([k, v]) => h("tr", {}, h("td", {}, stanceEl(k)), h("td", {}, v)))),
        h("h2", {}, "Review status"), h("table", {}, Object.entries(s.facets.status).map(([k, v]) => h("tr", {}, h("td", {}, statusEl(k)), h("td", {}, v)))),
        h("p", {}, h("a", { href: "#/review" }, "Open the review queue →")))));
}

// Each render bumps the count; a view still loading for an earlier render must not draw over a newer one.
let renders = 0;
class Stale extends Error {}

function drawer() {
  const mine = renders;
  return (...nodes) => {
    if (mine !== renders) throw new Stale();
    view.replaceChildren(...nodes);
  };
}

async function render() {
  const mine = ++renders;
  if (cleanup) { cleanup(); cleanup = null; }
  const { parts, params } = route();
  const page = parts[0] || "";
  document.querySelectorAll("[data-nav]").forEach((a) => a.classList.toggle("active", a.dataset.nav === page));
  try {
    if (page === "search") await searchView(params);
    else if (page === "entity" && parts[1]) await entityView(parts[1]);
    else if (page === "doc" && parts[1]) await documentView(parts[1]);
    else if (page === "graph") await graphView(params);
    else if (page === "review") await reviewView(params);
    else if (page === "upload") await uploadView();
    else await homeView();
  } catch (err) {
    if (err instanceof Stale || mine !== renders) return;
    failed(err);
  }
  if (mine === renders) view.dataset.ready = page || "home";
}

document.getElementById("quick-search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  go("search", new URLSearchParams({ q: document.getElementById("quick-q").value }));
});
document.addEventListener("keydown", (ev) => {
  if (ev.key === "/" && !ev.target.matches("input, select, textarea")) { ev.preventDefault(); document.getElementById("quick-q").focus(); }
});
// -- team mode: sign in, pick an investigation ---------------------------------------

async function account(path, options = {}) {
  const res = await fetch("/api" + path, { headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRF-Token": cookie("tl_csrf") }, ...options });
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (!res.ok) throw new Error((data && data.error) || `${res.status} ${res.statusText}`);
  return data;
}

function signIn(message) {
  if (cleanup) { cleanup(); cleanup = null; }
  const user = h("input", { name: "user", autocomplete: "username", required: true, "data-testid": "login-user" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, "data-testid": "login-password" });
  const problem = h("p", { class: "error", "data-testid": "login-error" }, message || "");
  const form = h("form", { class: "card", "data-testid": "login-form" }, h("h1", {}, "Sign in"),
    h("p", {}, h("label", {}, "User ", user)), h("p", {}, h("label", {}, "Password ", password)),
    h("button", { class: "primary", type: "submit" }, "Sign in"), problem);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try { await account("/login", { method: "POST", body: JSON.stringify({ user: user.value, password: password.value }) }); location.reload(); }
    catch (err) { problem.textContent = err.message; }
  });
  view.replaceChildren(form);
  view.dataset.ready = "login";
  user.focus();
}

async function teamStart() {
  const who = await account("/me", { method: "GET" });
  if (!who.user) { signIn(); return false; }
  const mine = await account("/investigations", { method: "GET" });
  const bar = h("span", { class: "team", "data-testid": "team-bar" });
  document.querySelector("header.top").append(bar);
  const out = h("button", { onclick: async () => { try { await account("/logout", { method: "POST" }); } finally { location.reload(); } } }, "sign out");
  if (!mine.length) {
    bar.replaceChildren(who.user, " ", out);
    view.replaceChildren(h("div", { class: "card" }, "You are not a member of any investigation yet; ask its owner to add you."));
    view.dataset.ready = "none";
    return false;
  }
  const saved = localStorage.getItem("threadline.investigation");
  const current = mine.find((m) => m.investigation === saved) || mine[0];
  apiBase = "/api/investigations/" + encodeURIComponent(current.investigation);
  permissions = new Set(current.permissions);
  if (!can("ingest")) document.querySelectorAll('[data-nav="upload"]').forEach((a) => a.remove());
  const picker = h("select", { "data-testid": "investigation-picker", "aria-label": "Investigation", onchange: (ev) => {
    localStorage.setItem("threadline.investigation", ev.target.value); location.hash = "#/"; location.reload();
  } }, mine.map((m) => h("option", { value: m.investigation, selected: m === current }, `${m.investigation} (${m.role})`)));
  bar.replaceChildren(picker, " ", h("span", { class: "muted" }, who.user), " ", out);
  return true;
}

async function start() {
  if (TEAM) {
    try { if (!(await teamStart())) return; } catch (err) { failed(err); return; }
  }
  try { await loadVocabulary(); } catch (err) { failed(err); return; }
  window.addEventListener("hashchange", () => { view.dataset.ready = ""; render(); });
  refreshCounts();
  render();
}

start();
