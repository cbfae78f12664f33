//! Build script for `journey-govuk`.
//!
//! 1. Makes sure the pinned npm packages are installed (`npm ci` in the repo
//!    root when `node_modules/govuk-frontend` is missing or does not match
//!    `package-lock.json`).
//! 2. Compiles `assets/journey.scss` with the locally installed `sass` into
//!    `$OUT_DIR/journey.css` (compressed, no source map).
//! 3. Copies `govuk-frontend.min.js` from the pinned package into `$OUT_DIR`.
//! 4. Writes `$OUT_DIR/assets.rs` (the asset table, with content-hashed file
//!    names) and `$OUT_DIR/templates.rs` (every file under `templates/`,
//!    embedded with `include_str!`).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: journey-govuk build script: {message}");
            println!("cargo::error=journey-govuk: {message}");
            ExitCode::FAILURE
        }
    }
}

fn env_path(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{name} is not set"))
}

fn run() -> Result<(), String> {
    let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
    let out_dir = env_path("OUT_DIR")?;
    let root = manifest_dir
        .join("../..")
        .canonicalize()
        .map_err(|e| format!("cannot find the repository root: {e}"))?;

    let lock = root.join("package-lock.json");
    let assets_dir = root.join("assets");
    let templates_dir = manifest_dir.join("templates");
    let static_dir = manifest_dir.join("static");
    for path in [&lock, &assets_dir, &templates_dir, &static_dir] {
        println!("cargo::rerun-if-changed={}", path.display());
    }
    println!("cargo::rerun-if-changed=build.rs");
    let installed_manifest = root.join("node_modules/govuk-frontend/package.json");
    println!("cargo::rerun-if-changed={}", installed_manifest.display());

    ensure_npm_packages(&root, &lock, &installed_manifest)?;

    // 2. Sass.
    let css_path = out_dir.join("journey.css");
    let sass_cli = root.join("node_modules/sass/sass.js");
    let status = Command::new("node")
        .current_dir(&root)
        .arg(&sass_cli)
        .args([
            "--no-source-map",
            "--style=compressed",
            "--load-path=node_modules",
            "--quiet-deps",
            "--no-unicode",
        ])
        .arg(assets_dir.join("journey.scss"))
        .arg(&css_path)
        .status()
        .map_err(|e| format!("cannot run `node` to compile the Sass ({e}); install Node.js"))?;
    if !status.success() {
        return Err(format!(
            "sass failed to compile assets/journey.scss ({status})"
        ));
    }
    let css = fs::read(&css_path).map_err(|e| format!("cannot read compiled CSS: {e}"))?;

    // 3. GOV.UK Frontend's JavaScript (an ES module exporting `initAll`),
    // without its trailing source map comment (we do not serve the map).
    let js_src = root.join("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js");
    let js = fs::read_to_string(&js_src)
        .map_err(|e| format!("cannot read {}: {e}", js_src.display()))?;
    let js = match js.rfind("//# sourceMappingURL=") {
        Some(at) => js[..at].trim_end().to_owned() + "\n",
        None => js,
    };
    let js_path = out_dir.join("govuk-frontend.min.js");
    fs::write(&js_path, &js).map_err(|e| format!("cannot write {}: {e}", js_path.display()))?;

    let favicon_path = static_dir.join("favicon.svg");
    let favicon = fs::read(&favicon_path)
        .map_err(|e| format!("cannot read {}: {e}", favicon_path.display()))?;

    // 4. Asset table with content-hashed names.
    let css_name = format!("journey-{}.css", short_hash(&css));
    let js_name = format!("govuk-frontend-{}.min.js", short_hash(js.as_bytes()));
    let favicon_name = format!("favicon-{}.svg", short_hash(&favicon));
    let mut assets = String::new();
    let entries = [
        (&css_name, &css_path, "text/css; charset=utf-8"),
        (&js_name, &js_path, "text/javascript; charset=utf-8"),
        (&favicon_name, &favicon_path, "image/svg+xml"),
    ];
    writeln!(
        assets,
        "/// URL of the compiled stylesheet (content-hashed, cache immutably)."
    )
    .ok();
    writeln!(
        assets,
        "pub const STYLESHEET_PATH: &str = \"/assets/{css_name}\";"
    )
    .ok();
    writeln!(
        assets,
        "/// URL of GOV.UK Frontend's ES module (content-hashed, cache immutably)."
    )
    .ok();
    writeln!(
        assets,
        "pub const SCRIPT_PATH: &str = \"/assets/{js_name}\";"
    )
    .ok();
    writeln!(
        assets,
        "/// URL of the favicon (content-hashed, cache immutably)."
    )
    .ok();
    writeln!(
        assets,
        "pub const FAVICON_PATH: &str = \"/assets/{favicon_name}\";"
    )
    .ok();
    writeln!(
        assets,
        "/// The version of the `govuk-frontend` package the assets and templates come from."
    )
    .ok();
    writeln!(
        assets,
        "pub const GOVUK_FRONTEND_VERSION: &str = {:?};",
        installed_version(&installed_manifest)?
    )
    .ok();
    writeln!(assets, "const ASSETS: &[(&str, &[u8], &str)] = &[").ok();
    for (name, path, content_type) in entries {
        writeln!(
            assets,
            "    ({name:?}, include_bytes!({:?}), {content_type:?}),",
            path.display().to_string()
        )
        .ok();
    }
    writeln!(assets, "];").ok();
    write_if_changed(&out_dir.join("assets.rs"), &assets)?;

    // Templates.
    let mut files = Vec::new();
    collect_files(&templates_dir, &mut files)?;
    files.sort();
    let mut templates = String::from("const TEMPLATES: &[(&str, &str)] = &[\n");
    for file in files {
        let name = file
            .strip_prefix(&templates_dir)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            templates,
            "    ({name:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .ok();
    }
    templates.push_str("];\n");
    write_if_changed(&out_dir.join("templates.rs"), &templates)?;
    Ok(())
}

