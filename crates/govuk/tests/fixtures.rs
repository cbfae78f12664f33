//! Checks Journey's GOV.UK component macros against the pinned
//! `govuk-frontend` package's own `fixtures.json` files.
//!
//! For every component we implement, each fixture's `options` are passed
//! straight to our macro and the output is compared with the fixture's
//! `html` after normalisation (see [`normalise`]): whitespace between and
//! around tags is ignored, attributes are sorted, character references are
//! decoded. Fixtures may be skipped only through [`SKIPPED`], each with a
//! reason. The test prints how many fixtures it compared per component and
//! fails if any compared fixture differs or a component compared none.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use minijinja::Value;

/// `(component directory in govuk-frontend, our macro name)`.
const COMPONENTS: &[(&str, &str)] = &[
    ("back-link", "govuk_back_link"),
    ("button", "govuk_button"),
    ("checkboxes", "govuk_checkboxes"),
    ("date-input", "govuk_date_input"),
    ("details", "govuk_details"),
    ("error-message", "govuk_error_message"),
    ("error-summary", "govuk_error_summary"),
    ("fieldset", "govuk_fieldset"),
    ("hint", "govuk_hint"),
    ("input", "govuk_input"),
    ("inset-text", "govuk_inset_text"),
    ("label", "govuk_label"),
    ("notification-banner", "govuk_notification_banner"),
    ("pagination", "govuk_pagination"),
    ("panel", "govuk_panel"),
    ("phase-banner", "govuk_phase_banner"),
    ("radios", "govuk_radios"),
    ("select", "govuk_select"),
    ("skip-link", "govuk_skip_link"),
    ("summary-list", "govuk_summary_list"),
    ("table", "govuk_table"),
    ("tag", "govuk_tag"),
    ("textarea", "govuk_textarea"),
    ("warning-text", "govuk_warning_text"),
];

/// Fixtures we deliberately do not compare: `(component, fixture name, reason)`.
const SKIPPED: &[(&str, &str, &str)] = &[];

fn node_modules() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../node_modules")
}

#[test]
fn pinned_package_matches_the_embedded_version() {
    let manifest = std::fs::read_to_string(node_modules().join("govuk-frontend/package.json"))
        .expect("node_modules/govuk-frontend is installed (the build script runs npm ci)");
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(
        manifest["version"].as_str(),
        Some(journey_govuk::GOVUK_FRONTEND_VERSION)
    );
}

