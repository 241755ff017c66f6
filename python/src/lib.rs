//! Python bindings for zhproof. Filled in by the Python issue; builds empty for now.
