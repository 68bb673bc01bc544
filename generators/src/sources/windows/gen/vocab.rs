//! What Windows hosts run and touch, with the weights the background draws from: privilege
//! lists, system processes, registry keys and files, filtering-platform
//! applications, shares, logon failure codes, benign services and groups.

use crate::rng::{mix64, Weighted};
use std::sync::OnceLock;

/// PrivilegeList values as LSA writes them (`\r\n\t\t\t`-separated).
pub(super) static PRIV_SYSTEM: &str = "SeAssignPrimaryTokenPrivilege\r\n\t\t\tSeTcbPrivilege\r\n\t\t\tSeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeAuditPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege";
pub(super) static PRIV_DC: &str = "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege\r\n\t\t\tSeEnableDelegationPrivilege";
pub(super) static PRIV_ADMIN: &str = "SeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege";

pub(super) const SVCHOST: &str = "C:\\Windows\\System32\\svchost.exe";
pub(super) const SERVICES: &str = "C:\\Windows\\System32\\services.exe";
pub(super) const LSASS: &str = "C:\\Windows\\System32\\lsass.exe";
pub(super) const EXPLORER: &str = "C:\\Windows\\explorer.exe";
pub(super) const CMD: &str = "C:\\Windows\\System32\\cmd.exe";
pub(super) const POWERSHELL: &str =
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";

/// Long-lived system processes whose pids are fixed per host.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SysProc {
    Lsass = 1,
    Services,
    Svchost,
    Defender,
    Indexer,
    Explorer,
    EventLog,
}

/// Pid of a long-lived process on a host: stable, a multiple of 4, in a plausible range.
pub(super) fn sys_pid(host: usize, p: SysProc) -> u32 {
    let (lo, span) = match p {
        SysProc::Lsass | SysProc::Services => (0x260, 0x80),
        SysProc::Svchost | SysProc::EventLog => (0x300, 0x600),
        _ => (0x900, 0x2000),
    };
    (lo + (mix64(((host as u64) << 8) | p as u64) % span) as u32) & !3
}

/// What background activity to produce next; weights are OTRF per-EventID counts of the
/// activity's anchor event (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Act {
    Handle,
    Dup,
    WfpPair,
    WfpInbound,
    WfpBind,
    NetLogon,
    SvcLogon,
    Rdp,
    Consent,
    Process,
    Share,
    KerbTgt,
    KerbTgs,
    KerbFail,
    Ntlm,
    Explicit,
    Failed,
    AcctMgmt,
    Lockout,
    SvcInstall,
    TokenRight,
    CredRead,
    FilterChange,
    PrivUse,
    Listen,
    GroupEnum,
    Perm,
}

pub(super) const ACTS: &[(Act, u64)] = &[
    (Act::Handle, 10013),
    (Act::Dup, 9345),
    (Act::WfpPair, 8000),
    (Act::WfpInbound, 582),
    (Act::WfpBind, 425),
    (Act::NetLogon, 796),
    (Act::SvcLogon, 169),
    (Act::Rdp, 6),
    (Act::Consent, 42),
    (Act::Process, 936),
    (Act::Share, 128),
    (Act::KerbTgt, 14),
    (Act::KerbTgs, 81),
    (Act::KerbFail, 3),
    (Act::Ntlm, 35),
    (Act::Explicit, 39),
    (Act::Failed, 27),
    (Act::AcctMgmt, 4),
    (Act::Lockout, 1),
    (Act::SvcInstall, 3),
    // Bursty ones weigh their corpus count over their mean burst: 5379 3.5, 5447 23, 4673 2.
    (Act::TokenRight, 3489),
    (Act::CredRead, 1375),
    (Act::FilterChange, 175),
    (Act::PrivUse, 1475),
    (Act::Listen, 2610),
    (Act::GroupEnum, 539),
    (Act::Perm, 383),
];

