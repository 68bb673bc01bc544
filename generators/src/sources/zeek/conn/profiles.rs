//! The background connection kinds (who talks to whom, on what, how much) with their weights,
//! and the TCP state/history outcomes.

use super::ConnState;
use crate::rng::Weighted;
use crate::sources::zeek::Proto;
use std::sync::OnceLock;

#[derive(Clone, Copy)]
pub(super) enum Dst {
    Internet,
    Dc,
    Server,
    Multicast(&'static str),
    SubnetBroadcast,
}

#[derive(Clone, Copy)]
pub(super) enum Port {
    Fixed(u16),
    /// Source and destination port equal (NTP, NetBIOS, mDNS).
    Same(u16),
    /// The DC's dynamic RPC range after an endpoint-mapper lookup.
    DynamicRpc,
}

#[derive(Clone, Copy)]
pub(super) enum Exchange {
    /// TCP with a state/history outcome drawn from `TCP_OUTCOMES`.
    TcpSession,
    /// UDP request/response: SF `Dd`.
    Datagrams,
    /// UDP to multicast/broadcast, nobody answers in-flow: S0 `D`.
    UdpOneWay,
    /// ICMP echo: OTH, no history, type/code as ports.
    Ping,
}

/// A kind of background connection: who talks to whom, on what, and how much.
pub(super) struct Profile {
    pub(super) proto: Proto,
    pub(super) port: Port,
    pub(super) services: &'static [&'static str],
    pub(super) dst: Dst,
    pub(super) exchange: Exchange,
    /// Median seconds / log-sigma of duration, orig and resp payload bytes.
    pub(super) dur: (f64, f64),
    pub(super) orig: (f64, f64),
    pub(super) resp: (f64, f64),
    /// Share of these connections that carry a bulk transfer (heavy response tail).
    pub(super) bulk: f64,
}

pub(super) const SSL: &[&str] = &["ssl"];
pub(super) const HTTP: &[&str] = &["http"];
pub(super) const NONE: &[&str] = &[""];
pub(super) const SMB: &[&str] = &[
    "krb,smb,gssapi",
    "gssapi,smb,krb",
    "krb,gssapi,smb",
    "smb,krb,gssapi",
    "krb,smb,gssapi,dce_rpc",
];
pub(super) const RPC: &[&str] = &["dce_rpc", "dce_rpc,gssapi", "gssapi,dce_rpc"];
pub(super) const DNS: &[&str] = &["dns"];

#[allow(clippy::too_many_arguments)] // one row of the PROFILES table
const fn p(
    proto: Proto,
    port: Port,
    services: &'static [&'static str],
    dst: Dst,
    exchange: Exchange,
    dur: (f64, f64),
    orig: (f64, f64),
    resp: (f64, f64),
    bulk: f64,
) -> Profile {
    Profile { proto, port, services, dst, exchange, dur, orig, resp, bulk }
}

use Dst::*;
use Exchange::*;
use Port::*;
use Proto::*;

