//! Webhook rules: which events there are, which addresses a force may register, and when
//! a failed delivery is tried again.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use crate::status::Status;

/// What happened to an assignment, as a webhook announces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WebhookEvent {
    Completed,
    NotPassed,
    Overdue,
    /// Sent by an admin to check the address works; never about a real assignment.
    Test,
}

impl WebhookEvent {
    /// The events an endpoint can subscribe to.
    pub const SUBSCRIBABLE: [Self; 3] = [Self::Completed, Self::NotPassed, Self::Overdue];

    /// The event's name in payloads, headers and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Completed => "assignment.completed",
            Self::NotPassed => "assignment.not_passed",
            Self::Overdue => "assignment.overdue",
            Self::Test => "webhook.test",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::Completed, Self::NotPassed, Self::Overdue, Self::Test]
            .into_iter()
            .find(|event| event.as_str() == name)
    }

    /// What an admin reads in the delivery log.
    pub fn label(self) -> &'static str {
        match self {
            Self::Completed => "Course completed",
            Self::NotPassed => "Course finished, not passed",
            Self::Overdue => "Deadline passed",
            Self::Test => "Test event",
        }
    }

    /// The key that makes an event happen once per endpoint: an assignment completes
    /// once, but becomes overdue again after its deadline is extended and passes again.
    pub fn key(self, assignment: &str, deadline: &str) -> String {
        match self {
            Self::Overdue => format!("{}:{assignment}:{deadline}", self.as_str()),
            _ => format!("{}:{assignment}", self.as_str()),
        }
    }
}

/// The event announcing that an assignment closed with `status`; none for a status that
/// is not a course ending (withdrawing is the force's own act, not news to it).
pub fn closing_event(status: Status) -> Option<WebhookEvent> {
    match status {
        Status::Completed => Some(WebhookEvent::Completed),
        Status::NotPassed => Some(WebhookEvent::NotPassed),
        _ => None,
    }
}

/// The events an endpoint subscribes to, stored as names separated by commas.
pub fn parse_event_list(stored: &str) -> Vec<WebhookEvent> {
    stored
        .split(',')
        .filter_map(|name| WebhookEvent::parse(name.trim()))
        .filter(|event| *event != WebhookEvent::Test)
        .collect()
}

pub fn format_event_list(events: &[WebhookEvent]) -> String {
    events
        .iter()
        .map(|event| event.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Why an address cannot be registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressProblem {
    Empty,
    TooLong,
    NotAnAddress,
    /// `http://` to somewhere other than this machine, or another scheme.
    NotHttps,
    /// Holds a user name or password, which would be sent in the clear in logs.
    HasCredentials,
    /// Points into this machine or a private network, which this server is set up not
    /// to send to.
    PrivateNetwork,
}

impl AddressProblem {
    /// The error message, saying how to fix it.
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => "Enter the address to send events to",
            Self::TooLong => "The address must be 2,000 characters or fewer",
            Self::NotAnAddress => {
                "Enter a full web address, like https://records.example.police.uk/reroute"
            }
            Self::NotHttps => "The address must start with https://",
            Self::HasCredentials => {
                "Remove the user name and password from the address: each event is signed instead"
            }
            Self::PrivateNetwork => {
                "Enter an address on the internet: this server does not send events to private or local network addresses"
            }
        }
    }
}

pub const MAX_ADDRESS_LENGTH: usize = 2000;

/// An address split into the parts the delivery needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookAddress {
    pub https: bool,
    /// The host as written: a name, an IPv4 address, or an IPv6 address without brackets.
    pub host: String,
}

/// Checks an address an admin typed. `https://` is required. Unless the operator
/// allows private networks (`allow_private`: a server inside a force's network, or
/// tests), an address naming a loopback, private or link-local IP is refused, so an
/// admin cannot point the server at its own internal services; names are checked again
/// whenever they are looked up. With private networks allowed, plain `http://` is also
/// accepted to this machine itself, where nothing crosses a network.
pub fn check_address(address: &str, allow_private: bool) -> Result<WebhookAddress, AddressProblem> {
    if address.is_empty() {
        return Err(AddressProblem::Empty);
    }
    if address.chars().count() > MAX_ADDRESS_LENGTH {
        return Err(AddressProblem::TooLong);
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AddressProblem::NotAnAddress);
    }
    let lower = address.to_ascii_lowercase();
    let (https, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else if lower.contains("://") {
        return Err(AddressProblem::NotHttps);
    } else {
        return Err(AddressProblem::NotAnAddress);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(AddressProblem::HasCredentials);
    }
    let host = host_of(authority).ok_or(AddressProblem::NotAnAddress)?;
    let loopback = is_loopback_name(&host);
    let plain_http_allowed = allow_private && loopback;
    if !(https || plain_http_allowed) {
        return Err(AddressProblem::NotHttps);
    }
    if !allow_private {
        let private = match host.parse::<IpAddr>() {
            Ok(ip) => !is_public(ip),
            Err(_) => loopback || host.ends_with(".localhost"),
        };
        if private {
            return Err(AddressProblem::PrivateNetwork);
        }
    }
    Ok(WebhookAddress { https, host })
}