#[test]
fn components_match_govuk_frontend_fixtures() {
    let mut env = journey_govuk::environment().unwrap();
    let mut report = String::new();
    let mut failures = String::new();
    let mut failed = 0usize;
    let mut zero = Vec::new();
    let mut used_skips = 0usize;
    let mut total = (0usize, 0usize, 0usize);

    for &(component, macro_name) in COMPONENTS {
        let path = node_modules()
            .join("govuk-frontend/dist/govuk/components")
            .join(component)
            .join("fixtures.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let file: serde_json::Value = serde_json::from_str(&text).unwrap();
        let fixtures = file["fixtures"].as_array().unwrap();

        let template_name = format!("fixture-{component}.html");
        env.add_template_owned(
            template_name.clone(),
            format!(
                "{{% from \"govuk/{component}.html\" import {macro_name} %}}{{{{ {macro_name}(params) }}}}"
            ),
        )
        .unwrap();
        let template = env.get_template(&template_name).unwrap();

        let (mut compared, mut passed, mut skipped) = (0, 0, 0);
        for fixture in fixtures {
            let name = fixture["name"].as_str().unwrap();
            if SKIPPED
                .iter()
                .any(|(c, n, _)| *c == component && *n == name)
            {
                skipped += 1;
                used_skips += 1;
                continue;
            }
            compared += 1;
            let params = Value::from(minijinja::value::Serde(&fixture["options"]));
            let rendered = match template.render(minijinja::context! { params }) {
                Ok(html) => html,
                Err(e) => {
                    failed += 1;
                    writeln!(failures, "--- {component} / {name}: render error: {e:#}").unwrap();
                    continue;
                }
            };
            let expected = normalise(fixture["html"].as_str().unwrap());
            let actual = normalise(&rendered);
            if expected == actual {
                passed += 1;
            } else {
                failed += 1;
                writeln!(
                    failures,
                    "--- {component} / {name}\n{}",
                    first_difference(&expected, &actual)
                )
                .unwrap();
            }
        }
        if compared == 0 {
            zero.push(component);
        }
        total.0 += compared;
        total.1 += passed;
        total.2 += skipped;
        writeln!(
            report,
            "{component:<20} compared {compared:>3}  passed {passed:>3}  skipped {skipped:>3}"
        )
        .unwrap();
    }
    writeln!(
        report,
        "{:<20} compared {:>3}  passed {:>3}  skipped {:>3}",
        "total", total.0, total.1, total.2
    )
    .unwrap();
    println!("{report}");
    if !failures.is_empty() {
        println!("{failures}");
    }
    assert_eq!(
        used_skips,
        SKIPPED.len(),
        "every entry in SKIPPED must name an existing fixture"
    );
    assert!(
        zero.is_empty(),
        "components with no compared fixture: {zero:?}"
    );
    assert_eq!(
        failed, 0,
        "{failed} fixture(s) differ; see the output above"
    );
}

/// Shows where two normalised renderings first differ, with a little context.
fn first_difference(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let at = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let from = at.saturating_sub(2);
    let mut out = String::new();
    for (label, lines) in [("expected", &e), ("actual", &a)] {
        out.push_str(&format!("  {label} (from line {from}):\n"));
        for line in lines.iter().skip(from).take(5) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    out
}

/// Normalises HTML for comparison: one token per line, tags with sorted
/// attributes (class lists with collapsed whitespace, values with character
/// references decoded, `/>` treated as `>`), text with whitespace collapsed
/// and trimmed, whitespace-only text and comments dropped.
fn normalise(html: &str) -> String {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            let (tag, after) = parse_tag(rest);
            out.push(tag);
            rest = after;
        } else {
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == '<')
                .map_or(rest.len(), |(i, _)| i);
            let text = collapse(&decode(&rest[..end]));
            if !text.is_empty() {
                out.push(text);
            }
            rest = &rest[end..];
        }
    }
    out.join("\n")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_tag(input: &str) -> (String, &str) {
    let mut chars = input[1..].char_indices().peekable();
    let closing = input[1..].starts_with('/');
    if closing {
        chars.next();
    }
    let body = &input[1..];
    let name_start = usize::from(closing);
    let mut i = name_start;
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() || c == '>' || c == '/' && at > name_start {
            break;
        }
        i = at + c.len_utf8();
        chars.next();
    }
    let name = body[name_start..i].to_ascii_lowercase();
    let mut attrs = BTreeMap::new();
    let bytes = body.as_bytes();
    let mut pos = i;
    loop {
        while pos < body.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
            pos += 1;
        }
        if pos >= body.len() || bytes[pos] == b'>' {
            pos += 1;
            break;
        }
        let start = pos;
        while pos < body.len()
            && !bytes[pos].is_ascii_whitespace()
            && !matches!(bytes[pos], b'=' | b'>')
            && (bytes[pos] != b'/' || bytes.get(pos + 1) != Some(&b'>'))
        {
            pos += 1;
        }
        let attr_name = body[start..pos].to_ascii_lowercase();
        while pos < body.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let mut value = String::new();
        if bytes.get(pos) == Some(&b'=') {
            pos += 1;
            while pos < body.len() && bytes[pos].is_ascii_whitespace() {
                pos += 1;
            }
            if let Some(&quote) = bytes.get(pos).filter(|q| matches!(q, b'"' | b'\'')) {
                let end = body[pos + 1..]
                    .find(quote as char)
                    .map_or(body.len(), |e| pos + 1 + e);
                value = decode(&body[pos + 1..end]);
                pos = (end + 1).min(body.len());
            } else {
                let start = pos;
                while pos < body.len() && !bytes[pos].is_ascii_whitespace() && bytes[pos] != b'>' {
                    pos += 1;
                }
                value = decode(&body[start..pos]);
            }
        }
        if attr_name == "class" {
            value = collapse(&value);
        }
        attrs.insert(attr_name, value);
    }
    let mut tag = String::from("<");
    if closing {
        tag.push('/');
    }
    tag.push_str(&name);
    for (k, v) in &attrs {
        tag.push_str(&format!(" {k}=\"{v}\""));
    }
    tag.push('>');
    (tag, &body[pos.min(body.len())..])
}

/// Decodes the character references template engines emit (`&amp;`, `&lt;`,
/// `&gt;`, `&quot;`, numeric ones); other named references stay as they are.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn normaliser_ignores_formatting_but_not_content() {
    assert_eq!(
        normalise("<a  href='x'\n class=\" b  c \">\n  Hi &amp; bye </a>"),
        normalise("<a class=\"b c\" href=\"x\">Hi &#x26; bye</a>")
    );
    assert_eq!(
        normalise("<input disabled/>"),
        normalise("<input disabled>")
    );
    assert_ne!(
        normalise("<a href=\"x\">Hi</a>"),
        normalise("<a href=\"y\">Hi</a>")
    );
    assert_ne!(normalise("<p>Hi</p>"), normalise("<p>Hello</p>"));
}
