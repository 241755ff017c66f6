// zhproof for TinyMCE (6 and later): as-you-type proof-reading inside the editor.
//
//   import { ProofClient } from "zhproof/editor";
//   import { attachTinyMCE } from "zhproof/tinymce";
//   const client = new ProofClient();
//   tinymce.init({ selector: "#body", setup: (editor) => attachTinyMCE(editor, { client }) });
//
// Underlines: the CSS Custom Highlight API inside the editor's iframe (no element is added
// to the content, so TinyMCE's model, serialisation and undo stack never see them).
// Suggestions: applied through TinyMCE's API (selection + insertContent inside an undo
// transaction), so Ctrl+Z / the Undo button reverts them. Re-checks: only the blocks whose
// text changed (the editor layer caches results by paragraph).
import { attach } from "./editor.js";

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Starts proof-reading a TinyMCE editor (call it in `setup`, or later on an editor that is
 * already initialised).
 * @param {object} editor a TinyMCE `Editor`
 * @param {{client: import("./editor.js").ProofClient, debounce?: number, colors?: object, onUpdate?: Function}} opts
 * @returns {{detach(): void, handle(): object|null}} `handle()` is the editor layer's handle once started.
 */
export function attachTinyMCE(editor, opts) {
  let handle = null;
  const start = () => {
    if (handle) return;
    handle = attach(editor.getBody(), {
      ...opts,
      applyEdit(range, suggestion) {
        if (range.toString().length === 0) return false;
        // Text typed since the last undo level becomes its own level first, so that
        // undoing the fix keeps it.
        editor.undoManager.add();
        editor.undoManager.transact(() => {
          editor.selection.setRng(range);
          editor.insertContent(escapeHtml(suggestion));
        });
        editor.nodeChanged();
        return true;
      },
    });
  };
  const stop = () => {
    if (handle) handle.detach();
    handle = null;
  };
  if (editor.initialized) start();
  else editor.on("init", start);
  editor.on("remove", stop);
  // setContent / undo / redo replace the body's nodes: the observer sees them, but the
  // editor layer must also forget ranges into removed nodes.
  editor.on("SetContent Undo Redo", () => handle && handle.refresh());
  return { detach: stop, handle: () => handle };
}
