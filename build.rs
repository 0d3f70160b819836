//! Release binaries are linked as position-dependent executables (`-no-pie`).
//!
//! A PIE release binary carries ~47,000 dynamic relocations (the string-slice tables of our
//! code and of dependencies: password dictionaries, time-zone data, clap's command tree), and
//! the dynamic loader applies every one of them, touching ~1.1 MB of pages, before `main`
//! runs: that was most of the CPU time of `saludya --version`. Linked at a fixed address the
//! same binary has under 200 relocations (libc symbols only). The price is that the
//! executable's own image is not address-randomised (libraries, heap and stack still are);
//! for an offline desk tool that reads no network input this is the better trade.
//! Debug builds (tests) keep the platform default. See ARCHITECTURE.md, "Start-up".
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    if release && linux {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
