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

#[cfg(test)]
mod tests {
    use super::client_ip;

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