/// The host of `host[:port]` or `[v6]:port`, if it is well formed.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        host.parse::<Ipv6Addr>().ok()?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if let Some(port) = port
        && port.parse::<u16>().map_or(true, |port| port == 0)
    {
        return None;
    }
    let valid_name = host.split('.').all(|label| {
        !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    (valid_name || host.parse::<Ipv6Addr>().is_ok()).then(|| host.to_owned())
}

fn is_loopback_name(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Whether an address is on the public internet (or a force's own routed network):
/// not loopback, private, link-local, shared, documentation, multicast or unspecified.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => {
                let first = v6.segments()[0];
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
                    || first == 0x2001 && v6.segments()[1] == 0x0db8)
            }
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || a >= 240)
}

/// How many times a delivery is tried before it is marked failed.
pub const MAX_ATTEMPTS: i32 = 10;

/// How long to wait after a delivery's `attempts_made`th failed attempt, or `None` once
/// it has had all its tries. The waits grow from one minute to a day, about two days in
/// all, so a receiver that is down for a day still gets everything.
pub fn retry_delay(attempts_made: i32) -> Option<Duration> {
    const MINUTES: [u64; 9] = [1, 5, 15, 30, 60, 120, 360, 720, 1440];
    if attempts_made >= MAX_ATTEMPTS {
        return None;
    }
    let index = usize::try_from(attempts_made.max(1) - 1).unwrap_or_default();
    MINUTES
        .get(index)
        .map(|minutes| Duration::from_secs(minutes * 60))
}

/// The state of one delivery as an admin reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryState {
    /// Not yet sent, or waiting to be tried again.
    Pending,
    Delivered,
    /// Every try failed; an admin can send it again.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        [Self::Pending, Self::Delivered, Self::Failed]
            .into_iter()
            .find(|state| state.as_str() == stored)
    }
}