/// 4689 exit statuses (OTRF profile).
pub(super) const EXIT_STATUS: &[(u32, u64)] = &[
    (0x0, 709),
    (0x1, 92),
    (0x4001_0004, 15),
    (0x42b, 14),
    (0x2, 6),
    (0xc000_022d, 4),
    (0x8007_04ec, 2),
];

/// Registry keys (ObjectType `Key`, the largest object-access share) and files, with the
/// process touching them.
pub(super) const KEYS: &[&str] = &[
    "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon",
    "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters",
    "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
    "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Lsa",
    "\\REGISTRY\\MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows Defender",
    "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\.NETFramework",
    "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment",
    "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\Configuration\\Local\\Default\\00010002",
    "\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\EventLog\\Security",
    "\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System",
];
pub(super) const USER_KEYS: &[&str] = &[
    "\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs",
    "\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles",
    "\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings",
];
pub(super) const FILES: &[&str] = &[
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\mpenginedb.db",
    "C:\\Windows\\System32\\config\\systemprofile\\AppData\\Local\\Microsoft\\Windows\\INetCache",
    "C:\\Windows\\Temp\\MpCmdRun.log",
    "C:\\Windows\\Prefetch\\SVCHOST.EXE-135A30D8.pf",
];
pub(super) const USER_FILES: &[&str] = &[
    "\\Documents\\Budget.xlsx",
    "\\Desktop\\notes.txt",
    "\\AppData\\Local\\Microsoft\\Outlook\\mailbox.ost",
    "\\Downloads\\setup.msi",
];

/// Filtering-platform applications (`\device\harddiskvolumeN\…` lowercase, or `System`) with
/// their usual remote port and protocol; `dc`/`ext` say where the peer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Peer {
    Dc,
    Server,
    External,
    /// The Windows Event Collector every host forwards its logs to over WinRM (5985).
    Collector,
}
pub(super) const WFP_OUT: &[(&str, u16, u8, Peer, u64)] = &[
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 53, 17, Peer::Dc, 220),
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 443, 6, Peer::External, 120),
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 80, 6, Peer::External, 60),
    ("\\device\\harddiskvolume2\\windows\\system32\\lsass.exe", 389, 6, Peer::Dc, 90),
    ("\\device\\harddiskvolume2\\windows\\system32\\lsass.exe", 88, 6, Peer::Dc, 40),
    ("\\device\\harddiskvolume2\\program files (x86)\\microsoft\\edge\\application\\msedge.exe", 443, 6, Peer::External, 180),
    ("\\device\\harddiskvolume2\\program files\\google\\chrome\\application\\chrome.exe", 443, 6, Peer::External, 60),
    ("\\device\\harddiskvolume2\\programdata\\microsoft\\windows defender\\platform\\4.18.24090.11-0\\msmpeng.exe", 443, 6, Peer::External, 40),
    ("System", 445, 6, Peer::Server, 50),
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 135, 6, Peer::Dc, 30),
    ("\\device\\harddiskvolume2\\program files\\microsoft office\\root\\office16\\outlook.exe", 443, 6, Peer::External, 30),
    ("\\device\\harddiskvolume2\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe", 5985, 6, Peer::Server, 10),
    // Event forwarding: the WinRM service pushes the subscription's events to the collector
    // every few seconds (12 of 32 and 13 of 45 natural 5156s on the real workstations, 27 of
    // 207 on the real DC).
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 5985, 6, Peer::Collector, 380),
];
pub(super) const WFP_IN_DC: &[(&str, u16, u8)] = &[
    ("\\device\\harddiskvolume2\\windows\\system32\\dns.exe", 53, 17),
    ("\\device\\harddiskvolume2\\windows\\system32\\lsass.exe", 389, 6),
    ("\\device\\harddiskvolume2\\windows\\system32\\lsass.exe", 88, 6),
    ("System", 445, 6),
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 135, 6),
];
pub(super) const WFP_IN_SRV: &[(&str, u16, u8)] = &[
    ("System", 445, 6),
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 3389, 6),
    ("System", 5985, 6),
    ("\\device\\harddiskvolume2\\windows\\system32\\svchost.exe", 135, 6),
];

