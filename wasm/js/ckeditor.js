// zhproof for CKEditor 5: as-you-type proof-reading inside the editor.
//
//   import { ProofClient } from "zhproof/editor";
//   import { attachCKEditor } from "zhproof/ckeditor";
//   const client = new ProofClient();
//   const editor = await ClassicEditor.create(el, { licenseKey: "GPL", plugins: [Essentials, Paragraph] });
//   attachCKEditor(editor, { client });
//
// or from a plugin (a named function: CKEditor calls plugins with `new`, so no arrow):
//   extraPlugins: [function Zhproof(editor) { attachCKEditor(editor, { client }); }]
//
// Underlines: model markers (`zhproof:<category>:<n>`, not in the data, not undoable)
// drawn by a `markerToHighlight` editing converter, so they survive CKEditor's re-rendering
// of the view and follow edits like any marker. Suggestions: one `model.change()`, so one
// Undo step reverts the fix. Re-checks: after a debounce, every text run of the model is
// looked up in the client's cache by its text; only runs whose text changed go to the
// worker, and only markers whose finding or range changed are touched.
//
// Offsets: findings count UTF-16 code units, and so do model offsets (a text node's size is
// its JS string length: 𠮷 counts 2), so `run start + finding.start` is the model offset.
import { CATEGORIES, _sharedUi } from "./editor.js";

const GROUP = "zhproof";
const converted = new WeakSet();

