//! Compiled values of a defined source: what each name of an event holds and how it is drawn.
//!
//! A definition names *slots*: its columns, the helper names its events set, and the built-in
//! entity names (`user.sam`, `host.ip`, …) that link it to the shared organisation. Every value
//! spec compiles once into a [`Gen`]; per event the engine evaluates the slots it needs in a
//! precomputed order and stores each value as a [`Val`] (strings in one arena per unit), so no
//! string map is consulted per event.

use crate::entities::Org;
use crate::fmt::{self, Micros};
use crate::rng::{mix64, Rng};

/// A value held by a slot for one event. Strings live in the unit's arena.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Byte range in the arena.
    Str(u32, u32),
    /// Event time (microseconds since the epoch, UTC).
    Time(Micros),
}

/// One piece of a template: literal text or the value of another slot.
#[derive(Clone, Debug)]
pub enum Piece {
    Lit(String),
    Slot(usize),
}

/// Shape of a generated identifier.
#[derive(Clone, Copy, Debug)]
pub enum IdKind {
    Hex,
    HexUpper,
    Digits,
    Base62,
    Alnum,
}

impl IdKind {
    pub fn parse(s: &str) -> Option<IdKind> {
        Some(match s {
            "hex" => IdKind::Hex,
            "HEX" => IdKind::HexUpper,
            "digits" => IdKind::Digits,
            "base62" => IdKind::Base62,
            "alnum" => IdKind::Alnum,
            _ => return None,
        })
    }
    fn alphabet(self) -> &'static [u8] {
        match self {
            IdKind::Hex => b"0123456789abcdef",
            IdKind::HexUpper => b"0123456789ABCDEF",
            IdKind::Digits => b"0123456789",
            IdKind::Base62 => b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            IdKind::Alnum => b"0123456789abcdefghijklmnopqrstuvwxyz",
        }
    }
}

/// `len` characters of `alpha` from the random stream, a new 64-bit draw every eight.
fn push_id<const N: u64>(arena: &mut Vec<u8>, alpha: &[u8], len: usize, rng: &mut Rng) {
    let mut h = rng.next_u64();
    for k in 0..len {
        if k % 8 == 7 {
            h = rng.next_u64();
        }
        arena.push(alpha[(h % N) as usize]);
        h /= N;
    }
}

/// Entity names every definition can use; they link a defined source to the organisation the
/// built-in sources share (the same users, workstations, addresses).
pub const ENTITIES: &[&str] = &[
    "time",
    "user.sam",
    "user.name",
    "user.first",
    "user.email",
    "user.key",
    "user.sid",
    "user.uid",
    "user.department",
    "user.country",
    "user.workstation",
    "user.ip",
    "host.name",
    "host.fqdn",
    "host.ip",
    "org.domain",
    "org.email_domain",
    "org.company",
    "nat_ip",
    "external_ip",
    "bad_ip",
    "user_agent",
];

/// The entities as an enum, in [`ENTITIES`] order: generation matches on this, not on names.
#[derive(Clone, Copy)]
enum Ent {
    Time,
    UserSam,
    UserName,
    UserFirst,
    UserEmail,
    UserKey,
    UserSid,
    UserUid,
    UserDepartment,
    UserCountry,
    UserWorkstation,
    UserIp,
    HostName,
    HostFqdn,
    HostIp,
    OrgDomain,
    OrgEmailDomain,
    OrgCompany,
    NatIp,
    ExternalIp,
    BadIp,
    UserAgent,
}

const KINDS: [Ent; ENTITIES.len()] = [
    Ent::Time,
    Ent::UserSam,
    Ent::UserName,
    Ent::UserFirst,
    Ent::UserEmail,
    Ent::UserKey,
    Ent::UserSid,
    Ent::UserUid,
    Ent::UserDepartment,
    Ent::UserCountry,
    Ent::UserWorkstation,
    Ent::UserIp,
    Ent::HostName,
    Ent::HostFqdn,
    Ent::HostIp,
    Ent::OrgDomain,
    Ent::OrgEmailDomain,
    Ent::OrgCompany,
    Ent::NatIp,
    Ent::ExternalIp,
    Ent::BadIp,
    Ent::UserAgent,
];

/// A compiled value generator.
#[derive(Clone, Debug)]
pub enum Gen {
    /// No value: SQL NULL, and absent or `null` in the raw record as the format says.
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    Template(Vec<Piece>),
    /// One of `items`, by cumulative integer weights.
    Choice {
        items: Vec<Gen>,
        cum: Vec<u64>,
    },
    IntRange(i64, i64),
    /// Heavy-tailed integer: Pareto(xm, alpha), capped.
    Pareto {
        xm: f64,
        alpha: f64,
        max: f64,
    },
    /// Log-normal number (float, or rounded for an integer slot), capped.
    LogNormal {
        median: f64,
        sigma: f64,
        max: f64,
    },
    Id {
        kind: IdKind,
        len: usize,
        prefix: String,
    },
    /// Random (v4) UUID; `time_based` gives a v1 UUID from the event time (Okta's `uuid`).
    Uuid {
        time_based: bool,
    },
    /// A built-in entity name (index into [`ENTITIES`]).
    Entity(usize),
}