/// Runs `npm ci` when the installed packages are missing or do not match the
/// versions pinned in `package-lock.json`.
fn ensure_npm_packages(root: &Path, lock: &Path, installed_manifest: &Path) -> Result<(), String> {
    let lock_text =
        fs::read_to_string(lock).map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let wanted = locked_version(&lock_text, "govuk-frontend");
    let have = installed_version(installed_manifest).ok();
    let sass_present = root.join("node_modules/sass/sass.js").is_file();
    if have.is_some() && have == wanted && sass_present {
        return Ok(());
    }
    eprintln!(
        "journey-govuk: node_modules is missing or stale (have {have:?}, lock wants {wanted:?}); running `npm ci`"
    );
    let status = Command::new("npm")
        .current_dir(root)
        .args(["ci", "--no-audit", "--no-fund"])
        .status()
        .map_err(|e| {
            format!(
                "node_modules/govuk-frontend is not installed and `npm` could not be run ({e}). \
                 Install Node.js and npm, then run `npm ci` in {}",
                root.display()
            )
        })?;
    if !status.success() {
        return Err(format!("`npm ci` failed in {} ({status})", root.display()));
    }
    Ok(())
}

/// The `"version"` of an installed package's `package.json`.
fn installed_version(manifest: &Path) -> Result<String, String> {
    let text = fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    json_string_after(&text, 0, "\"version\"")
        .ok_or_else(|| format!("no version in {}", manifest.display()))
}

/// The locked version of `package` in `package-lock.json` (lockfile v3).
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let key = format!("\"node_modules/{package}\"");
    let at = lock.find(&key)?;
    json_string_after(lock, at, "\"version\"")
}

/// The string value of the first `key` at or after byte `from` (enough for
/// the flat, npm-written JSON we read here; no JSON parser needed).
fn json_string_after(text: &str, from: usize, key: &str) -> Option<String> {
    let rest = text.get(from..)?;
    let after_key = &rest[rest.find(key)? + key.len()..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = after_colon.strip_prefix('"')?;
    Some(value[..value.find('"')?].to_owned())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "html") {
            out.push(path);
        }
    }
    Ok(())
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// First 10 hex digits of a 64-bit FNV-1a hash: enough to bust caches when a
/// file's contents change (not a security property).
fn short_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")[..10].to_owned()
}