/// Background connection kinds with weights per 1000 rows (DNS comes from dns.log on top).
/// Internet TLS dominates; AD traffic to DCs (Kerberos, LDAP, RPC, SMB/SYSVOL) is next.
pub(super) const PROFILES: &[(Profile, u64)] = &[
    (
        p(
            Tcp,
            Fixed(443),
            SSL,
            Internet,
            TcpSession,
            (0.8, 2.0),
            (900.0, 1.2),
            (4500.0, 2.0),
            0.02,
        ),
        430,
    ),
    (
        p(
            Tcp,
            Fixed(80),
            HTTP,
            Internet,
            TcpSession,
            (0.3, 1.5),
            (450.0, 0.8),
            (2500.0, 2.2),
            0.02,
        ),
        45,
    ),
    (
        p(
            Udp,
            Fixed(443),
            &["quic"],
            Internet,
            Datagrams,
            (2.0, 1.8),
            (3000.0, 1.4),
            (12000.0, 2.0),
            0.03,
        ),
        25,
    ),
    (
        p(Tcp, Fixed(443), SSL, Server, TcpSession, (0.6, 1.8), (1200.0, 1.2), (6000.0, 1.8), 0.01),
        40,
    ),
    (p(Tcp, Fixed(8443), SSL, Server, TcpSession, (0.4, 1.5), (900.0, 1.0), (3000.0, 1.5), 0.0), 8),
    (
        p(
            Tcp,
            Fixed(88),
            &["krb_tcp"],
            Dc,
            TcpSession,
            (0.005, 1.0),
            (1600.0, 0.3),
            (1700.0, 0.3),
            0.0,
        ),
        45,
    ),
    (
        p(
            Tcp,
            Fixed(389),
            &["ldap_tcp"],
            Dc,
            TcpSession,
            (0.03, 2.5),
            (700.0, 1.0),
            (2500.0, 1.3),
            0.0,
        ),
        45,
    ),
    (
        p(
            Udp,
            Fixed(389),
            &["ldap_udp"],
            Dc,
            Datagrams,
            (0.001, 0.5),
            (180.0, 0.2),
            (250.0, 0.3),
            0.0,
        ),
        25,
    ),
    (
        p(
            Tcp,
            Fixed(135),
            &["dce_rpc"],
            Dc,
            TcpSession,
            (0.01, 1.0),
            (220.0, 0.3),
            (150.0, 0.3),
            0.0,
        ),
        25,
    ),
    (p(Tcp, DynamicRpc, RPC, Dc, TcpSession, (15.0, 1.5), (2000.0, 1.5), (1500.0, 1.5), 0.0), 25),
    (p(Tcp, Fixed(445), SMB, Dc, TcpSession, (0.5, 2.0), (3000.0, 1.3), (8000.0, 1.8), 0.0), 20),
    (
        p(
            Tcp,
            Fixed(445),
            SMB,
            Server,
            TcpSession,
            (20.0, 2.0),
            (5000.0, 2.0),
            (60000.0, 2.5),
            0.03,
        ),
        45,
    ),
    (p(Udp, Same(123), &["ntp"], Dc, Datagrams, (0.001, 0.5), (48.0, 0.0), (48.0, 0.0), 0.0), 12),
    (
        p(
            Tcp,
            Fixed(5985),
            HTTP,
            Server,
            TcpSession,
            (2.0, 1.5),
            (6000.0, 1.2),
            (4000.0, 1.2),
            0.0,
        ),
        6,
    ),
    (
        p(
            Tcp,
            Fixed(3389),
            &["rdp"],
            Server,
            TcpSession,
            (300.0, 1.5),
            (200_000.0, 1.5),
            (2_000_000.0, 1.8),
            0.0,
        ),
        3,
    ),
    (
        p(
            Tcp,
            Fixed(1433),
            NONE,
            Server,
            TcpSession,
            (0.2, 2.0),
            (1500.0, 1.5),
            (8000.0, 2.0),
            0.02,
        ),
        15,
    ),
    (
        p(
            Tcp,
            Fixed(8530),
            HTTP,
            Server,
            TcpSession,
            (1.0, 1.5),
            (600.0, 0.8),
            (20000.0, 2.5),
            0.05,
        ),
        15,
    ),
    (
        p(
            Tcp,
            Fixed(9100),
            NONE,
            Server,
            TcpSession,
            (3.0, 1.0),
            (200_000.0, 1.2),
            (100.0, 0.5),
            0.0,
        ),
        4,
    ),
    (
        p(
            Udp,
            Same(137),
            DNS,
            SubnetBroadcast,
            UdpOneWay,
            (1.5, 0.2),
            (50.0, 0.0),
            (0.0, 0.0),
            0.0,
        ),
        10,
    ),
    (
        p(
            Udp,
            Same(138),
            NONE,
            SubnetBroadcast,
            UdpOneWay,
            (0.0, 0.0),
            (201.0, 0.1),
            (0.0, 0.0),
            0.0,
        ),
        8,
    ),
    (
        p(
            Udp,
            Fixed(5355),
            DNS,
            Multicast("224.0.0.252"),
            UdpOneWay,
            (0.4, 0.2),
            (30.0, 0.3),
            (0.0, 0.0),
            0.0,
        ),
        10,
    ),
    (
        p(
            Udp,
            Same(5353),
            DNS,
            Multicast("224.0.0.251"),
            UdpOneWay,
            (1.0, 1.0),
            (60.0, 0.5),
            (0.0, 0.0),
            0.0,
        ),
        8,
    ),
    (
        p(
            Udp,
            Fixed(1900),
            NONE,
            Multicast("239.255.255.250"),
            UdpOneWay,
            (3.0, 0.3),
            (170.0, 0.2),
            (0.0, 0.0),
            0.0,
        ),
        6,
    ),
    (p(Icmp, Fixed(0), NONE, Server, Ping, (3.0, 0.05), (32.0, 0.0), (32.0, 0.0), 0.0), 5),
];

/// TCP outcomes per 1000 connections: APT29's two-sided capture (tcp only) has SF 53 %,
/// RSTO 31 %, RSTR 11 %, S0 2.8 %, REJ 0.7 %, S1 0.7 %, OTH < 0.1 %.
pub(super) const TCP_OUTCOMES: &[((ConnState, &str), u64)] = &[
    ((ConnState::Sf, "ShADadfF"), 420),
    ((ConnState::Sf, "ShADadFf"), 60),
    ((ConnState::Sf, "ShADdaFf"), 30),
    ((ConnState::Sf, "ShADdtFaf"), 25),
    ((ConnState::Sf, "ShAFaf"), 15),
    ((ConnState::Rsto, "ShADadfR"), 200),
    ((ConnState::Rsto, "ShADadR"), 45),
    ((ConnState::Rsto, "ShADdR"), 20),
    ((ConnState::Rsto, "ShADdaR"), 15),
    ((ConnState::Rstr, "ShADadFr"), 50),
    ((ConnState::Rstr, "ShADdFar"), 35),
    ((ConnState::Rstr, "ShADadr"), 20),
    ((ConnState::S0, "S"), 30),
    ((ConnState::Rej, "Sr"), 7),
    ((ConnState::S1, "ShADad"), 5),
    ((ConnState::Sh, "SF"), 2),
    ((ConnState::Oth, "H"), 1),
];

pub(super) struct Tables {
    pub(super) profiles: Weighted<usize>,
    pub(super) tcp: Weighted<(ConnState, &'static str)>,
}

pub(super) fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        profiles: Weighted::new(
            &PROFILES.iter().enumerate().map(|(i, (_, w))| (i, *w)).collect::<Vec<_>>(),
        ),
        tcp: Weighted::new(TCP_OUTCOMES),
    })
}
