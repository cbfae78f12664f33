//! Security headers on every kind of response, and CSP nonces on every script.

use crate::harness::{TestServer, backends};

fn assert_hardened(response: &reqwest::Response, what: &str) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let csp = header("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(
        csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"),
        "{what}"
    );
    assert!(csp.contains("script-src 'self' 'nonce-"), "{what}");
    assert!(!csp.contains("unsafe-inline"), "{what}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
}

#[tokio::test]
async fn every_page_is_hardened_and_personal_data_is_never_cached() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let session = server.sign_in("worker.a").await;
        let mut nonces = Vec::new();
        for path in [
            "/",
            "/search",
            "/children/new",
            &format!("/children/{}", server.child),
            &format!("/children/{}/chronology", server.child),
            "/missing-page",
        ] {
            let response = session.client.get(server.url(path)).send().await.unwrap();
            assert_hardened(&response, path);
            assert_eq!(
                response.headers()["cache-control"],
                "no-store",
                "{backend:?} {path}"
            );
            let csp = response.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .unwrap()
                .split('\'')
                .next()
                .unwrap()
                .to_owned();
            let page = response.text().await.unwrap();
            let scripts = page.matches("<script").count();
            assert!(scripts >= 1, "{path} has scripts");
            assert_eq!(
                page.matches(&format!("<script nonce=\"{nonce}\"")).count()
                    + page
                        .matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
                        .count(),
                scripts,
                "{path}: every script carries this response's nonce"
            );
            assert!(!page.contains("style=\""), "{path}: no inline styles");
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 6, "a fresh nonce per response");
        let missing = session
            .client
            .get(server.url("/missing-page"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        assert!(missing.text().await.unwrap().contains("Page not found"));
        let sign_in = TestServer::client()
            .get(server.url("/sign-in"))
            .send()
            .await
            .unwrap();
        assert_hardened(&sign_in, "/sign-in");
        let signed_out = TestServer::client()
            .get(server.url("/"))
            .send()
            .await
            .unwrap();
        assert_eq!(signed_out.status(), 303);
        assert_hardened(&signed_out, "redirect");
    }
}

#[tokio::test]
async fn assets_come_from_the_pinned_package_with_long_caching_and_no_crown() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let client = TestServer::client();
        let page = client
            .get(server.url("/sign-in"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let css_path = page
            .split("rel=\"stylesheet\" href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let css = client.get(server.url(&css_path)).send().await.unwrap();
        assert_eq!(css.status(), 200, "{backend:?}");
        assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
        assert!(
            css.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
        assert_hardened(&css, "stylesheet");
        let css = css.text().await.unwrap();
        assert!(css.contains("arial"), "council branding: Arial");
        assert!(!css.contains("GDS Transport"), "no GOV.UK font");
        assert!(
            !page.contains("govuk-logo") && !page.contains("crown"),
            "no crown on the page"
        );
        let missing = client
            .get(server.url("/assets/nothing.css"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
    }
}
