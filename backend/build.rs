//! Embeds the shipped instrument definitions (`instruments/**.json`) in the binary, so a
//! release runs anywhere without a data directory beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?).join("instruments");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if root.exists() {
        walk(&root, &mut files)?;
    }
    files.sort();
    let mut code = String::from(
        "/// (path under `instruments/`, contents)\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let rel = f.strip_prefix(&root)?.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("shipped_instruments.rs");
    std::fs::write(out, code)?;
    Ok(())
}