impl Gen {
    /// Slots this generator reads.
    pub fn refs(&self, out: &mut Vec<usize>) {
        match self {
            Gen::Template(p) => out.extend(p.iter().filter_map(|p| match p {
                Piece::Slot(s) => Some(*s),
                Piece::Lit(_) => None,
            })),
            Gen::Choice { items, .. } => items.iter().for_each(|g| g.refs(out)),
            _ => {}
        }
    }
}

/// The entities one event draws from: its user and host, chosen once per event, and in an
/// attack's events the attacker's address (index into the organisation's known-bad IPs), so
/// `bad_ip` is the same address through the attack.
pub struct Actors {
    pub user: usize,
    pub host: usize,
    pub attacker: Option<usize>,
}

/// Browser and tool user agents seen in SaaS and API logs (public, widespread strings).
const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Okta Verify/9.29.0 (iPhone; iOS 18.1; Apple)",
    "okta-sdk-java/8.2.5 java/17.0.9 Linux/5.15.0",
];
const USER_AGENT_WEIGHTS: &[u64] = &[40, 25, 14, 6, 8, 5, 2];

/// Evaluation state of one unit: the arena holding string values (UTF-8: only `str`s are
/// ever pushed).
pub struct Eval<'o> {
    pub org: &'o Org,
    pub seed: u64,
    pub arena: Vec<u8>,
}

