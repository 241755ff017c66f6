// zhproof editor layer: as-you-type proof-reading in any contenteditable or <textarea>.
//
//   import { ProofClient, attach } from "zhproof/editor";
//   const client = new ProofClient({ options: { skip: ["format"] } });
//   attach(document.querySelector("#editor"), { client });
//
// - The checker runs in a Web Worker (worker.js): typing never waits for it.
// - Text is split into paragraphs; results are cached by paragraph content and only
//   paragraphs whose text changed are sent to the worker, after a debounce.
// - contenteditable: findings are drawn with the CSS Custom Highlight API (ranges over the
//   user's text nodes; the user's DOM is never modified), so it works inside CKEditor,
//   TinyMCE, UEditor, ProseMirror-based editors… (pass the editable element, also inside an
//   iframe).
// - <textarea>: a transparent mirror element laid over it carries the highlights.
// - Hover or click an underline: a popover shows the message and the suggestions; clicking
//   a suggestion replaces the text through execCommand("insertText") (undoable with Ctrl+Z);
//   "忽略" hides this occurrence, "总是忽略" hides the word everywhere (localStorage).

/** Chinese labels and colours per category. */
export const CATEGORIES = {
  typo: { label: "错别字", color: "#d93025" },
  variant: { label: "异形词", color: "#e8710a" },
  expression: { label: "规范表述", color: "#9334e6" },
  sensitive: { label: "敏感词", color: "#b31412" },
  privacy: { label: "隐私信息", color: "#1a73e8" },
  script: { label: "繁简混用", color: "#188038" },
  punctuation: { label: "标点", color: "#c26401" },
  format: { label: "格式", color: "#5f6368" },
  link: { label: "链接", color: "#007b83" },
  grammar: { label: "语法", color: "#0b8043" },
};

const HIGHLIGHT_PREFIX = "zhproof-";
const IGNORE_KEY = "zhproof.ignoreAlways";

function css(colors) {
  let out = "";
  for (const [cat, { color }] of Object.entries(colors)) {
    out +=
      `::highlight(${HIGHLIGHT_PREFIX}${cat}){text-decoration:underline wavy ${color} 1.5px;` +
      `text-decoration-skip-ink:none;background-color:color-mix(in srgb, ${color} 12%, transparent);}\n`;
  }
  out += `
.zhproof-popover{position:absolute;z-index:2147483000;max-width:22em;padding:8px 10px;
  background:#fff;color:#202124;border:1px solid #dadce0;border-radius:8px;
  box-shadow:0 4px 16px rgba(0,0,0,.18);font:14px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif}
.zhproof-popover .zp-head{display:flex;gap:6px;align-items:center;margin-bottom:4px;font-size:12px;color:#5f6368}
.zhproof-popover .zp-cat{color:#fff;border-radius:4px;padding:0 6px}
.zhproof-popover .zp-msg{margin:2px 0 6px}
.zhproof-popover .zp-sugs{display:flex;flex-wrap:wrap;gap:6px}
.zhproof-popover button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid #dadce0;background:#f8f9fa;padding:1px 8px}
.zhproof-popover button.zp-sug{background:#e8f0fe;border-color:#aecbfa;color:#174ea6;font-weight:600}
.zhproof-popover .zp-actions{display:flex;gap:6px;margin-top:6px}
.zhproof-popover .zp-actions button{font-size:12px;color:#5f6368}
.zhproof-mirror{position:absolute;pointer-events:none;color:transparent;overflow:hidden;
  white-space:pre-wrap;overflow-wrap:break-word;margin:0;border:0;box-sizing:border-box}
`;
  return out;
}

