//! Browser bindings for zhproof. Filled in by the browser issue; builds empty for now.
