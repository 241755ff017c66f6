//! Prints the unigram cost (−ln P) of each word read from stdin (one per line) under the
//! built-in language model, or `-` when the model does not know it. A diagnostic for
//! `typo.context`'s vocabulary.

use std::io::BufRead;
use zhproof::lm::LanguageModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let lm = LanguageModel::builtin().ok_or("no language model (build with the `lm` feature)")?;
    for line in std::io::stdin().lock().lines() {
        let w = line?;
        let w = w.trim();
        match lm.id(w) {
            Some(id) => println!("{w}\t{:.2}", lm.unigram_cost(id)),
            None => println!("{w}\t-"),
        }
    }
    Ok(())
}