function debounce(fn, ms) {
  let t = 0;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

/**
 * Talks to the checker worker and caches results by paragraph text.
 */
export class ProofClient {
  /**
   * @param {object} [opts]
   * @param {object} [opts.options] CheckerOptions passed to `new Checker(options)`.
   * @param {string|URL} [opts.workerUrl] worker.js (default: next to this file).
   * @param {string|URL} [opts.moduleUrl] the wasm-bindgen ES module (default: ../web/zhproof_wasm.js).
   * @param {string|URL} [opts.modelUrl] a language model for rule typo.context (the package ships
   *   ../model/zh_lm.bin); fetched once by the worker. Without it there are no context findings.
   * @param {number} [opts.cacheSize] paragraphs kept in the cache (default 5000).
   */
  constructor(opts = {}) {
    const workerUrl = opts.workerUrl || new URL("./worker.js", import.meta.url);
    this.worker = new Worker(workerUrl, { type: "module" });
    this.cache = new Map();
    this.cacheSize = opts.cacheSize || 5000;
    this.pending = new Map();
    this.nextId = 1;
    /** Counters, for status displays and tests. */
    this.stats = { requests: 0, paragraphsChecked: 0, cacheHits: 0, lastCheckMs: 0 };
    this.worker.onmessage = (ev) => this._onMessage(ev.data);
    this.worker.onerror = (ev) => {
      const err = new Error(`zhproof worker failed: ${ev.message || "unknown error"}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.ready = this._send({
      type: "init",
      options: opts.options || null,
      moduleUrl: opts.moduleUrl ? String(opts.moduleUrl) : undefined,
      wasmUrl: opts.wasmUrl ? String(opts.wasmUrl) : undefined,
      modelUrl: opts.modelUrl ? String(opts.modelUrl) : undefined,
    }).then((m) => {
      this.info = {
        version: m.version,
        loadMs: m.loadMs,
        modelMs: m.modelMs,
        buildMs: m.buildMs,
        warmMs: m.warmMs,
      };
      return this.info;
    });
  }

  _send(msg) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  _onMessage(m) {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.type === "error") p.reject(new Error(m.message));
    else p.resolve(m);
  }

  /** Cached findings of a paragraph, or undefined. */
  cached(text) {
    return this.cache.get(text);
  }

  /**
   * Findings for each paragraph (offsets relative to the paragraph). Only paragraphs not
   * in the cache go to the worker.
   * @param {string[]} texts
   * @returns {Promise<object[][]>}
   */
  async check(texts) {
    await this.ready;
    const missing = [...new Set(texts.filter((t) => t && !this.cache.has(t)))];
    this.stats.cacheHits += texts.length - missing.length;
    if (missing.length) {
      this.stats.requests++;
      const m = await this._send({ type: "check", texts: missing });
      this.stats.paragraphsChecked += missing.length;
      this.stats.lastCheckMs = m.ms;
      missing.forEach((t, i) => this._remember(t, m.results[i]));
    }
    return texts.map((t) => (t ? this.cache.get(t) || [] : []));
  }

  _remember(text, findings) {
    this.cache.delete(text);
    this.cache.set(text, findings);
    while (this.cache.size > this.cacheSize) {
      this.cache.delete(this.cache.keys().next().value);
    }
  }

  /** Stops the worker. */
  terminate() {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error("zhproof client terminated"));
    this.pending.clear();
  }
}

/** Words the user chose to always ignore (localStorage; in memory when unavailable). */
class IgnoreStore {
  constructor(win) {
    this.win = win;
    this.memory = new Set();
    try {
      const saved = JSON.parse(win.localStorage.getItem(IGNORE_KEY) || "[]");
      if (Array.isArray(saved)) saved.forEach((w) => this.memory.add(String(w)));
    } catch {
      /* storage blocked or corrupt: start empty */
    }
  }
  has(text) {
    return this.memory.has(text);
  }
  add(text) {
    this.memory.add(text);
    try {
      this.win.localStorage.setItem(IGNORE_KEY, JSON.stringify([...this.memory]));
    } catch {
      /* storage blocked: keep for this page only */
    }
  }
  clear() {
    this.memory.clear();
    try {
      this.win.localStorage.removeItem(IGNORE_KEY);
    } catch {
      /* ignore */
    }
  }
}

const BLOCK =
  /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|CAPTION|DD|DETAILS|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|PRE|SECTION|SUMMARY|TABLE|TBODY|TD|TFOOT|TH|THEAD|TR|UL)$/;
const SKIP = /^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT|svg|math|IFRAME|OBJECT)$/i;

/**
 * Paragraphs of a contenteditable: runs of text nodes between block boundaries and <br>.
 * Each is {text, parts: [{node, start}]}.
 */
export function paragraphs(root) {
  const out = [];
  let cur = null;
  const flush = () => {
    if (cur && cur.text.trim()) out.push(cur);
    cur = null;
  };
  const walk = (node) => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) {
        if (!n.data) continue;
        if (!cur) cur = { text: "", parts: [] };
        cur.parts.push({ node: n, start: cur.text.length });
        cur.text += n.data;
      } else if (n.nodeType === 1) {
        if (n.tagName === "BR") {
          flush();
          continue;
        }
        if (SKIP.test(n.tagName) || n.getAttribute("contenteditable") === "false") {
          flush();
          continue;
        }
        const block = BLOCK.test(n.tagName);
        if (block) flush();
        walk(n);
        if (block) flush();
      }
    }
  };
  walk(root);
  flush();
  return out;
}

/** (node, offset) of UTF-16 offset `off` within a paragraph. */
function locate(para, off, isEnd) {
  const parts = para.parts;
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = parts[mid].start;
    if (s < off || (!isEnd && s === off)) lo = mid;
    else hi = mid - 1;
  }
  const p = parts[lo];
  return [p.node, Math.min(Math.max(off - p.start, 0), p.node.data.length)];
}

/** Shows one popover at a time per document. */
class Popover {
  constructor(doc) {
    this.doc = doc;
    this.el = doc.createElement("div");
    this.el.className = "zhproof-popover";
    this.el.setAttribute("role", "dialog");
    this.el.hidden = true;
    this.el.addEventListener("mousedown", (e) => e.preventDefault()); // keep editor focus
    this.el.addEventListener("mouseleave", () => this.hideSoon());
    this.el.addEventListener("mouseenter", () => clearTimeout(this.hideTimer));
    // In an editor whose iframe body is the editable content (TinyMCE, CKEditor 4), the
    // popover must stay out of the content: it goes under <html> instead.
    (doc.body.isContentEditable ? doc.documentElement : doc.body).appendChild(this.el);
    this.item = null;
  }

  show(item, rect, handlers) {
    clearTimeout(this.hideTimer);
    const { finding } = item;
    const cat = CATEGORIES[finding.category] || { label: finding.category, color: "#5f6368" };
    const el = this.el;
    el.replaceChildren();
    const head = this.doc.createElement("div");
    head.className = "zp-head";
    const badge = this.doc.createElement("span");
    badge.className = "zp-cat";
    badge.style.background = cat.color;
    badge.textContent = cat.label;
    const rule = this.doc.createElement("span");
    rule.textContent = finding.rule;
    head.append(badge, rule);
    const msg = this.doc.createElement("div");
    msg.className = "zp-msg";
    msg.textContent = finding.message;
    const sugs = this.doc.createElement("div");
    sugs.className = "zp-sugs";
    for (const s of finding.suggestions.slice(0, 5)) {
      const b = this.doc.createElement("button");
      b.type = "button";
      b.className = "zp-sug";
      b.textContent = s;
      b.addEventListener("click", () => handlers.apply(item, s));
      sugs.append(b);
    }
    const actions = this.doc.createElement("div");
    actions.className = "zp-actions";
    const once = this.doc.createElement("button");
    once.type = "button";
    once.className = "zp-ignore";
    once.textContent = "忽略";
    once.addEventListener("click", () => handlers.ignoreOnce(item));
    const always = this.doc.createElement("button");
    always.type = "button";
    always.className = "zp-ignore-always";
    always.textContent = "总是忽略";
    always.addEventListener("click", () => handlers.ignoreAlways(item));
    actions.append(once, always);
    el.append(head, msg, sugs, actions);
    el.hidden = false;
    const win = this.doc.defaultView;
    const w = el.offsetWidth;
    const left = Math.max(4, Math.min(rect.left, win.innerWidth - w - 4));
    el.style.left = `${left + win.scrollX}px`;
    el.style.top = `${rect.bottom + 6 + win.scrollY}px`;
    this.item = item;
  }

  hideSoon() {
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.hide(), 250);
  }

  hide() {
    clearTimeout(this.hideTimer);
    this.el.hidden = true;
    this.item = null;
  }

  contains(node) {
    return this.el.contains(node);
  }
}

const perDocument = new WeakMap();

/** Shared per-document state: injected stylesheet, Highlight objects, popover. */
function documentState(doc, colors) {
  let st = perDocument.get(doc);
  if (st) return st;
  const win = doc.defaultView;
  const style = doc.createElement("style");
  style.dataset.zhproof = "";
  style.textContent = css(colors);
  doc.head.appendChild(style);
  const supported = !!(win.CSS && win.CSS.highlights && win.Highlight);
  if (!supported) console.warn("zhproof: CSS Custom Highlight API unavailable; no underlines");
  const highlights = {};
  if (supported) {
    for (const cat of Object.keys(colors)) {
      const h = new win.Highlight();
      win.CSS.highlights.set(HIGHLIGHT_PREFIX + cat, h);
      highlights[cat] = h;
    }
  }
  st = { win, highlights, popover: new Popover(doc), ignore: new IgnoreStore(win) };
  perDocument.set(doc, st);
  return st;
}

/**
 * The document's shared popover and "总是忽略" list, for adapters that draw underlines
 * through an editor's own model instead of CSS highlights (ckeditor.js). Not a stable API.
 */
export function _sharedUi(doc, colors = {}) {
  const st = documentState(doc, { ...CATEGORIES, ...colors });
  return { popover: st.popover, ignore: st.ignore };
}

function pointIn(rects, x, y, pad = 3) {
  for (const r of rects) {
    if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + pad) return r;
  }
  return null;
}

/** Common machinery of the contenteditable and textarea adapters. */
class BaseProof {
  constructor(el, opts) {
    this.el = el;
    this.doc = el.ownerDocument;
    this.client = opts.client;
    this.colors = { ...CATEGORIES, ...(opts.colors || {}) };
    this.state = documentState(this.doc, this.colors);
    this.onUpdate = opts.onUpdate || null;
    // An editor's own way to replace a range (its model and undo stack); see tinymce.js.
    this.applyEdit = opts.applyEdit || null;
    this.items = []; // {range, finding, para, key}
    this.ignoredOnce = new Set();
    this.composing = false;
    this.generation = 0;
    this.schedule = debounce(() => this.refresh(), opts.debounce ?? 200);
    this.listeners = [];
    this.hoverTimer = 0;
    const on = (target, type, fn, o) => {
      target.addEventListener(type, fn, o);
      this.listeners.push(() => target.removeEventListener(type, fn, o));
    };
    this.on = on;
    on(el, "input", () => !this.composing && this.schedule());
    on(el, "compositionstart", () => (this.composing = true));
    on(el, "compositionend", () => {
      this.composing = false;
      this.schedule();
    });
    // A press decides what the popover shows: a hover still pending from before it must not
    // open a popover later (after a fix, on a word an undo brings back).
    on(this.doc, "mousedown", (e) => {
      clearTimeout(this.hoverTimer);
      if (!this.state.popover.contains(e.target)) this.state.popover.hide();
    });
    on(this.doc, "keydown", (e) => e.key === "Escape" && this.state.popover.hide());
    on(el, "click", (e) => this.popoverAt(e.clientX, e.clientY));
    on(el, "mousemove", (e) => {
      clearTimeout(this.hoverTimer);
      const x = e.clientX;
      const y = e.clientY;
      this.hoverTimer = setTimeout(() => this.popoverAt(x, y, true), 350);
    });
    on(el, "mouseleave", () => {
      clearTimeout(this.hoverTimer);
      this.state.popover.hideSoon();
    });
  }

  /** Text of the paragraphs, for the worker. Subclasses define paragraphs(). */
  async refresh() {
    const gen = ++this.generation;
    const paras = this.paragraphs();
    const t0 = performance.now();
    await this.client.ready;
    await this.client.check(paras.map((p) => p.text));
    if (gen !== this.generation) return; // a newer refresh is running
    this.render(this.paragraphs(), performance.now() - t0);
  }

  ignored(para, f) {
    return (
      this.state.ignore.has(f.text) || this.ignoredOnce.has(`${f.rule}\u0000${f.start}\u0000${para.text}`)
    );
  }

  render(paras, ms = 0) {
    const { highlights } = this.state;
    for (const it of this.items) highlights[it.finding.category]?.delete(it.range);
    this.items = [];
    let missing = 0;
    for (const para of paras) {
      const found = this.client.cached(para.text);
      if (!found) {
        missing++;
        continue;
      }
      for (const f of found) {
        if (this.ignored(para, f)) continue;
        const range = this.rangeFor(para, f);
        if (!range) continue;
        this.items.push({ range, finding: f, para });
        highlights[f.category]?.add(range);
      }
    }
    if (missing) this.schedule();
    if (this.onUpdate) {
      this.onUpdate({
        findings: this.items.map((it) => it.finding),
        paragraphs: paras.length,
        ms,
        stats: { ...this.client.stats },
      });
    }
  }

  /** The finding under a viewport point, with the rectangle hit. */
  itemAt(x, y) {
    for (const it of this.items) {
      const r = pointIn(this.rectsFor(it), x, y);
      if (r) return { item: it, rect: r };
    }
    return null;
  }

  popoverAt(x, y, hover = false) {
    const hit = this.itemAt(x, y);
    const pop = this.state.popover;
    if (!hit) {
      if (!hover) pop.hide();
      return;
    }
    if (hover && pop.item === hit.item) return;
    pop.show(hit.item, hit.rect, {
      apply: (item, s) => {
        pop.hide();
        this.apply(item, s);
      },
      ignoreOnce: (item) => {
        pop.hide();
        this.ignoredOnce.add(`${item.finding.rule}\u0000${item.finding.start}\u0000${item.para.text}`);
        this.render(this.paragraphs());
      },
      ignoreAlways: (item) => {
        pop.hide();
        this.state.ignore.add(item.finding.text);
        this.render(this.paragraphs());
      },
    });
  }

  /** Current findings with their ranges (for status displays and tests). */
  findings() {
    return this.items.map((it) => ({ ...it.finding, range: it.range }));
  }

  detach() {
    this.schedule.cancel();
    clearTimeout(this.hoverTimer);
    for (const off of this.listeners) off();
    for (const it of this.items) this.state.highlights[it.finding.category]?.delete(it.range);
    this.items = [];
    this.state.popover.hide();
  }
}

/** Proof-reading for a contenteditable element (or an editor's editable root). */
export class ContentEditableProof extends BaseProof {
  constructor(el, opts) {
    super(el, opts);
    // Programmatic changes (editor APIs, collaborative edits) do not fire "input".
    this.observer = new this.state.win.MutationObserver(() => !this.composing && this.schedule());
    this.observer.observe(el, { childList: true, characterData: true, subtree: true });
    this.refresh();
  }

  paragraphs() {
    return paragraphs(this.el);
  }

  rangeFor(para, f) {
    const [sn, so] = locate(para, f.start, false);
    const [en, eo] = locate(para, f.end, true);
    const range = this.doc.createRange();
    try {
      range.setStart(sn, so);
      range.setEnd(en, eo);
    } catch {
      return null;
    }
    return range.toString() === f.text ? range : null;
  }

  rectsFor(item) {
    return item.range.getClientRects();
  }

  apply(item, suggestion) {
    const { range, finding } = item;
    if (range.toString() !== finding.text) {
      this.schedule();
      return false;
    }
    if (this.applyEdit) {
      const done = this.applyEdit(range.cloneRange(), suggestion, finding);
      this.schedule();
      return done !== false;
    }
    const sel = this.doc.getSelection();
    this.el.focus({ preventScroll: true });
    sel.removeAllRanges();
    sel.addRange(range.cloneRange());
    // execCommand keeps the browser's (and the editor's) undo stack: Ctrl+Z reverts it.
    let ok = false;
    try {
      ok = this.doc.execCommand("insertText", false, suggestion);
    } catch {
      ok = false;
    }
    if (!ok) {
      // Editors that cancel execCommand listen to beforeinput: give them the chance.
      const ev = new InputEvent("beforeinput", {
        inputType: "insertReplacementText",
        data: suggestion,
        bubbles: true,
        cancelable: true,
      });
      if (this.el.dispatchEvent(ev)) {
        const r = sel.rangeCount ? sel.getRangeAt(0) : range;
        r.deleteContents();
        r.insertNode(this.doc.createTextNode(suggestion));
        this.el.dispatchEvent(new InputEvent("input", { inputType: "insertReplacementText", data: suggestion, bubbles: true }));
      }
    }
    this.schedule();
    return true;
  }

  detach() {
    this.observer.disconnect();
    super.detach();
  }
}

const MIRRORED = [
  "fontFamily", "fontSize", "fontWeight", "fontStyle", "fontVariant", "fontStretch",
  "letterSpacing", "wordSpacing", "lineHeight", "textIndent", "textAlign", "textTransform",
  "tabSize", "direction", "wordBreak", "paddingTop", "paddingRight", "paddingBottom",
  "paddingLeft",
];

/** Proof-reading for a <textarea>: highlights live on a mirror laid over it. */
export class TextareaProof extends BaseProof {
  constructor(el, opts) {
    super(el, opts);
    this.mirror = this.doc.createElement("div");
    this.mirror.className = "zhproof-mirror";
    this.mirror.setAttribute("aria-hidden", "true");
    this.textNode = this.doc.createTextNode("");
    this.mirror.append(this.textNode);
    this.doc.body.appendChild(this.mirror);
    // The mirror is laid over the textarea in page coordinates: it must follow the
    // textarea wherever it moves. Anything that can move it schedules one re-layout per
    // frame: its own size (ResizeObserver), the page's size, DOM and style changes
    // anywhere (MutationObserver; the mirror's own changes are left out), scrolling of any
    // container (a capturing scroll listener), transitions, animations and web fonts.
    const win = this.state.win;
    this.layoutFrame = 0;
    this.layout = () => {
      if (this.layoutFrame) return;
      this.layoutFrame = win.requestAnimationFrame(() => {
        this.layoutFrame = 0;
        this.syncLayout();
      });
    };
    this.on(el, "scroll", () => (this.mirror.scrollTop = el.scrollTop));
    this.on(el, "input", () => this.syncText());
    this.on(win, "resize", this.layout);
    this.on(this.doc, "scroll", this.layout, { capture: true, passive: true });
    for (const type of ["transitionend", "animationend"]) this.on(this.doc, type, this.layout, true);
    this.resizeObserver = new win.ResizeObserver(this.layout);
    this.resizeObserver.observe(el);
    this.resizeObserver.observe(this.doc.documentElement);
    const mine = (node) => node === this.mirror || this.mirror.contains(node) || this.state.popover.contains(node);
    this.mutationObserver = new win.MutationObserver((records) => {
      if (records.some((r) => !mine(r.target))) this.layout();
    });
    this.mutationObserver.observe(this.doc.documentElement, {
      subtree: true, childList: true, attributes: true, characterData: true,
    });
    const fonts = this.doc.fonts;
    if (fonts) {
      fonts.ready.then(this.layout, () => {});
      this.on(fonts, "loadingdone", this.layout);
    }
    this.syncText();
    this.syncLayout();
    this.refresh();
  }

  syncText() {
    // A trailing newline keeps the mirror's last line the height of the textarea's.
    this.textNode.data = `${this.el.value}\n`;
    this.mirror.scrollTop = this.el.scrollTop;
  }

  syncLayout() {
    const win = this.state.win;
    const m = this.mirror.style;
    const set = (prop, value) => {
      if (m[prop] !== value) m[prop] = value; // unchanged styles are not rewritten
    };
    // Not rendered (display: none, detached): nothing to draw.
    if (!this.el.isConnected || this.el.getClientRects().length === 0) {
      set("display", "none");
      return;
    }
    set("display", "");
    const cs = win.getComputedStyle(this.el);
    for (const p of MIRRORED) set(p, cs[p]);
    const r = this.el.getBoundingClientRect();
    set("left", `${r.left + win.scrollX + parseFloat(cs.borderLeftWidth)}px`);
    set("top", `${r.top + win.scrollY + parseFloat(cs.borderTopWidth)}px`);
    set("width", `${this.el.clientWidth}px`);
    set("height", `${this.el.clientHeight}px`);
    // Clipped like the textarea: scrolling containers around it hide part of it, and
    // the mirror (a child of <body>) must not draw outside what they show.
    const left = r.left + parseFloat(cs.borderLeftWidth);
    const top = r.top + parseFloat(cs.borderTopWidth);
    let vis = { l: left, t: top, r: left + this.el.clientWidth, b: top + this.el.clientHeight };
    for (let a = this.el.parentElement; a && a !== this.doc.body; a = a.parentElement) {
      const acs = win.getComputedStyle(a);
      if (acs.overflowX === "visible" && acs.overflowY === "visible") continue;
      const ar = a.getBoundingClientRect();
      vis = { l: Math.max(vis.l, ar.left), t: Math.max(vis.t, ar.top), r: Math.min(vis.r, ar.right), b: Math.min(vis.b, ar.bottom) };
    }
    const w = this.el.clientWidth;
    const h = this.el.clientHeight;
    const clip = vis.r <= vis.l || vis.b <= vis.t
      ? "inset(100% 100% 100% 100%)"
      : `inset(${Math.max(0, vis.t - top)}px ${Math.max(0, left + w - vis.r)}px ${Math.max(0, top + h - vis.b)}px ${Math.max(0, vis.l - left)}px)`;
    set("clipPath", clip === "inset(0px 0px 0px 0px)" ? "" : clip);
    this.mirror.scrollTop = this.el.scrollTop;
  }

  paragraphs() {
    if (this.textNode.data !== `${this.el.value}\n`) this.syncText();
    const out = [];
    let start = 0;
    for (const line of this.el.value.split("\n")) {
      if (line.trim()) out.push({ text: line, start });
      start += line.length + 1;
    }
    return out;
  }

  rangeFor(para, f) {
    const range = this.doc.createRange();
    try {
      range.setStart(this.textNode, para.start + f.start);
      range.setEnd(this.textNode, para.start + f.end);
    } catch {
      return null;
    }
    return range.toString() === f.text ? range : null;
  }

  rectsFor(item) {
    // Only the visible part of the mirror counts.
    const box = this.el.getBoundingClientRect();
    return [...item.range.getClientRects()].filter((r) => r.bottom > box.top && r.top < box.bottom);
  }

  apply(item, suggestion) {
    const start = item.para.start + item.finding.start;
    const end = item.para.start + item.finding.end;
    if (this.el.value.slice(start, end) !== item.finding.text) {
      this.schedule();
      return false;
    }
    this.el.focus({ preventScroll: true });
    this.el.setSelectionRange(start, end);
    let ok = false;
    try {
      ok = this.doc.execCommand("insertText", false, suggestion); // undoable
    } catch {
      ok = false;
    }
    if (!ok) {
      this.el.setRangeText(suggestion, start, end, "end");
      this.el.dispatchEvent(new InputEvent("input", { inputType: "insertReplacementText", data: suggestion, bubbles: true }));
    }
    this.syncText();
    this.schedule();
    return true;
  }

  detach() {
    this.resizeObserver.disconnect();
    this.mutationObserver.disconnect();
    if (this.layoutFrame) this.state.win.cancelAnimationFrame(this.layoutFrame);
    super.detach();
    this.mirror.remove();
  }
}

/**
 * Starts proof-reading an element: a <textarea>, or a contenteditable element (for rich
 * editors, their editable root, e.g. CKEditor's `.ck-editor__editable`, TinyMCE's iframe
 * `body`, ProseMirror's `.ProseMirror`).
 * @param {HTMLElement} el
 * @param {{client: ProofClient, debounce?: number, colors?: object, onUpdate?: Function}} opts
 * @returns {ContentEditableProof|TextareaProof} call `.detach()` to stop.
 */
export function attach(el, opts) {
  if (!opts || !opts.client) throw new Error("zhproof attach(): opts.client (a ProofClient) is required");
  if (el.tagName === "TEXTAREA") return new TextareaProof(el, opts);
  return new ContentEditableProof(el, opts);
}

/** Forgets every "总是忽略" word (this document's localStorage). */
export function clearIgnored(doc = document) {
  new IgnoreStore(doc.defaultView).clear();
  const st = perDocument.get(doc);
  if (st) st.ignore.memory.clear();
}