/// Shares: (ShareName, ShareLocalPath, RelativeTargetName pool, on DCs?).
pub(super) const GPO: &str = "\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\gpt.ini";
pub(super) const GPO_INF: &str = "\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\Machine\\Microsoft\\Windows NT\\SecEdit\\GptTmpl.inf";
pub(super) const GPO2: &str = "\\Policies\\{6AC1786C-016F-11D2-945F-00C04fB984F9}\\gpt.ini";
pub(super) const DEPT_FILES: &[&str] = &[
    "\\Reports\\Q3-summary.xlsx",
    "\\Shared\\Templates\\letter.dotx",
    "\\Projects\\plan.docx",
    "\\",
    "\\Archive\\2025",
];
pub(super) static ACCESS_READ: &str =
    "%%1538\r\n\t\t\t\t%%1541\r\n\t\t\t\t%%4416\r\n\t\t\t\t%%4419\r\n\t\t\t\t%%4423\r\n\t\t\t\t";
pub(super) static REASON_READ: &str = "%%1538:\t%%1801\tD:(A;;0x1200a9;;;WD)\r\n\t\t\t\t%%1541:\t%%1801\tD:(A;;0x1200a9;;;WD)\r\n\t\t\t\t%%4416:\t%%1801\tD:(A;;0x1200a9;;;WD)\r\n\t\t\t\t%%4419:\t%%1801\tD:(A;;0x1200a9;;;WD)\r\n\t\t\t\t%%4423:\t%%1801\tD:(A;;0x1200a9;;;WD)\r\n\t\t\t\t";

/// 4625 (Status, SubStatus, FailureReason) combinations seen in real logs.
pub(super) const FAILURES: &[((u32, u32, &str), u64)] = &[
    ((0xc000_006d, 0xc000_006a, "%%2313"), 60),
    ((0xc000_006d, 0xc000_0064, "%%2313"), 18),
    ((0xc000_0234, 0x0, "%%2307"), 7),
    ((0xc000_010b, 0x0, "%%2304"), 10),
    ((0xc000_006e, 0xc000_0072, "%%2310"), 5),
];

/// Benign services installed by software updates (ClientProcessId is the installer's pid).
pub(super) const SERVICES_BENIGN: &[(&str, &str)] = &[
    ("edgeupdate", "\"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe\" /svc"),
    ("GoogleUpdaterService", "\"C:\\Program Files (x86)\\Google\\GoogleUpdater\\130.0.6723.59\\updater.exe\" --system --windows-service --service=update"),
    ("MozillaMaintenance", "\"C:\\Program Files (x86)\\Mozilla Maintenance Service\\maintenanceservice.exe\""),
    ("Sense", "\"C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe\""),
];

/// Domain groups benign membership changes go to (name, RID).
pub(super) const GROUPS: &[(&str, u32)] = &[
    ("VPN-Users", 1180),
    ("Finance-RW", 1181),
    ("Eng-Build", 1182),
    ("Print-Operators-Floor2", 1183),
];

/// Activity, exit status, outbound-WFP index, 4625 failure triple, object-access class.
pub(super) type Tables = (
    Weighted<Act>,
    Weighted<u32>,
    Weighted<usize>,
    Weighted<(u32, u32, &'static str)>,
    Weighted<usize>,
);

pub(super) fn weights() -> &'static Tables {
    static W: OnceLock<Tables> = OnceLock::new();
    W.get_or_init(|| {
        let wfp: Vec<(usize, u64)> = WFP_OUT.iter().enumerate().map(|(i, w)| (i, w.4)).collect();
        (
            Weighted::new(ACTS),
            Weighted::new(EXIT_STATUS),
            Weighted::new(&wfp),
            Weighted::new(FAILURES),
            Weighted::new(
                &super::software::CLASSES
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i, c.weight))
                    .collect::<Vec<_>>(),
            ),
        )
    })
}
