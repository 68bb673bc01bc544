//! Identifiers with lifetimes: the values real Security logs repeat because they come from
//! per-host, per-process and per-boot pools, not from a fresh random draw per event.
//!
//! Every value here is a pure function of (seed, host, process, time bucket) plus, where a pool
//! has several members, one draw from the unit's random stream that picks the member. So any
//! slot generated alone (`--part`, any thread count) sees the same pools as a full run.
//!
//! - **Threads** (`Execution ThreadID`): a host writes its audit events from a handful of
//!   threads (real: 7–12 distinct per host in a few minutes, the busiest about a quarter of the
//!   events). Kernel-reported events (object access, filtering platform, processes; Execution
//!   ProcessID 4) come from a pool of 5–9 threads, LSA events from 2–3. Thread `j` of a pool lives
//!   one day (the first three, long-running service threads) or two hours, then is replaced.
//! - **Handles** (`HandleId`, `SourceHandleId`): a process opens and closes the same objects in
//!   a loop and Windows reuses freed handle-table slots, so a process shows 2–8 handle values per
//!   hour; the duplicate in the kernel (`TargetHandleId` in pid 4) is one value per source process.
//! - **WFP filters** (`FilterRTID`): the run-time ids of the 4–8 filters that match a host's
//!   traffic, fixed for a boot (hosts reboot weekly, at a per-host phase); which filter matches
//!   is a function of the application, port and direction, so a busy application keeps one id.
//! - **EventRecordID**: one counter per host (and channel: everything here is Security), see
//!   [`RecordIds`].

use crate::entities::{HostRole, Org};
use crate::fmt::{Micros, MICROS_PER_SEC};
use crate::rng::{derive, mix64, Rng};
use crate::time::SLOT_MICROS;
use crate::{BlockCtx, SourceKind};

const HOUR: i64 = 3600 * MICROS_PER_SEC;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;

/// Cumulative Zipf(1.1) weights over pool members 0..12 (scaled to 2^32).
const ZIPF: [u64; 12] = {
    // 1/(j+1)^1.1 for j = 0..12, times 1e6, rounded.
    let w: [u64; 12] = [
        1_000_000, 466_516, 298_660, 217_638, 170_636, 139_858, 118_153, 101_532, 89_303, 79_433,
        71_393, 64_719,
    ];
    let mut c = [0u64; 12];
    let mut acc = 0;
    let mut i = 0;
    while i < 12 {
        acc += w[i];
        c[i] = acc;
        i += 1;
    }
    c
};

/// A Zipf-weighted member index in `0..n` (n ≤ 12).
#[inline]
pub(super) fn zipf(rng: &mut Rng, n: usize) -> usize {
    let n = n.clamp(1, 12);
    let x = rng.below(ZIPF[n - 1]);
    ZIPF[..n].iter().position(|&c| x < c).unwrap_or(n - 1)
}

/// Which process writes the event: the kernel (pid 4) or LSA.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Writer {
    Kernel,
    Lsa,
}

/// `Execution ThreadID` of an event on `host` at `t`.
#[inline]
pub(super) fn thread_id(seed: u64, host: usize, writer: Writer, t: Micros, rng: &mut Rng) -> u32 {
    let h = mix64(seed ^ 0x7d1d ^ ((host as u64) << 20) ^ writer as u64);
    let n = match writer {
        Writer::Kernel => 5 + (h % 5) as usize,
        Writer::Lsa => 2 + ((h >> 8) % 2) as usize,
    };
    let j = zipf(rng, n);
    let life = if j < 3 { DAY } else { 2 * HOUR };
    let phase = (mix64(h ^ j as u64) % life as u64) as i64;
    let epoch = (t + phase).div_euclid(life) as u64;
    let v = mix64(h ^ mix64((j as u64) << 40 ^ epoch));
    // Thread ids are multiples of 4; system threads sit low, worker threads up to ~0x2000.
    (0x40 + (v % 0x1f00) as u32) & !3
}

/// A handle a process `pid` on `host` uses at `t`: one of its 2–8 recycled handle values.
#[inline]
pub(super) fn handle(seed: u64, host: usize, pid: u32, t: Micros, rng: &mut Rng) -> u32 {
    let epoch = t.div_euclid(HOUR) as u64;
    let h = mix64(seed ^ mix64(0x4a4d ^ (host as u64) << 40 ^ (pid as u64) << 20 ^ epoch));
    let n = 2 + (h % 7) as usize;
    let j = zipf(rng, n);
    let v = mix64(h ^ (j as u64 + 1));
    // Most handles of a long-running process sit in its first table page; a few are high.
    if v.is_multiple_of(10) {
        (0x1000 + (v >> 8) % 0x1000 * 4) as u32 & !3
    } else {
        (0x200 + (v >> 8) % 0x200 * 4) as u32 & !3
    }
}

