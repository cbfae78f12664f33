use super::*;
use minijinja::context;

fn stylesheet() -> &'static str {
    let css = asset(STYLESHEET_PATH).expect("the stylesheet is served");
    assert_eq!(css.content_type, "text/css; charset=utf-8");
    std::str::from_utf8(css.bytes).unwrap()
}

#[test]
fn serves_the_stylesheet_in_council_branding() {
    let css = stylesheet();
    assert!(
        css.contains(".govuk-button"),
        "GOV.UK Frontend styles are compiled in"
    );
    assert!(
        css.contains(".app-header"),
        "Journey's own styles are compiled in"
    );
    assert!(css.contains("font-family:arial,sans-serif"));
    let lower = css.to_ascii_lowercase();
    assert!(!lower.contains("gds transport"), "no GDS Transport font");
    assert!(!lower.contains("@font-face"), "no font files at all");
    assert!(!lower.contains("crest") && !lower.contains("crown"));
    assert!(
        !lower.contains("url("),
        "the CSS refers to no image or font"
    );
    assert!(!css.contains("sourceMappingURL"));
}

#[test]
fn asset_paths_are_content_hashed_and_served() {
    for path in [STYLESHEET_PATH, SCRIPT_PATH, FAVICON_PATH] {
        assert!(path.starts_with(ASSETS_PREFIX), "{path}");
        let name = path.trim_start_matches(ASSETS_PREFIX);
        let hash = name
            .split(['-', '.'])
            .nth(if name.starts_with("govuk-frontend") {
                2
            } else {
                1
            });
        assert!(
            hash.is_some_and(|h| h.len() == 10 && h.chars().all(|c| c.is_ascii_hexdigit())),
            "{path} has a content hash"
        );
        assert_eq!(
            asset(path),
            asset(name),
            "served with or without the prefix"
        );
        assert!(asset(path).is_some_and(|a| !a.bytes.is_empty()));
    }
    assert_eq!(assets().count(), 3);
    assert!(asset("/assets/journey.css").is_none());
    assert!(asset("/assets/fonts/bold-b542beb274-v2.woff2").is_none());
    assert!(asset("../Cargo.toml").is_none());
}

#[test]
fn serves_govuk_frontend_as_an_es_module() {
    let js = asset(SCRIPT_PATH).unwrap();
    assert_eq!(js.content_type, "text/javascript; charset=utf-8");
    let js = std::str::from_utf8(js.bytes).unwrap();
    assert!(js.contains("initAll"));
    assert!(js.contains("export{"));
    assert!(!js.contains("sourceMappingURL"));
}

#[test]
fn every_component_template_defines_its_macro() {
    let names: Vec<_> = template_names().collect();
    assert!(names.contains(&"govuk/layout.html"));
    assert!(names.len() >= 25, "{names:?}");
    let mut env = environment().unwrap();
    for name in names.iter().filter(|n| **n != "govuk/layout.html") {
        let component = name.trim_start_matches("govuk/").trim_end_matches(".html");
        let macro_name = format!("govuk_{}", component.replace('-', "_"));
        let probe = format!("probe-{component}");
        env.add_template_owned(
            probe.clone(),
            format!("{{% from \"{name}\" import {macro_name} %}}{{{{ {macro_name} is defined }}}}"),
        )
        .unwrap();
        assert_eq!(
            env.get_template(&probe).unwrap().render(()).unwrap(),
            "true",
            "{name}"
        );
    }
}

fn render_page(ctx: minijinja::Value) -> String {
    let mut env = environment().unwrap();
    env.add_template(
        "page.html",
        r#"{% extends "govuk/layout.html" %}
{% from "govuk/button.html" import govuk_button %}
{% block title %}Case record – {{ super() }}{% endblock %}
{% block content %}<h1 class="govuk-heading-l">Case record</h1>{{ govuk_button({"text": "Save"}) }}{% endblock %}"#,
    )
    .unwrap();
    env.get_template("page.html").unwrap().render(ctx).unwrap()
}

#[test]
fn layout_puts_the_nonce_on_every_script_and_shows_no_crown() {
    let html = render_page(context! {
        csp_nonce => "n0nce+/=",
        service_name => "Journey",
        council_name => "Sunderland City Council",
        navigation => vec![
            context! { href => "/cases", text => "Cases", active => true },
            context! { href => "/reports", text => "Reports" },
        ],
        viewer => context! { display_name => "Sam Worker", role_label => "Social worker" },
        sign_out => context! { action => "/sign-out", csrf_token => "tok<en>" },
    });
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    let scripts = html.matches("<script").count();
    assert_eq!(scripts, 2, "{html}");
    assert_eq!(
        html.matches("<script nonce=\"n0nce+&#x2f;=\"").count()
            + html
                .matches("<script type=\"module\" nonce=\"n0nce+&#x2f;=\"")
                .count(),
        scripts,
        "every script tag has the nonce: {html}"
    );
    assert!(html.contains(&format!("import {{ initAll }} from \"{SCRIPT_PATH}\"")));
    assert!(html.contains(STYLESHEET_PATH));
    assert!(!html.contains(" style="), "no inline styles");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("crown") && !lower.contains("crest"));
    assert!(!lower.contains("gov.uk"));
    assert!(!lower.contains("govuk-header__") && !lower.contains("govuk-footer"));
    assert!(html.contains("Sunderland City Council"));
    assert!(html.contains("<title>Case record – Journey – Sunderland City Council</title>"));
    assert!(html.contains("<main class=\"govuk-main-wrapper\" id=\"main-content\">"));
    assert!(html.contains("href=\"#main-content\""), "skip link");
    assert!(html.contains("Sam Worker") && html.contains("(Social worker)"));
    assert!(html.contains(
        "<form class=\"app-header__sign-out\" method=\"post\" action=\"&#x2f;sign-out\">"
    ));
    assert!(
        html.contains("value=\"tok&lt;en&gt;\""),
        "CSRF token escaped"
    );
    assert!(html.contains("aria-current=\"page\""));
    assert!(
        html.contains(
            "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
        )
    );
}

#[test]
fn layout_renders_without_optional_variables() {
    let html = render_page(context! {
        csp_nonce => "abc",
        service_name => "Journey",
        council_name => "A Council",
        viewer => (),
    });
    assert!(!html.contains("Sign out"));
    assert!(!html.contains("app-header__account"));
    assert!(!html.contains("none"), "None prints as nothing: {html}");
    assert!(!html.contains("govuk-service-navigation__list"));
}

#[test]
fn booleans_and_none_print_like_nunjucks() {
    let mut env = environment().unwrap();
    env.add_template("t.html", "[{{ a }}|{{ b }}|{{ c }}|{{ d.e.f }}]")
        .unwrap();
    let out = env
        .get_template("t.html")
        .unwrap()
        .render(context! { a => true, b => false, c => () })
        .unwrap();
    assert_eq!(out, "[true|false||]");
}

#[test]
fn attributes_helper_mirrors_govuk_attributes() {
    let mut env = environment().unwrap();
    env.add_template(
        "t.html",
        r#"<a{{ govuk_attributes({"data-x": "a\"b", "hidden": {"value": true, "optional": true}, "gone": {"value": false, "optional": true}, "empty": none, "flag": false}) }}><b{{ govuk_attributes(' data-raw="1"') }}>"#,
    )
    .unwrap();
    let out = env.get_template("t.html").unwrap().render(()).unwrap();
    assert_eq!(
        out,
        r#"<a data-x="a&quot;b" hidden empty="" flag="false"><b data-raw="1">"#
    );
}