/// Whether a response status means the receiver accepted the event. Redirects are not
/// followed (they could point anywhere), so they count as failures.
pub fn accepted(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_round_trip_and_only_real_events_can_be_subscribed() {
        for event in [
            WebhookEvent::Completed,
            WebhookEvent::NotPassed,
            WebhookEvent::Overdue,
            WebhookEvent::Test,
        ] {
            assert_eq!(WebhookEvent::parse(event.as_str()), Some(event));
        }
        assert_eq!(WebhookEvent::parse("assignment.deleted"), None);
        assert_eq!(
            parse_event_list("assignment.completed, webhook.test,bogus,assignment.overdue"),
            vec![WebhookEvent::Completed, WebhookEvent::Overdue]
        );
        assert_eq!(
            format_event_list(&WebhookEvent::SUBSCRIBABLE),
            "assignment.completed,assignment.not_passed,assignment.overdue"
        );
    }

    #[test]
    fn only_a_course_ending_is_announced_when_an_assignment_closes() {
        assert_eq!(
            closing_event(Status::Completed),
            Some(WebhookEvent::Completed)
        );
        assert_eq!(
            closing_event(Status::NotPassed),
            Some(WebhookEvent::NotPassed)
        );
        for status in [
            Status::Assigned,
            Status::InProgress,
            Status::Overdue,
            Status::Withdrawn,
        ] {
            assert_eq!(closing_event(status), None, "{status:?}");
        }
    }

    #[test]
    fn an_assignment_completes_once_but_is_overdue_once_per_deadline() {
        let completed = WebhookEvent::Completed.key("a1", "2027-03-01");
        assert_eq!(completed, WebhookEvent::Completed.key("a1", "2027-04-01"));
        assert_ne!(
            WebhookEvent::Overdue.key("a1", "2027-03-01"),
            WebhookEvent::Overdue.key("a1", "2027-04-01")
        );
        assert_ne!(completed, WebhookEvent::Completed.key("a2", "2027-03-01"));
    }

    #[test]
    fn https_addresses_on_the_internet_are_accepted() {
        let address = check_address("https://records.example.police.uk:8443/hooks?x=1", false);
        assert_eq!(
            address,
            Ok(WebhookAddress {
                https: true,
                host: "records.example.police.uk".to_owned()
            })
        );
        assert!(check_address("HTTPS://Records.Example.org/", false).is_ok());
        assert!(check_address("https://[2a00:1450::1]/hook", false).is_ok());
    }

    #[test]
    fn private_and_loopback_addresses_are_accepted_only_when_allowed() {
        for address in [
            "http://127.0.0.1:9000/hook",
            "http://localhost:9000/",
            "http://[::1]:9000/",
        ] {
            assert_eq!(
                check_address(address, false),
                Err(AddressProblem::NotHttps),
                "{address}"
            );
            assert!(check_address(address, true).is_ok(), "{address}");
        }
        assert_eq!(
            check_address("https://127.0.0.1/", false),
            Err(AddressProblem::PrivateNetwork)
        );
        assert_eq!(
            check_address("https://localhost/", false),
            Err(AddressProblem::PrivateNetwork)
        );
        assert!(check_address("https://10.20.30.40/hook", true).is_ok());
        assert_eq!(
            check_address("http://10.20.30.40/hook", true),
            Err(AddressProblem::NotHttps)
        );
    }

    #[test]
    fn bad_addresses_are_refused_with_a_reason() {
        let cases = [
            ("", AddressProblem::Empty),
            ("records.example.org/hook", AddressProblem::NotAnAddress),
            ("http://records.example.org/hook", AddressProblem::NotHttps),
            ("ftp://records.example.org/", AddressProblem::NotHttps),
            ("javascript://alert(1)", AddressProblem::NotHttps),
            (
                "https://user:pw@records.example.org/",
                AddressProblem::HasCredentials,
            ),
            ("https://records example.org/", AddressProblem::NotAnAddress),
            (
                "https://records.example.org:99999/",
                AddressProblem::NotAnAddress,
            ),
            (
                "https://records.example.org:0/",
                AddressProblem::NotAnAddress,
            ),
            ("https://records..org/", AddressProblem::NotAnAddress),
            ("https://[zz::1]/", AddressProblem::NotAnAddress),
            ("https:///path", AddressProblem::NotAnAddress),
            ("https://10.1.2.3/", AddressProblem::PrivateNetwork),
            ("https://192.168.0.1/", AddressProblem::PrivateNetwork),
            (
                "https://169.254.169.254/latest",
                AddressProblem::PrivateNetwork,
            ),
            ("https://[fd00::1]/", AddressProblem::PrivateNetwork),
            ("https://[::ffff:10.0.0.1]/", AddressProblem::PrivateNetwork),
            ("https://svc.localhost/", AddressProblem::PrivateNetwork),
        ];
        for (address, problem) in cases {
            assert_eq!(check_address(address, false), Err(problem), "{address}");
            assert!(!problem.message().is_empty());
        }
        let long = format!("https://example.org/{}", "a".repeat(MAX_ADDRESS_LENGTH));
        assert_eq!(check_address(&long, false), Err(AddressProblem::TooLong));
    }

    #[test]
    fn only_public_addresses_are_public() {
        for public in ["8.8.8.8", "81.2.69.160", "2a00:1450::1"] {
            assert!(
                is_public(public.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))),
                "{public}"
            );
        }
        for private in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "192.0.2.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(
                !is_public(private.parse().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))),
                "{private}"
            );
        }
    }

    #[test]
    fn retries_back_off_from_a_minute_to_a_day_then_stop() {
        let waits: Vec<u64> = (1..MAX_ATTEMPTS)
            .map(|attempt| retry_delay(attempt).map_or(0, |wait| wait.as_secs() / 60))
            .collect();
        assert_eq!(waits, vec![1, 5, 15, 30, 60, 120, 360, 720, 1440]);
        assert!(waits.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
        assert_eq!(retry_delay(MAX_ATTEMPTS + 5), None);
        let total_hours: u64 = waits.iter().sum::<u64>() / 60;
        assert!((40..=48).contains(&total_hours), "{total_hours}");
    }

    #[test]
    fn only_2xx_responses_count_as_delivered() {
        assert!(accepted(200));
        assert!(accepted(204));
        for status in [100, 301, 302, 400, 404, 410, 500, 503] {
            assert!(!accepted(status), "{status}");
        }
    }

    #[test]
    fn delivery_states_round_trip() {
        for state in [
            DeliveryState::Pending,
            DeliveryState::Delivered,
            DeliveryState::Failed,
        ] {
            assert_eq!(DeliveryState::parse(state.as_str()), Some(state));
        }
        assert_eq!(DeliveryState::parse("lost"), None);
    }
}