/// Activities whose choices repeat through [`poller`].
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Handle = 0x4656,
    Token = 0x4703,
    Connect = 0x5156,
}

/// The random stream behind an object access on `host` at `t`: most of a host's audited
/// accesses come from a few *pollers*, processes that open the same objects in a loop for a
/// while (the real DC: one svchost and two objects behind 58 4656s in 4.5 minutes; the real
/// workstation: three processes, three objects), and the rest are one-offs. A poller is one of
/// the host's 2-6 members for the hour; its stream, seeded by (seed, host, hour, member), makes
/// the same choice of process, object class, access and object every time. `None`: a one-off,
/// drawn from the unit's stream. `kind` keeps the pollers of different activities apart and
/// sets how many a host has: token adjustments (4703) repeat the same way (the real DC: one
/// svchost behind 150 of 151), and so do a host's connections (`Kind::Connect`: the programs
/// that talk to the network in an hour and the servers each keeps returning to; the real
/// workstations: 3-4 applications, 7-8 addresses).
#[inline]
pub(super) fn poller(seed: u64, kind: Kind, host: usize, t: Micros, rng: &mut Rng) -> Option<Rng> {
    if !rng.chance(0.75) {
        return None;
    }
    let h = derive(seed, &[kind as u64, host as u64, t.div_euclid(HOUR) as u64]);
    let (lo, span) = match kind {
        Kind::Handle | Kind::Token => (2, 5),
        Kind::Connect => (5, 8),
    };
    let j = zipf(rng, lo + (h % span) as usize);
    Some(Rng::new(mix64(h ^ (j as u64 + 1))))
}

/// The ephemeral (source) port `host` hands out at `t`. Windows allocates dynamic ports from
/// 49152-65535 in order, so a host's client ports climb at its connection rate and wrap (the
/// real DC: 62900 to 62935 in four minutes; the busy real workstation 56891 to 57036 in three
/// and a half; the quiet one 49758 to 49769). The rate is the host's own, log-uniform within its
/// role's range (connections per second, most never audited), plus a jitter of a few ports for
/// the connections in between. A pure function of (seed, host, t) and one draw.
#[inline]
pub(super) fn ephemeral_port(
    seed: u64,
    host: usize,
    role: HostRole,
    t: Micros,
    rng: &mut Rng,
) -> u16 {
    let h = mix64(seed ^ 0xe9e7 ^ (host as u64) << 16);
    let (lo, hi): (f64, f64) = match role {
        HostRole::Workstation => (0.03, 1.0),
        HostRole::Server => (0.1, 2.0),
        HostRole::DomainController => (0.2, 3.0),
    };
    let u = (h >> 11) as f64 / (1u64 << 53) as f64;
    let rate = lo * (hi / lo).powf(u);
    let n = (t as f64 / MICROS_PER_SEC as f64 * rate) as u64 + h % 16_384 + rng.below(4);
    49_152 + (n % 16_384) as u16
}

/// The kernel's (pid 4) duplicate of handles `src_pid` hands over: one value per process and hour.
#[inline]
pub(super) fn dup_target(seed: u64, host: usize, src_pid: u32, t: Micros) -> u32 {
    let epoch = t.div_euclid(HOUR) as u64;
    let v = derive(seed, &[0x4690, host as u64, src_pid as u64, epoch]);
    (0x1000 + (v % 0x800) * 4) as u32
}

/// `FilterRTID` of the filter matching (application, port, direction) on `host` at `t`.
#[inline]
pub(super) fn filter_rtid(seed: u64, host: usize, t: Micros, key: u64) -> u32 {
    let h = mix64(seed ^ 0xf17e ^ ((host as u64) << 24));
    let boot = (t + (h % WEEK as u64) as i64).div_euclid(WEEK) as u64;
    let b = mix64(h ^ boot);
    let n = 4 + b % 5;
    let k = mix64(key ^ h) % n;
    let base = 64_000 + (b >> 16) % 6_000;
    let v = mix64(b ^ (k + 1));
    // A cluster of neighbouring ids (filters added together at boot) and a few later ones.
    (if k < 3 { base + v % 12 } else { base + 300 + v % 4_000 }) as u32
}

