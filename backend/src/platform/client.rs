//! Who is at the other end: the client's address and whether it came over HTTPS, taking
//! `X-Forwarded-For` / `X-Forwarded-Proto` only from proxies we trust.
//!
//! A proxy appends the address it saw to `X-Forwarded-For`; anything to the left of that
//! was sent by the client and may be forged. So the client is the right-most entry that
//! is not one of our trusted proxies, and the headers count only when the connection
//! itself comes from a trusted proxy. Rate limits key on this address.

use actix_web::HttpRequest;
use std::net::IpAddr;

/// An address range such as `10.0.0.0/8`, `fd00::/8` or a single address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Net {
    addr: IpAddr,
    prefix: u8,
}

/// Loopback and private networks: where a reverse proxy in front of the API lives (a
/// container network, the same host). `IHUB_TRUST_PROXY=true` trusts these.
pub const PRIVATE_NETWORKS: [&str; 6] = [
    "127.0.0.0/8",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "::1/128",
    "fc00::/7",
];

impl Net {
    pub fn parse(s: &str) -> Option<Net> {
        let (a, p) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(Net {
            addr: addr.to_canonical(),
            prefix,
        })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(i) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(i) & mask
            }
            _ => false,
        }
    }
}

fn trusted(proxies: &[Net], ip: IpAddr) -> bool {
    proxies.iter().any(|n| n.contains(ip))
}

/// One `X-Forwarded-For` entry: an address, possibly with a port or in brackets.
fn parse_hop(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            s.strip_prefix('[')
                .and_then(|r| r.split_once(']'))
                .and_then(|(a, _)| a.parse().ok())
        })
        .map(|ip: IpAddr| ip.to_canonical())
}

/// The client address from the peer and the forwarded chain (pure, for tests).
pub fn resolve(peer: Option<IpAddr>, forwarded_for: &[&str], proxies: &[Net]) -> Option<IpAddr> {
    let peer = peer.map(|p| p.to_canonical())?;
    if !trusted(proxies, peer) {
        return Some(peer);
    }
    let mut client = peer;
    for hop in forwarded_for
        .iter()
        .flat_map(|h| h.split(','))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        match parse_hop(hop) {
            Some(ip) if trusted(proxies, ip) => client = ip,
            Some(ip) => return Some(ip),
            // Not an address: written by whoever sent the request; stop at the last
            // hop a trusted proxy vouched for.
            None => return Some(client),
        }
    }
    Some(client)
}

fn forwarded_for(req: &HttpRequest) -> Vec<&str> {
    req.headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect()
}

/// The client's address as a rate-limit key.
pub fn client_ip(req: &HttpRequest, proxies: &[Net]) -> Option<IpAddr> {
    resolve(
        req.peer_addr().map(|a| a.ip()),
        &forwarded_for(req),
        proxies,
    )
}

/// Whether the request reached a trusted proxy over HTTPS (`X-Forwarded-Proto: https`
/// from a proxy we trust; from anyone else the header means nothing).
pub fn forwarded_https(peer: Option<IpAddr>, proto: Option<&str>, proxies: &[Net]) -> bool {
    peer.is_some_and(|p| trusted(proxies, p.to_canonical()))
        && proto.is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn private() -> Vec<Net> {
        PRIVATE_NETWORKS
            .iter()
            .filter_map(|n| Net::parse(n))
            .collect()
    }

    #[test]
    fn networks() {
        let n = Net::parse("172.16.0.0/12");
        assert!(n.is_some_and(|n| n.contains(ip("172.20.1.2")) && !n.contains(ip("172.32.0.1"))));
        assert!(Net::parse("::1").is_some_and(|n| n.contains(ip("::1"))));
        assert!(Net::parse("10.0.0.0/8").is_some_and(|n| n.contains(ip("::ffff:10.1.2.3"))));
        assert!(Net::parse("0.0.0.0/0").is_some_and(|n| n.contains(ip("8.8.8.8"))));
        for bad in ["", "10.0.0.0/33", "nope", "1.2.3.4/x"] {
            assert_eq!(Net::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_hop() {
        let p = private();
        /// peer, X-Forwarded-For lines, trusted proxies, the client, why.
        type Case<'a> = (&'a str, &'a [&'a str], &'a [Net], &'a str, &'a str);
        let cases: [Case; 8] = [
            (
                "203.0.113.9",
                &["1.1.1.1"],
                &p,
                "203.0.113.9",
                "no trusted proxy: the peer, header ignored",
            ),
            (
                "172.18.0.5",
                &["198.51.100.7"],
                &p,
                "198.51.100.7",
                "nginx saw 198.51.100.7",
            ),
            (
                "172.18.0.5",
                &["6.6.6.6, 198.51.100.7"],
                &p,
                "198.51.100.7",
                "a forged left entry is skipped",
            ),
            (
                "172.18.0.5",
                &["6.6.6.6", "198.51.100.7"],
                &p,
                "198.51.100.7",
                "two header lines read as one list",
            ),
            (
                "172.18.0.5",
                &["198.51.100.7, 10.0.0.3"],
                &p,
                "198.51.100.7",
                "a second trusted hop is skipped",
            ),
            (
                "172.18.0.5",
                &["garbage, 10.0.0.3"],
                &p,
                "10.0.0.3",
                "garbage stops at the last vouched hop",
            ),
            (
                "172.18.0.5",
                &[],
                &p,
                "172.18.0.5",
                "no header: the proxy itself",
            ),
            (
                "172.18.0.5",
                &["198.51.100.7"],
                &[],
                "172.18.0.5",
                "nothing trusted: the peer",
            ),
        ];
        for (peer, xff, proxies, want, why) in cases {
            assert_eq!(
                resolve(Some(ip(peer)), xff, proxies),
                Some(ip(want)),
                "{why}"
            );
        }
        assert_eq!(
            resolve(Some(ip("172.18.0.5")), &["[2001:db8::1]:443"], &p),
            Some(ip("2001:db8::1"))
        );
    }

    #[test]
    fn https_is_believed_only_from_a_trusted_proxy() {
        let p = private();
        assert!(forwarded_https(Some(ip("172.18.0.5")), Some("https"), &p));
        assert!(!forwarded_https(Some(ip("203.0.113.9")), Some("https"), &p));
        assert!(!forwarded_https(Some(ip("172.18.0.5")), Some("http"), &p));
        assert!(!forwarded_https(Some(ip("172.18.0.5")), None, &p));
    }
}