impl Eval<'_> {
    pub fn str(&self, v: Val) -> &str {
        match v {
            Val::Str(a, b) => std::str::from_utf8(&self.arena[a as usize..b as usize])
                .expect("the arena holds whole strings"),
            _ => "",
        }
    }

    /// The bytes of a string value (for the raw renderers, which need no `str`).
    pub fn bytes(&self, v: Val) -> &[u8] {
        match v {
            Val::Str(a, b) => &self.arena[a as usize..b as usize],
            _ => b"",
        }
    }

    fn push_str(&mut self, s: &str) -> Val {
        let a = self.arena.len() as u32;
        self.arena.extend_from_slice(s.as_bytes());
        Val::Str(a, self.arena.len() as u32)
    }

    /// Appends the text form of a value (for templates).
    fn push_text(&mut self, v: Val) {
        match v {
            Val::Null => {}
            Val::Int(i) => fmt::push_i64(&mut self.arena, i),
            Val::Float(f) => self.arena.extend_from_slice(format!("{f}").as_bytes()),
            Val::Bool(b) => self.arena.extend_from_slice(if b { b"true" } else { b"false" }),
            Val::Str(a, b) => self.arena.extend_from_within(a as usize..b as usize),
            Val::Time(t) => fmt::push_iso_millis(&mut self.arena, t),
        }
    }

    /// Draws a value. `slots` holds the event's values so far (templates read them); `int`
    /// says the slot is an integer column (log-normal values are rounded).
    pub fn eval(
        &mut self,
        g: &Gen,
        slots: &[Val],
        actors: &Actors,
        t: Micros,
        int: bool,
        rng: &mut Rng,
    ) -> Val {
        match g {
            Gen::Null => Val::Null,
            Gen::Int(i) => Val::Int(*i),
            Gen::Float(f) => Val::Float(*f),
            Gen::Bool(b) => Val::Bool(*b),
            Gen::Str(s) => self.push_str(s),
            Gen::Template(pieces) => {
                let a = self.arena.len() as u32;
                for p in pieces {
                    match p {
                        Piece::Lit(s) => self.arena.extend_from_slice(s.as_bytes()),
                        Piece::Slot(i) => self.push_text(slots[*i]),
                    }
                }
                Val::Str(a, self.arena.len() as u32)
            }
            Gen::Choice { items, cum } => {
                let x = rng.below(*cum.last().expect("non-empty"));
                let i = cum.partition_point(|&c| c <= x);
                self.eval(&items[i], slots, actors, t, int, rng)
            }
            Gen::IntRange(lo, hi) => Val::Int(lo + rng.below((hi - lo + 1) as u64) as i64),
            Gen::Pareto { xm, alpha, max } => Val::Int(rng.pareto(*xm, *alpha).min(*max) as i64),
            Gen::LogNormal { median, sigma, max } => {
                let x = rng.lognormal(*median, *sigma).min(*max);
                if int {
                    Val::Int(x.round() as i64)
                } else {
                    Val::Float((x * 1000.0).round() / 1000.0)
                }
            }
            Gen::Id { kind, len, prefix } => {
                let a = self.arena.len() as u32;
                self.arena.extend_from_slice(prefix.as_bytes());
                // A constant radix per alphabet: the divisions become multiplications (a
                // 24-character hex id per event was a fifth of a syslog source's time).
                let (arena, len) = (&mut self.arena, *len);
                let alpha = kind.alphabet();
                match alpha.len() {
                    16 => push_id::<16>(arena, alpha, len, rng),
                    10 => push_id::<10>(arena, alpha, len, rng),
                    36 => push_id::<36>(arena, alpha, len, rng),
                    62 => push_id::<62>(arena, alpha, len, rng),
                    n => unreachable!("an alphabet of {n} characters"),
                }
                Val::Str(a, self.arena.len() as u32)
            }
            Gen::Uuid { time_based } => {
                let (hi, lo) = if *time_based {
                    // RFC 4122 v1: 60-bit count of 100 ns since 1582-10-15.
                    let ticks = (t as u64) * 10 + 0x01b2_1dd2_1381_4000 + rng.below(10);
                    let hi = (ticks & 0xffff_ffff) << 32
                        | ((ticks >> 32) & 0xffff) << 16
                        | 0x1000
                        | (ticks >> 48) & 0x0fff;
                    // Clock sequence and node: one of eight servers writing them.
                    let node = mix64(self.seed ^ 0x0c7a ^ rng.below(8));
                    (hi, node & 0x3fff_ffff_ffff_ffff | 0x8000_0000_0000_0000)
                } else {
                    let hi = rng.next_u64() & !0xf000 | 0x4000;
                    (hi, rng.next_u64() & 0x3fff_ffff_ffff_ffff | 0x8000_0000_0000_0000)
                };
                let a = self.arena.len() as u32;
                // Version and variant bits are already in `hi` and `lo`.
                fmt::push_guid_hex(&mut self.arena, hi, lo, false);
                Val::Str(a, self.arena.len() as u32)
            }
            Gen::Entity(e) => self.entity(*e, actors, t, rng),
        }
    }

    fn entity(&mut self, e: usize, actors: &Actors, t: Micros, rng: &mut Rng) -> Val {
        let org = self.org;
        let u = &org.users[actors.user];
        let h = &org.hosts[actors.host];
        let s: &str = match KINDS[e] {
            Ent::Time => return Val::Time(t),
            Ent::UserSam => &u.sam,
            Ent::UserName => &u.display_name,
            Ent::UserFirst => u.display_name.split(' ').next().unwrap_or(&u.display_name),
            Ent::UserEmail => &u.email,
            Ent::UserKey => {
                let k = mix64(self.seed ^ 0x05e7 ^ (actors.user as u64) << 20);
                let a = self.arena.len() as u32;
                let alpha = IdKind::Base62.alphabet();
                let mut x = k;
                for _ in 0..10 {
                    self.arena.push(alpha[(x % 62) as usize]);
                    x /= 62;
                }
                let mut x = mix64(k);
                for _ in 0..7 {
                    self.arena.push(alpha[(x % 62) as usize]);
                    x /= 62;
                }
                return Val::Str(a, self.arena.len() as u32);
            }
            Ent::UserSid => &u.sid,
            // A POSIX uid: stable per user, in the range login.defs gives people.
            Ent::UserUid => return Val::Int(1000 + (u.rid as i64 % 59_000)),
            Ent::UserDepartment => u.department,
            Ent::UserCountry => u.country,
            Ent::UserWorkstation => &org.hosts[u.workstation].name,
            Ent::UserIp => &org.hosts[u.workstation].ip_str,
            Ent::HostName => &h.name,
            Ent::HostFqdn => &h.fqdn,
            Ent::HostIp => &h.ip_str,
            Ent::OrgDomain => &org.dns_domain,
            Ent::OrgEmailDomain => &org.email_domain,
            Ent::OrgCompany => &org.company,
            Ent::NatIp => {
                let i = (mix64(actors.user as u64 ^ self.seed)
                    % org.nat_ip_strs.len().max(1) as u64) as usize;
                org.nat_ip_strs.get(i).map_or("", |s| s.as_str())
            }
            Ent::ExternalIp => &org.external_ip_strs[org.external_ip(rng)],
            Ent::BadIp => match (actors.attacker, org.bad_ip_strs.len()) {
                (Some(i), _) => &org.bad_ip_strs[i],
                (None, 0) => "",
                (None, n) => &org.bad_ip_strs[rng.below(n as u64) as usize],
            },
            Ent::UserAgent => {
                // A user keeps their browser; a few calls come from other clients.
                let i = if rng.chance(0.85) {
                    let k = mix64(self.seed ^ 0x0a6e ^ actors.user as u64);
                    pick_weighted(USER_AGENT_WEIGHTS, k % 100)
                } else {
                    rng.below(USER_AGENTS.len() as u64) as usize
                };
                USER_AGENTS[i]
            }
        };
        // `s` borrows the organisation, not the arena.
        let a = self.arena.len() as u32;
        self.arena.extend_from_slice(s.as_bytes());
        Val::Str(a, self.arena.len() as u32)
    }
}

fn pick_weighted(weights: &[u64], x: u64) -> usize {
    let total: u64 = weights.iter().sum();
    let mut x = x % total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}
