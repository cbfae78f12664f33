//! Error pages over HTTP on both databases: a page Journey cannot serve keeps the service
//! navigation and sign-out for whoever is signed in, and shows neither to anyone else.

use crate::harness::{TestServer, backends};

/// The sign-out form's button (its action is escaped by the template, `&#x2f;sign-out`).
const SIGN_OUT: &str = "class=\"app-link-button\">Sign out</button>";
const NAVIGATION: &str = "class=\"govuk-service-navigation__list\"";

#[tokio::test]
async fn error_pages_keep_the_navigation_and_sign_out_for_a_signed_in_user() {
    for backend in backends() {
        let server = TestServer::start(backend).await;
        let worker = server.sign_in("worker.b").await;
        let get = async |path: &str| {
            let response = worker.client.get(server.url(path)).send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        };

        let (status, page) = get("/no-such-page").await;
        assert_eq!(status, 404, "{backend:?}");
        assert!(page.contains("Page not found"));
        assert!(page.contains(NAVIGATION), "{backend:?}: the navigation");
        assert!(page.contains(">Find a child<"), "Find a child is offered");
        assert!(page.contains(SIGN_OUT), "{backend:?}: sign-out");
        assert!(page.contains(&format!("value=\"{}\"", worker.csrf)));

        // A refusal (403) keeps them too.
        let (status, page) = get(&format!("/children/{}", server.child)).await;
        assert_eq!(status, 403);
        assert!(page.contains(NAVIGATION));
        assert!(page.contains(SIGN_OUT));

        // Signed out, the same page shows neither.
        let (status, page) = {
            let response = TestServer::client()
                .get(server.url("/no-such-page"))
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        };
        assert_eq!(status, 404);
        assert!(page.contains("Page not found"));
        assert!(!page.contains(NAVIGATION));
        assert!(!page.contains(SIGN_OUT));
    }
}
