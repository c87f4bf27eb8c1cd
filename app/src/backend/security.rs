//! Who the client is (behind a trusted proxy or not), and the Content-Security-Policy. Pages carry a per-response nonce for Leptos' hydration
//! script; everything else gets the same policy without one.

use std::net::IpAddr;

/// The client's address for throttles and logs: the peer's, unless the peer is one of the
/// `trusted` proxies; then the nearest address in `X-Forwarded-For` that is not itself a
/// trusted proxy (a client can put anything at the start of that header, so it is read from
/// the end). Without a peer (tests in process) it is "local".
pub fn client_ip(trusted: &[IpAddr], peer: Option<IpAddr>, forwarded_for: Option<&str>) -> String {
    let Some(peer) = peer else { return "local".into() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let hops = forwarded_for.unwrap_or("").split(',').map(|h| h.trim().parse::<IpAddr>());
    let mut nearest = peer;
    for hop in hops.collect::<Vec<_>>().into_iter().rev() {
        match hop {
            Ok(ip) if trusted.contains(&ip) => nearest = ip,
            Ok(ip) => return ip.to_string(),
            Err(_) => break,
        }
    }
    nearest.to_string()
}

pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Puts the page's nonce into its CSP header (called while rendering the HTML shell).
pub fn set_page_csp() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = http::HeaderValue::from_str(&content_security_policy(Some(&nonce.to_string()))) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Where a client may be sent back to (`?return=`, `?next=`): a path on this site, else `/`.
/// Only a path that starts with exactly one `/` followed by something other than `/` or `\`,
/// with no backslash and no control character anywhere, is taken: `//host`, `/\host` and
/// `/\t/host` (browsers drop tabs and newlines, leaving `//host`) all lead to another site.
pub fn local_return(requested: Option<&str>) -> &str {
    let Some(path) = requested else { return "/" };
    let mut chars = path.chars();
    let starts_well = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    if starts_well && !path.contains('\\') && !path.chars().any(char::is_control) {
        path
    } else {
        "/"
    }
}

#[cfg(test)]
mod tests {
    use super::{client_ip, local_return};

    #[test]
    fn only_a_path_on_this_site_is_a_place_to_return_to() {
        for good in ["/", "/orders", "/orders?status=draft&q=a%20b", "/satisfaction#top", "/x/y//z"] {
            assert_eq!(local_return(Some(good)), good);
        }
        for bad in [
            "",
            "orders",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "\t//evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/%09/x\u{7f}",
            "https://evil.example",
            "/x\\y",
            "/\u{85}/x",
            " /x",
            "\\\\evil.example",
        ] {
            assert_eq!(local_return(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_return(None), "/");
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: std::net::IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: std::net::IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(client_ip(&[proxy], Some(stranger), Some("1.2.3.4")), "203.0.113.9");
        assert_eq!(client_ip(&[], Some(proxy), Some("1.2.3.4")), "10.0.0.2");
        assert_eq!(client_ip(&[proxy], Some(proxy), Some("1.2.3.4")), "1.2.3.4");
        // A client's own forged entry sits at the start; the proxy appends the real peer.
        assert_eq!(client_ip(&[proxy], Some(proxy), Some("6.6.6.6, 1.2.3.4")), "1.2.3.4");
        assert_eq!(client_ip(&[proxy], Some(proxy), Some("garbage")), "10.0.0.2");
        assert_eq!(client_ip(&[proxy], Some(proxy), None), "10.0.0.2");
        assert_eq!(client_ip(&[proxy], None, Some("1.2.3.4")), "local");
    }
}