/// Per-host `EventRecordID` counters that any slice can compute alone.
///
/// A host's counter at the start of (slot `s`, block `b`) is `first(h) + floor(F_h(s, b))` with
/// `F_h` a sum over the slots before `s` of each block's *allotment*
/// `1.5·p·E + 8·√(p·E) + 16`, where `E` is the block's background events (known for every slot
/// from the rate model without generating it) and `p` the host's expected share of the
/// source's events (from its role and the activity skew). The block's events on `h` are then
/// numbered `+0, +1, …` in time order. Events come in clusters (a handle's open/use/close, a
/// share session's 5145s), so the allotment is 1.5× the expectation (host shares are estimated
/// within ±40 %) plus eight Poisson deviations plus room for a cluster (40: a 5447 burst), and a host skips 128 numbers
/// per attack injected before the block that can write to it (its target, the user's
/// workstation, the DCs): a block never runs
/// into the next block's range, and consecutive blocks leave a gap, so the counter looks like a
/// forwarder subscription that filters some EventIDs (quiet hosts skip more numbers). The prefix sums over slots are computed once per generator
/// (`Generator::windows_prefix`).
pub struct RecordIds<'o> {
    seed: u64,
    /// Each host's expected share (`Generator::windows_prefix`).
    shares: &'o [f64],
    /// (events before the block, √-term before the block, blocks before the block).
    at: [f64; 3],
    /// Windows attacks injected before this block's background (block 0 of a slot injects the
    /// slot's attacks, so later blocks count them): all of them reach the DCs; the others
    /// reach their target and the user's workstation (host, count).
    dc_attacks: f64,
    touched: Vec<(usize, f64)>,
    dcs: std::ops::Range<usize>,
}

/// Room for one cluster of events on one host in a block: a firewall policy refresh writes up
/// to 38 5447s at once.
const CLUSTER: f64 = 40.0;

/// Record ids a host skips per Windows attack that can write to it (a brute force writes up
/// to ~60 events on its target).
const ATTACK_RESERVE: f64 = 128.0;

/// Expected share of the Windows events a host of each role writes, over all hosts of the role
/// (measured on the test scenarios; the allotment's factor 2 absorbs their error).
const ROLE_SHARE: [(HostRole, f64); 3] =
    [(HostRole::Workstation, 0.52), (HostRole::Server, 0.30), (HostRole::DomainController, 0.18)];

impl<'o> RecordIds<'o> {
    /// `prefix` and `slot_events`: the slot's `Generator::windows_prefix`.
    pub fn new(ctx: &BlockCtx<'o>, prefix: [f64; 3], slot_events: f64, shares: &'o [f64]) -> Self {
        let u = &ctx.unit;
        let e = slot_events / u.blocks as f64;
        let b = u.block as f64;
        let slot_start = ctx.slot_start();
        let cutoff = if u.block > 0 { slot_start + SLOT_MICROS } else { slot_start };
        let mut touched: Vec<(usize, f64)> = Vec::new();
        let mut dc_attacks = 0.0;
        let attacks = ctx.generator.plan.instances.iter().filter(|a| {
            a.start < cutoff && a.kind.sources().contains(&SourceKind::WindowsSecurity)
        });
        for a in attacks {
            dc_attacks += 1.0;
            let ws = ctx.org.users.get(a.user).map(|u| u.workstation);
            for h in [Some(a.host), ws.filter(|w| *w != a.host)].into_iter().flatten() {
                match touched.iter_mut().find(|x| x.0 == h) {
                    Some(x) => x.1 += 1.0,
                    None => touched.push((h, 1.0)),
                }
            }
        }
        RecordIds {
            seed: ctx.seed,
            shares,
            at: [prefix[0] + e * b, prefix[1] + e.sqrt() * b, prefix[2] + b],
            dc_attacks,
            touched,
            dcs: ctx.org.domain_controllers.clone(),
        }
    }

    /// Expected share of the source's events on host `h`.
    pub fn share(org: &Org, h: usize) -> f64 {
        let host = &org.hosts[h];
        let role = ROLE_SHARE.iter().find(|r| r.0 == host.role).map_or(0.0, |r| r.1);
        // Index skews of `Org::active_user` (1.6) and `Org::random_server` (1.4).
        let skew = |i: usize, n: usize, p: f64| {
            let n = n.max(1) as f64;
            ((i + 1) as f64 / n).powf(1.0 / p) - (i as f64 / n).powf(1.0 / p)
        };
        match host.role {
            HostRole::Workstation => {
                let u = host.owner.unwrap_or(0);
                // Users skew; owners without a session still run services: a floor.
                role * (0.9 * skew(u, org.users.len(), 1.6)
                    + 0.1 / org.workstations.len().max(1) as f64)
            }
            HostRole::Server => role * skew(h - org.servers.start, org.servers.len(), 1.4),
            HostRole::DomainController => role / org.domain_controllers.len().max(1) as f64,
        }
    }

    /// First record id of host `h` in this block.
    pub fn first(&self, h: usize) -> u64 {
        let p = self.shares.get(h).copied().unwrap_or(0.0);
        // Hosts an attack can write to: its target, the user's workstation, the DCs.
        let attacks = if self.dcs.contains(&h) {
            self.dc_attacks
        } else {
            self.touched.iter().find(|x| x.0 == h).map_or(0.0, |x| x.1)
        };
        let f = 1.5 * p * self.at[0]
            + 8.0 * p.sqrt() * self.at[1]
            + CLUSTER * self.at[2]
            + ATTACK_RESERVE * attacks;
        let start = 20_000 + derive(self.seed, &[0x5eca, h as u64]) % 4_000_000;
        start + f as u64
    }
}
