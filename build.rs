//! Build-time facts the binary needs at start-up without work at run time.
//!
//! 1. **The newest schema version**, from the file names in `migrations/` (`V<n>__name.sql`), so
//!    opening an up-to-date database costs one query instead of refinery parsing every embedded
//!    migration's name with a regex (that was ~40% of the instructions of `doctor list`).
//!    A file there that is not a well-formed migration name fails the build.
//! 2. **Release binaries are linked as position-dependent executables** (`-no-pie`). A PIE
//!    release binary carries ~47,000 dynamic relocations (the string-slice tables of our code
//!    and of dependencies: password dictionaries, time-zone data, clap's command tree), and the
//!    dynamic loader applies every one of them, touching ~1.1 MB of pages, before `main` runs:
//!    that was most of the CPU time of `saludya --version`. Linked at a fixed address the same
//!    binary has under 200 relocations (libc symbols only). The price is that the executable's
//!    own image is not address-randomised (libraries, heap and stack still are); for an offline
//!    desk tool that reads no network input this is the better trade. Debug builds (tests) keep
//!    the platform default. See ARCHITECTURE.md, "Start-up".
//! 3. **The orientation engine's knowledge as static tables** (`orientation/`): the engine's own
//!    parser reads `fixtures/orientation/` here, and the engine starts with no parsing and no
//!    allocation (it used to parse ~11,000 phrasings at every start: most of `orient`'s time).
#[path = "build/orientation/mod.rs"]
mod orientation;

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=migrations");
    for src in orientation::SOURCES {
        println!("cargo:rerun-if-changed={src}");
    }

    let mut latest = 0u32;
    let dir = std::fs::read_dir("migrations").expect("migrations/ is readable");
    for entry in dir {
        let name = entry.expect("migrations/ entry").file_name();
        let name = name.to_str().expect("migration file names are UTF-8");
        let version = name
            .strip_prefix('V')
            .and_then(|rest| rest.split_once("__"))
            .filter(|(_, tail)| tail.ends_with(".sql"))
            .and_then(|(n, _)| n.parse::<u32>().ok())
            .unwrap_or_else(|| panic!("migrations/{name} is not named V<n>__<name>.sql"));
        latest = latest.max(version);
    }
    assert!(latest > 0, "migrations/ holds no migration");
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    orientation::write(Path::new(&out_dir));
    let out = Path::new(&out_dir).join("schema.rs");
    std::fs::write(
        &out,
        format!("/// Newest migration in `migrations/` (written by build.rs).\npub const LATEST: i64 = {latest};\n"),
    )
    .expect("write schema.rs");

    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    if release && linux {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
