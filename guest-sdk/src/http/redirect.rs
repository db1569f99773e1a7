//! What the request after a redirect looks like. The SDK follows redirects
//! itself, each hop a new request through `wasi:http`, so the host checks
//! every destination against the operator's allowlist.

use super::Method;
use super::url::Url;

/// Statuses that send the client elsewhere. 300 (a choice) and 304 (not
/// modified) are answers, not redirects.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The method for the next hop, and whether the body goes with it. 303
/// always means "fetch the result with GET"; browsers (and the Fetch
/// standard) do the same for a POST answered with 301 or 302. 307 and 308
/// repeat the request exactly.
pub(crate) fn method_after(status: u16, method: &Method) -> (Method, bool) {
    match (status, method) {
        (303, Method::Head) => (Method::Head, false),
        (303, _) | (301 | 302, Method::Post) => (Method::Get, false),
        _ => (method.clone(), true),
    }
}

/// Headers for the next hop: credentials only go back to the origin they
/// were meant for, and body headers only travel with a body.
pub(crate) fn headers_after(
    headers: &[(String, String)],
    from: &Url,
    to: &Url,
    keeps_body: bool,
) -> Vec<(String, String)> {
    const CREDENTIALS: [&str; 3] = ["authorization", "cookie", "proxy-authorization"];
    const BODY: [&str; 4] = [
        "content-type",
        "content-length",
        "content-encoding",
        "transfer-encoding",
    ];
    let same_origin = from.same_origin(to);
    headers
        .iter()
        .filter(|(name, _)| {
            let name = name.to_ascii_lowercase();
            (same_origin || !CREDENTIALS.contains(&name.as_str()))
                && (keeps_body || !BODY.contains(&name.as_str()))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_five_redirect_statuses_redirect() {
        let redirects: Vec<u16> = (100..600).filter(|s| is_redirect(*s)).collect();
        assert_eq!(redirects, [301, 302, 303, 307, 308]);
    }

    #[test]
    fn see_other_and_post_moves_switch_to_get() {
        assert_eq!(method_after(303, &Method::Put), (Method::Get, false));
        assert_eq!(method_after(303, &Method::Head), (Method::Head, false));
        assert_eq!(method_after(301, &Method::Post), (Method::Get, false));
        assert_eq!(method_after(302, &Method::Post), (Method::Get, false));
        assert_eq!(method_after(302, &Method::Put), (Method::Put, true));
        assert_eq!(method_after(307, &Method::Post), (Method::Post, true));
        assert_eq!(method_after(308, &Method::Delete), (Method::Delete, true));
    }

    #[test]
    fn credentials_stay_with_their_origin() {
        let headers: Vec<(String, String)> = [
            ("Authorization", "Bearer t"),
            ("Cookie", "c=1"),
            ("Content-Type", "application/json"),
            ("Accept", "*/*"),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
        let names =
            |kept: Vec<(String, String)>| kept.into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        let a = Url::parse("https://a.example/x").unwrap();
        let a2 = Url::parse("https://a.example/y").unwrap();
        let b = Url::parse("https://b.example/x").unwrap();
        let a_http = Url::parse("http://a.example/x").unwrap();
        assert_eq!(
            names(headers_after(&headers, &a, &a2, true)),
            ["Authorization", "Cookie", "Content-Type", "Accept"]
        );
        assert_eq!(
            names(headers_after(&headers, &a, &b, true)),
            ["Content-Type", "Accept"]
        );
        assert_eq!(
            names(headers_after(&headers, &a, &a_http, false)),
            ["Accept"]
        );
    }
}