function debounce(fn, ms) {
  let t = 0;
  const d = () => {
    clearTimeout(t);
    t = setTimeout(fn, ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

function css(colors) {
  let out = "";
  for (const [cat, { color }] of Object.entries(colors)) {
    out +=
      `.zhproof-ck-${cat}{text-decoration:underline wavy ${color} 1.5px;text-decoration-skip-ink:none;` +
      `background-color:color-mix(in srgb, ${color} 12%, transparent);}\n`;
  }
  return out;
}

/** The text of a model range; non-text items (inline widgets, soft breaks) as U+FFFC. */
function textOf(range) {
  let s = "";
  for (const item of range.getItems()) s += item.is("$textProxy") || item.is("$text") ? item.data : "\uFFFC";
  return s;
}

/**
 * Runs of adjacent text nodes in every root: {parent, start (model offset), text}. An
 * inline element (soft break, inline image…) ends a run, like <br> in the DOM layer.
 */
function textRuns(model) {
  const out = [];
  const visit = (el) => {
    let cur = null;
    for (const child of el.getChildren()) {
      if (child.is("$text")) {
        if (!cur) cur = { parent: el, start: child.startOffset, text: "" };
        cur.text += child.data;
        continue;
      }
      if (cur && cur.text.trim()) out.push(cur);
      cur = null;
      if (child.is("element")) visit(child);
    }
    if (cur && cur.text.trim()) out.push(cur);
  };
  for (const name of model.document.getRootNames()) visit(model.document.getRoot(name));
  return out;
}

/** Proof-reading of one CKEditor 5 editor. Created by attachCKEditor(). */
export class CKEditorProof {
  constructor(editor, opts) {
    if (!opts || !opts.client) throw new Error("zhproof attachCKEditor(): opts.client (a ProofClient) is required");
    this.editor = editor;
    this.client = opts.client;
    this.colors = { ...CATEGORIES, ...(opts.colors || {}) };
    this.onUpdate = opts.onUpdate || null;
    this.items = new Map(); // marker name -> {finding, run, key}
    this.ignoredOnce = new Set();
    this.nextId = 1;
    this.generation = 0;
    this.detached = false;
    this.schedule = debounce(
      () => this.refresh().catch((e) => console.error("zhproof: check failed", e)),
      opts.debounce ?? 200,
    );
    this.onChange = () => this.schedule();
    this.listeners = [];
  }

  /** DOM side, once the editing view has its root element. */
  start() {
    const root = this.editor.editing.view.getDomRoot();
    if (!root) throw new Error("zhproof attachCKEditor(): the editor has no editable element yet");
    // Listened to from here on: the initial data load (before "ready") needs no event.
    this.editor.model.document.on("change:data", this.onChange);
    this.dom = root;
    this.doc = root.ownerDocument;
    const ui = _sharedUi(this.doc, this.colors);
    this.popover = ui.popover;
    this.ignore = ui.ignore;
    if (!this.doc.querySelector("style[data-zhproof-ckeditor]")) {
      const style = this.doc.createElement("style");
      style.dataset.zhproofCkeditor = "";
      style.textContent = css(this.colors);
      this.doc.head.appendChild(style);
    }
    const on = (target, type, fn) => {
      target.addEventListener(type, fn);
      this.listeners.push(() => target.removeEventListener(type, fn));
    };
    on(root, "click", (e) => this.popoverFor(e.target));
    let hover = 0;
    on(root, "mousemove", (e) => {
      clearTimeout(hover);
      // What is under the pointer when the delay ends: the element hovered before may
      // have been re-rendered away by then.
      const { clientX: x, clientY: y } = e;
      hover = setTimeout(() => this.popoverFor(this.doc.elementFromPoint(x, y), true), 350);
    });
    this.listeners.push(() => clearTimeout(hover));
    on(root, "mouseleave", () => {
      clearTimeout(hover);
      this.popover.hideSoon();
    });
    // A press decides what the popover shows: a hover still pending from before it (for
    // instance over a word the fix below it then re-creates on undo) must not open later.
    on(this.doc, "mousedown", (e) => {
      clearTimeout(hover);
      if (!this.popover.contains(e.target)) this.popover.hide();
    });
    on(this.doc, "keydown", (e) => e.key === "Escape" && this.popover.hide());
    return this.refresh();
  }

  ignored(run, f) {
    return this.ignore.has(f.text) || this.ignoredOnce.has(`${f.rule}\u0000${f.start}\u0000${run.text}`);
  }

  /** Checks the text runs not in the cache, then redraws. */
  async refresh() {
    if (this.detached) return;
    // An IME composition is not text yet: wait for it to end.
    if (this.editor.editing.view.document.isComposing) {
      this.schedule();
      return;
    }
    const gen = ++this.generation;
    const t0 = performance.now();
    await this.client.check(textRuns(this.editor.model).map((r) => r.text));
    if (gen !== this.generation || this.detached) return; // a newer refresh is running
    this.render(performance.now() - t0);
  }

  /** Makes the markers match the cached findings of the current text runs. */
  render(ms = 0) {
    const model = this.editor.model;
    const runs = textRuns(model);
    const want = new Map(); // key -> {range, finding, run}
    let missing = 0;
    for (const run of runs) {
      const found = this.client.cached(run.text);
      if (!found) {
        missing++;
        continue;
      }
      for (const f of found) {
        if (this.ignored(run, f)) continue;
        const range = model.createRange(
          model.createPositionAt(run.parent, run.start + f.start),
          model.createPositionAt(run.parent, run.start + f.end),
        );
        const at = `${range.root.rootName}:${range.start.path.join(",")}-${range.end.path.join(",")}`;
        want.set(`${at}\u0000${f.rule}\u0000${f.text}\u0000${f.suggestions.join("\u0001")}`, { range, finding: f, run });
      }
    }
    const drop = [];
    for (const [name, it] of this.items) {
      const w = want.get(it.key);
      const marker = model.markers.get(name);
      if (w && marker && marker.getRange().isEqual(w.range)) {
        it.run = w.run;
        it.finding = w.finding;
        want.delete(it.key);
      } else {
        drop.push(name);
      }
    }
    if (drop.length || want.size) {
      // Markers only: not data, not an undo step, and they must not end the typing batch.
      model.enqueueChange({ isUndoable: false }, (writer) => {
        for (const name of drop) {
          if (model.markers.has(name)) writer.removeMarker(name);
          this.items.delete(name);
          if (this.popover.item && this.popover.item.marker === name) this.popover.hide();
        }
        for (const [key, w] of want) {
          const name = `${GROUP}:${w.finding.category}:${this.nextId++}`;
          writer.addMarker(name, { range: w.range, usingOperation: false, affectsData: false });
          this.items.set(name, { finding: w.finding, run: w.run, key });
        }
      });
    }
    if (missing) this.schedule();
    if (this.onUpdate) {
      this.onUpdate({
        findings: [...this.items.values()].map((it) => it.finding),
        paragraphs: runs.length,
        ms,
        stats: { ...this.client.stats },
      });
    }
  }

  /** Current findings with their marker names and model ranges (for UIs and tests). */
  findings() {
    const out = [];
    for (const [name, it] of this.items) {
      const marker = this.editor.model.markers.get(name);
      if (marker) out.push({ ...it.finding, marker: name, range: marker.getRange() });
    }
    return out;
  }

  /**
   * Replaces the text under marker `name` with `suggestion` in one undoable model change.
   * Returns false when the marker is gone, its text changed since the check, or the
   * editor is read-only.
   */
  apply(name, suggestion) {
    const model = this.editor.model;
    const it = this.items.get(name);
    const marker = model.markers.get(name);
    if (!it || !marker || this.editor.isReadOnly) return false;
    const range = marker.getRange();
    if (textOf(range) !== it.finding.text) {
      this.schedule();
      return false;
    }
    model.change((writer) => {
      // The replacement keeps the formatting (bold, links…) of the text it replaces.
      const first = range.getItems().next().value;
      const attrs = first ? Object.fromEntries(first.getAttributes()) : {};
      const start = range.start;
      writer.remove(range);
      writer.insertText(suggestion, attrs, start);
    });
    return true;
  }

  popoverFor(target, hover = false) {
    const el = target && target.closest ? target.closest("[data-zhproof-marker]") : null;
    const live = el && el.isConnected && this.dom.contains(el) && this.editor.model.markers.has(el.dataset.zhproofMarker);
    const item = live && this.items.get(el.dataset.zhproofMarker);
    if (!item) {
      if (!hover) this.popover.hide();
      return;
    }
    const name = el.dataset.zhproofMarker;
    if (hover && this.popover.item && this.popover.item.marker === name) return;
    this.popover.show({ finding: item.finding, marker: name }, el.getClientRects()[0] || el.getBoundingClientRect(), {
      apply: (_, s) => {
        this.popover.hide();
        this.apply(name, s);
      },
      ignoreOnce: () => {
        this.popover.hide();
        this.ignoredOnce.add(`${item.finding.rule}\u0000${item.finding.start}\u0000${item.run.text}`);
        this.render();
      },
      ignoreAlways: () => {
        this.popover.hide();
        this.ignore.add(item.finding.text);
        this.render();
      },
    });
  }

  /** Stops checking and removes the underlines (the converter stays, with nothing to draw). */
  detach() {
    if (this.detached) return;
    this.detached = true;
    this.schedule.cancel();
    this.editor.model.document.off("change:data", this.onChange);
    for (const off of this.listeners) off();
    this.listeners = [];
    if (this.popover) this.popover.hide();
    const model = this.editor.model;
    if (this.editor.state !== "destroyed" && this.items.size) {
      model.enqueueChange({ isUndoable: false }, (writer) => {
        for (const name of this.items.keys()) if (model.markers.has(name)) writer.removeMarker(name);
      });
    }
    this.items.clear();
  }
}

/**
 * Starts proof-reading a CKEditor 5 editor: on a created editor, or from a plugin
 * (`extraPlugins: [function Zhproof(editor) { attachCKEditor(editor, { client }); }]`, not an
 * arrow function: CKEditor constructs plugins with `new`), which starts once the editor is ready.
 * @param {object} editor a CKEditor 5 `Editor`
 * @param {{client: import("./editor.js").ProofClient, debounce?: number, colors?: object, onUpdate?: Function}} opts
 * @returns {{detach(): void, handle(): CKEditorProof|null}} `handle()` once started.
 */
export function attachCKEditor(editor, opts) {
  const proof = new CKEditorProof(editor, opts);
  if (!converted.has(editor)) {
    converted.add(editor);
    editor.conversion.for("editingDowncast").markerToHighlight({
      model: GROUP,
      view: (data) => ({
        classes: ["zhproof-ck", `zhproof-ck-${data.markerName.split(":")[1]}`],
        attributes: { "data-zhproof-marker": data.markerName },
      }),
    });
  }
  let started = false;
  const start = () => {
    if (started || proof.detached) return;
    started = true;
    proof.start().catch((e) => console.error("zhproof: check failed", e));
  };
  if (editor.state === "ready") start();
  else editor.on("ready", start);
  editor.on("destroy", () => proof.detach());
  return { detach: () => proof.detach(), handle: () => (started ? proof : null) };
}
