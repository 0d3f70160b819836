//! The orientation engine's knowledge, parsed at build time by the engine's own parser
//! (`src/domain/orientation/data.rs`, included here unchanged) and written as static Rust data
//! that `src/domain/orientation/builtin.rs` includes. A data error (an unknown concept, a bad
//! weight...) fails the build with its file and line, as the loader used to at start.

#[allow(dead_code)]
#[path = "../../src/domain/orientation/data.rs"]
pub mod data;
#[allow(dead_code)]
#[path = "../../src/domain/orientation/normalize.rs"]
pub mod normalize;
#[allow(dead_code)]
#[path = "../../src/domain/orientation/table.rs"]
pub mod table;

mod emit;

use std::path::Path;

/// The files whose change means the tables must be written again.
pub const SOURCES: [&str; 5] = [
    "fixtures/orientation",
    "src/domain/orientation/data.rs",
    "src/domain/orientation/normalize.rs",
    "src/domain/orientation/table.rs",
    "build/orientation",
];

/// Parse the embedded data and write `orientation_data.rs` into `out_dir`.
pub fn write(out_dir: &Path) {
    let data = match data::parse() {
        Ok(d) => d,
        Err(e) => panic!("fixtures/orientation is invalid:\n{e}"),
    };
    let src = emit::source(&data);
    std::fs::write(out_dir.join("orientation_data.rs"), src).expect("write orientation_data.rs");
}
