//! The organisation's software: which executables run on workstations, servers and domain
//! controllers, how often (Zipf-like: a few system processes dominate, then a long tail of
//! third-party tools, updaters and installers), with what command lines (arguments that vary:
//! renderer ids, documents, script targets, MSI product codes) and what they touch (per-product
//! registry keys and files) and connect to.
//!
//! The catalogue is a pure function of (seed, `org.software_diversity`): the hand-written part
//! holds real Windows paths of widespread software; the tail is generated line-of-business
//! software of fictional vendors (Microsoft's sample company names), sized by the diversity
//! knob (1.0 ≈ 300 executables, the order of what an 800-person organisation runs). It is built
//! once per (seed, diversity) and leaked, so events borrow its strings with no per-event copy.

use super::vocab::{Peer, EXPLORER, SERVICES, SVCHOST};
use crate::rng::{mix64, Rng};
use std::sync::{Mutex, OnceLock};

/// How a process's command line is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Args {
    /// A fixed command line.
    Const(&'static str),
    /// `"<path>" ` (started from the shell).
    Quoted,
    /// `svchost.exe -k <group> -p -s <service>`, one of the hosted services.
    Svchost,
    /// A Chromium-based child process (`--type=renderer … --renderer-client-id=N`).
    Chromium,
    /// An Office document opened from the user's folders (extension).
    Doc(&'static str),
    /// An admin or logon script with varying targets.
    Script,
    /// `MsiExec.exe -Embedding <product code>`.
    Msi,
    /// `rundll32.exe <dll>,<entry>`, one of the usual ones.
    Rundll,
    /// `DllHost.exe /Processid:{CLSID}`.
    Dllhost,
    /// A command-line tool with varying arguments.
    Tool,
    /// An installer or updater downloaded by the user (name and path vary).
    Installer,
    /// A line-of-business program run with a task argument.
    Task,
}

/// One executable the organisation runs.
#[derive(Debug)]
pub(super) struct Exe {
    pub path: &'static str,
    /// `\device\harddiskvolume2\…` lowercase, as the filtering platform writes it.
    pub device: &'static str,
    /// The folder (for the files it touches).
    pub dir: &'static str,
    /// Its own registry key under HKLM\SOFTWARE.
    pub reg: &'static str,
    pub parent: &'static str,
    pub args: Args,
    /// Started by the logged-on user (needs an interactive session).
    pub user: bool,
    /// Long-running (holds handles the object-access audit sees).
    pub resident: bool,
    /// Its usual connection, if it talks to the network.
    pub net: Option<(u16, u8, Peer)>,
}

/// The executables of one host role with their Zipf-like weights.
pub(super) struct Pool {
    pub exes: Vec<u32>,
    cumulative: Vec<u64>,
    /// The same pool restricted to resident processes, and to networked ones.
    resident: (Vec<u32>, Vec<u64>),
    net: (Vec<u32>, Vec<u64>),
}

fn sample(v: &(Vec<u32>, Vec<u64>), rng: &mut Rng) -> u32 {
    let x = rng.below(*v.1.last().expect("non-empty pool"));
    v.0[v.1.partition_point(|&c| c <= x)]
}

impl Pool {
    pub fn process(&self, rng: &mut Rng) -> u32 {
        let x = rng.below(*self.cumulative.last().expect("non-empty pool"));
        self.exes[self.cumulative.partition_point(|&c| c <= x)]
    }
    pub fn resident(&self, rng: &mut Rng) -> u32 {
        sample(&self.resident, rng)
    }
    pub fn networked(&self, rng: &mut Rng) -> u32 {
        sample(&self.net, rng)
    }
}

pub(super) struct Catalogue {
    pub exes: Vec<Exe>,
    /// Workstation, server, domain controller.
    pub pools: [Pool; 3],
}

const WS: u8 = 1;
const SRV: u8 = 2;
const DC: u8 = 4;
const ALL: u8 = 7;

/// (path, parent, args, roles, weight, user, resident, net).
type Row = (&'static str, &'static str, Args, u8, u64, bool, bool, Option<(u16, u8, Peer)>);

/// Hand-written catalogue: real paths, weights after the OTRF 4688 profile where it has them.
#[rustfmt::skip]
const KNOWN: &[Row] = &[
    (SVCHOST, SERVICES, Args::Svchost, ALL, 1100, false, true, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\conhost.exe", "C:\\Windows\\System32\\cmd.exe", Args::Const("\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"), ALL, 980, false, false, None),
    ("C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe", "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe", Args::Chromium, WS | SRV, 710, true, true, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", SVCHOST, Args::Const("C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding"), ALL, 660, false, true, None),
    ("C:\\Windows\\System32\\cmd.exe", EXPLORER, Args::Script, ALL, 320, false, false, None),
    ("C:\\Windows\\System32\\backgroundTaskHost.exe", SVCHOST, Args::Const("\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:BackgroundTaskHost.WebAccountProvider"), WS, 300, true, false, None),
    ("C:\\Windows\\System32\\taskhostw.exe", SVCHOST, Args::Const("taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly"), ALL, 300, false, true, None),
    ("C:\\Windows\\System32\\dllhost.exe", SVCHOST, Args::Dllhost, ALL, 260, false, false, None),
    ("C:\\Windows\\System32\\RuntimeBroker.exe", SVCHOST, Args::Const("C:\\Windows\\System32\\RuntimeBroker.exe -Embedding"), WS, 250, true, true, None),
    ("C:\\Windows\\System32\\consent.exe", SVCHOST, Args::Const("consent.exe 1116 362 00000204DBD31AB0"), WS | SRV, 210, false, false, None),
    ("C:\\Windows\\System32\\wermgr.exe", SVCHOST, Args::Const("C:\\Windows\\system32\\wermgr.exe -upload"), ALL, 180, false, false, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\whoami.exe", "C:\\Windows\\System32\\cmd.exe", Args::Tool, ALL, 40, true, false, None),
    ("C:\\Windows\\servicing\\TrustedInstaller.exe", SERVICES, Args::Const("C:\\Windows\\servicing\\TrustedInstaller.exe"), ALL, 170, false, true, None),
    ("C:\\Windows\\SystemApps\\Microsoft.Windows.AppRep.ChxApp_cw5n1h2txyewy\\CHXSmartScreen.exe", SVCHOST, Args::Const("\"C:\\Windows\\SystemApps\\Microsoft.Windows.AppRep.ChxApp_cw5n1h2txyewy\\CHXSmartScreen.exe\" -ServerName:CHXSmartScreen"), WS, 160, true, false, None),
    ("C:\\Windows\\System32\\smartscreen.exe", SVCHOST, Args::Const("C:\\Windows\\System32\\smartscreen.exe -Embedding"), WS, 130, true, false, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\SearchProtocolHost.exe", "C:\\Windows\\System32\\SearchIndexer.exe", Args::Const("\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe3_ Global\\UsGthrCtrlFltPipeMssGthrPipe3 1 -2147483646 \"Software\\Microsoft\\Windows Search\" \"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 6.0 Robot)\" \"C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc\" \"DownLevelDaemon\" "), WS | SRV, 150, false, false, None),
    ("C:\\Windows\\System32\\SearchIndexer.exe", SERVICES, Args::Const("C:\\Windows\\system32\\SearchIndexer.exe /Embedding"), WS | SRV, 10, false, true, None),
    ("C:\\Windows\\System32\\SearchFilterHost.exe", "C:\\Windows\\System32\\SearchIndexer.exe", Args::Const("\"C:\\Windows\\system32\\SearchFilterHost.exe\" 0 800 804 812 8192 808 "), WS | SRV, 60, false, false, None),
    ("C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe", SERVICES, Args::Const("\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe\""), ALL, 5, false, true, Some((443, 6, Peer::External))),
    ("C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe", "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe", Args::Const("\"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MpCmdRun.exe\" SignatureUpdate -ScheduleJob -RestrictPrivileges"), ALL, 100, false, false, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\CompatTelRunner.exe", SVCHOST, Args::Const("C:\\Windows\\system32\\compattelrunner.exe -maintenance"), ALL, 60, false, false, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", EXPLORER, Args::Script, ALL, 90, false, false, Some((5985, 6, Peer::Server))),
    ("C:\\Windows\\System32\\rundll32.exe", SVCHOST, Args::Rundll, ALL, 80, false, false, None),
    ("C:\\Windows\\System32\\msiexec.exe", SERVICES, Args::Msi, ALL, 60, false, false, None),
    ("C:\\Windows\\System32\\gpupdate.exe", SVCHOST, Args::Const("gpupdate.exe /target:computer"), ALL, 25, false, false, None),
    ("C:\\Windows\\System32\\ipconfig.exe", "C:\\Windows\\System32\\cmd.exe", Args::Tool, ALL, 15, true, false, None),
    ("C:\\Windows\\System32\\net.exe", "C:\\Windows\\System32\\cmd.exe", Args::Tool, ALL, 15, true, false, None),
    ("C:\\Windows\\System32\\sc.exe", "C:\\Windows\\System32\\cmd.exe", Args::Tool, SRV | DC, 10, false, false, None),
    ("C:\\Windows\\System32\\PING.EXE", "C:\\Windows\\System32\\cmd.exe", Args::Tool, ALL, 8, true, false, None),
    ("C:\\Windows\\System32\\UsoClient.exe", SVCHOST, Args::Const("C:\\Windows\\system32\\usoclient.exe StartScan"), ALL, 30, false, false, None),
    ("C:\\Windows\\System32\\MoUsoCoreWorker.exe", SVCHOST, Args::Const("C:\\Windows\\System32\\mousocoreworker.exe -Embedding"), ALL, 30, false, true, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\sihost.exe", SVCHOST, Args::Const("sihost.exe"), WS, 20, true, true, None),
    ("C:\\Windows\\System32\\ctfmon.exe", SVCHOST, Args::Const("\"ctfmon.exe\""), WS, 20, true, true, None),
    ("C:\\Windows\\System32\\SecurityHealthService.exe", SERVICES, Args::Const("C:\\Windows\\system32\\SecurityHealthService.exe"), WS, 8, false, true, None),
    ("C:\\Windows\\System32\\spoolsv.exe", SERVICES, Args::Const("C:\\Windows\\System32\\spoolsv.exe"), WS | SRV, 5, false, true, Some((9100, 6, Peer::Server))),
    ("C:\\Windows\\System32\\lsass.exe", "C:\\Windows\\System32\\wininit.exe", Args::Const("C:\\Windows\\system32\\lsass.exe"), ALL, 1, false, true, Some((389, 6, Peer::Dc))),
    ("C:\\Windows\\explorer.exe", "C:\\Windows\\System32\\userinit.exe", Args::Const("C:\\Windows\\Explorer.EXE"), WS | SRV, 15, true, true, None),
    ("C:\\Windows\\System32\\notepad.exe", EXPLORER, Args::Doc("txt"), WS | SRV, 40, true, false, None),
    ("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", Args::Chromium, WS, 200, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", EXPLORER, Args::Quoted, WS, 60, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE", EXPLORER, Args::Doc("xlsx"), WS, 55, true, true, None),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", EXPLORER, Args::Doc("docx"), WS, 55, true, true, None),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\POWERPNT.EXE", EXPLORER, Args::Doc("pptx"), WS, 20, true, true, None),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\ONENOTE.EXE", EXPLORER, Args::Quoted, WS, 10, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe", SERVICES, Args::Const("\"C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe\" /service"), WS, 10, false, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\130.0.2849.80\\msedgewebview2.exe", "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", Args::Chromium, WS, 90, true, false, Some((443, 6, Peer::External))),
    ("C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe", SVCHOST, Args::Const("\"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe\" /ua /installsource scheduler"), WS | SRV, 30, false, false, Some((443, 6, Peer::External))),
    ("C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe", SVCHOST, Args::Const("\"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe\" /ua /installsource scheduler"), WS, 20, false, false, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe", EXPLORER, Args::Const("\"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe\" /background"), WS, 25, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\ms-teams.exe", EXPLORER, Args::Quoted, WS, 40, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe", EXPLORER, Args::Doc("pdf"), WS, 25, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\acrocef_1\\AcroCEF.exe", "C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe", Args::Chromium, WS, 30, true, false, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Mozilla Firefox\\firefox.exe", EXPLORER, Args::Quoted, WS, 15, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\7-Zip\\7zG.exe", EXPLORER, Args::Quoted, WS, 6, true, false, None),
    ("C:\\Program Files\\Notepad++\\notepad++.exe", EXPLORER, Args::Doc("txt"), WS, 6, true, false, None),
    ("C:\\Program Files (x86)\\Cisco\\Cisco AnyConnect Secure Mobility Client\\vpnui.exe", EXPLORER, Args::Quoted, WS, 8, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files (x86)\\Cisco\\Cisco AnyConnect Secure Mobility Client\\vpnagent.exe", SERVICES, Args::Quoted, WS, 4, false, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files (x86)\\Citrix\\ICA Client\\SelfServicePlugin\\SelfService.exe", EXPLORER, Args::Quoted, WS, 5, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Realtek\\Audio\\HDA\\RtkNGUI64.exe", EXPLORER, Args::Const("\"C:\\Program Files\\Realtek\\Audio\\HDA\\RtkNGUI64.exe\" -s"), WS, 4, true, true, None),
    ("C:\\Windows\\System32\\igfxEM.exe", SERVICES, Args::Const("\"C:\\Windows\\System32\\igfxEM.exe\""), WS, 3, true, true, None),
    ("C:\\Program Files\\Git\\cmd\\git.exe", "C:\\Windows\\System32\\cmd.exe", Args::Tool, WS, 12, true, false, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Python312\\python.exe", "C:\\Windows\\System32\\cmd.exe", Args::Tool, WS | SRV, 8, true, false, None),
    ("C:\\Program Files\\Java\\jre1.8.0_421\\bin\\java.exe", EXPLORER, Args::Tool, WS | SRV, 6, true, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\PuTTY\\putty.exe", EXPLORER, Args::Quoted, WS, 3, true, false, None),
    ("C:\\Program Files (x86)\\WinSCP\\WinSCP.exe", EXPLORER, Args::Quoted, WS, 2, true, false, None),
    ("C:\\Users\\Public\\Downloads\\setup.exe", EXPLORER, Args::Installer, WS, 10, true, false, Some((443, 6, Peer::External))),
    // Servers.
    ("C:\\Windows\\System32\\inetsrv\\w3wp.exe", "C:\\Windows\\System32\\svchost.exe", Args::Const("c:\\windows\\system32\\inetsrv\\w3wp.exe -ap \"DefaultAppPool\" -v \"v4.0\" -l \"webengine4.dll\" -a \\\\.\\pipe\\iisipm5f2c0f1c-1a6d-4b1e-9a0c-3f2e4d7c9b11 -h \"C:\\inetpub\\temp\\apppools\\DefaultAppPool\\DefaultAppPool.config\" -w \"\" -m 0 -t 20 -ta 0"), SRV, 80, false, true, None),
    ("C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe", SERVICES, Args::Const("\"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe\" -sMSSQLSERVER"), SRV, 10, false, true, None),
    ("C:\\Program Files\\Microsoft SQL Server\\90\\Shared\\sqlwriter.exe", SERVICES, Args::Const("\"C:\\Program Files\\Microsoft SQL Server\\90\\Shared\\sqlwriter.exe\""), SRV, 5, false, true, None),
    ("C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\MonitoringHost.exe", "C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\HealthService.exe", Args::Const("\"C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\MonitoringHost.exe\" -Embedding"), SRV | DC, 60, false, true, Some((443, 6, Peer::External))),
    ("C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\HealthService.exe", SERVICES, Args::Const("\"C:\\Program Files\\Microsoft Monitoring Agent\\Agent\\HealthService.exe\""), SRV | DC, 5, false, true, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\wsmprovhost.exe", SVCHOST, Args::Const("C:\\Windows\\system32\\wsmprovhost.exe -Embedding"), SRV | DC, 40, false, false, None),
    ("C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe", SERVICES, Args::Quoted, SRV, 6, false, true, Some((445, 6, Peer::Server))),
    ("C:\\Program Files\\Update Services\\Services\\WsusService.exe", SERVICES, Args::Quoted, SRV, 4, false, true, Some((443, 6, Peer::External))),
    ("C:\\Windows\\System32\\msdtc.exe", SERVICES, Args::Const("C:\\Windows\\System32\\msdtc.exe"), SRV, 3, false, true, None),
    ("C:\\Windows\\System32\\vds.exe", SERVICES, Args::Const("C:\\Windows\\System32\\vds.exe"), SRV, 2, false, false, None),
    ("C:\\Program Files\\Apache Software Foundation\\Tomcat 9.0\\bin\\tomcat9.exe", SERVICES, Args::Const("\"C:\\Program Files\\Apache Software Foundation\\Tomcat 9.0\\bin\\tomcat9.exe\" //RS//Tomcat9"), SRV, 4, false, true, None),
    // Domain controllers.
    ("C:\\Windows\\System32\\dns.exe", SERVICES, Args::Const("C:\\Windows\\system32\\dns.exe"), DC, 5, false, true, Some((53, 17, Peer::External))),
    ("C:\\Windows\\System32\\dfsrs.exe", SERVICES, Args::Const("C:\\Windows\\system32\\DFSRs.exe"), DC, 5, false, true, Some((135, 6, Peer::Dc))),
    ("C:\\Windows\\System32\\ismserv.exe", SERVICES, Args::Const("C:\\Windows\\System32\\ismserv.exe"), DC, 2, false, true, None),
    ("C:\\Windows\\ADWS\\Microsoft.ActiveDirectory.WebServices.exe", SERVICES, Args::Const("C:\\Windows\\ADWS\\Microsoft.ActiveDirectory.WebServices.exe"), DC, 4, false, true, Some((389, 6, Peer::Dc))),
    ("C:\\Windows\\System32\\dsac.exe", EXPLORER, Args::Quoted, DC, 2, true, false, None),
    ("C:\\Windows\\System32\\repadmin.exe", "C:\\Windows\\System32\\cmd.exe", Args::Tool, DC, 2, true, false, None),
];

/// Services svchost hosts (`-k group -p -s service`), the usual ones.
pub(super) const SVCHOST_SERVICES: &[&str] = &[
    "netsvcs -p -s Schedule",
    "LocalServiceNetworkRestricted -p -s lmhosts",
    "wsappx -p -s AppXSvc",
    "UnistackSvcGroup",
    "netsvcs -p -s gpsvc",
    "netsvcs -p -s Winmgmt",
    "LocalSystemNetworkRestricted -p -s SysMain",
    "NetworkService -p -s Dnscache",
    "LocalService -p -s EventSystem",
    "netsvcs -p -s BITS",
    "netsvcs -p -s wuauserv",
    "LocalServiceNoNetwork -p",
    "DcomLaunch -p",
    "RPCSS -p",
    "netsvcs -p -s ProfSvc",
    "netsvcs -p -s UsoSvc",
    "LocalServiceNetworkRestricted -p -s EventLog",
    "appmodel -p -s StateRepository",
    "netsvcs -p -s Appinfo",
    "LocalSystemNetworkRestricted -p -s PcaSvc",
    "NetworkService -p -s CryptSvc",
    "netsvcs -p -s lfsvc",
    "LocalService -p -s BthAvctpSvc",
    "LocalServiceNetworkRestricted -p -s Dhcp",
    "netsvcs -p -s Themes",
    "ClipboardSvcGroup -p -s cbdhsvc",
    "UdkSvcGroup",
    "LocalService -p -s nsi",
    "netsvcs -p -s iphlpsvc",
    "LocalServiceAndNoImpersonation -p -s SSDPSRV",
    "NetworkServiceNetworkRestricted -p -s PolicyAgent",
    "LocalSystemNetworkRestricted -p -s TrkWks",
    "netsvcs -p -s SENS",
    "LocalService -p -s W32Time",
    "netsvcs -p -s ShellHWDetection",
    "rpcss -p -s TermService",
    "smbsvcs -s LanmanWorkstation",
    "netsvcs -p -s LanmanServer",
    "LocalServiceNetworkRestricted -p -s WinHttpAutoProxySvc",
];

const RUNDLL: &[&str] = &[
    "C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\PcaSvc.dll,PcaPatchSdbTask",
    "rundll32.exe AppXDeploymentExtensions.OneCore.dll,ShellRefresh",
    "C:\\Windows\\System32\\rundll32.exe shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-715610a075e6} -Embedding",
    "C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\inetcpl.cpl,ClearMyTracksByProcess Flags:65800 WinX:0 WinY:0 IEFrame:0000000000000000",
    "C:\\Windows\\System32\\rundll32.exe C:\\Windows\\System32\\Windows.StateRepositoryClient.dll,StateRepositoryDoMaintenanceTasks",
    "\"C:\\Windows\\system32\\rundll32.exe\" C:\\Windows\\system32\\shell32.dll,OpenAs_RunDLL",
    "C:\\Windows\\system32\\rundll32.exe Startupscan.dll,SusRunTask",
];

const CLSIDS: &[&str] = &[
    "{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}",
    "{3EB3C877-1F16-487C-9050-104DBCD66683}",
    "{973D20D7-562D-44B9-B70B-5A0F49CCDF3F}",
    "{E10F6C3A-F1AE-4ADC-AA9D-2FE65525666E}",
    "{776DBC8D-7347-478C-8D71-791E12EF49D8}",
    "{F9717507-6651-4EDB-BFF7-AE615179BCCF}",
    "{338B40F9-9D0B-4E8F-9E7C-7C8C2E6F5E0A}",
    "{2E7B9F4C-3A5D-4F1B-9C8E-0D6A1B2C3D4E}",
];

const CHROMIUM_TYPES: &[&str] = &[
    "--type=renderer --lang=en-US --js-flags=--ms-user-locale= --device-scale-factor=1 --num-raster-threads=4 --enable-main-frame-before-activation --renderer-client-id=",
    "--type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --field-trial-handle=",
    "--type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAYAAAAAAAAAAAAAAAAAABgAAAAAAA4AAAAAAAAAAAAAAAEAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA== --field-trial-handle=",
    "--type=utility --utility-sub-type=storage.mojom.StorageService --lang=en-US --service-sandbox-type=service --field-trial-handle=",
    "--type=crashpad-handler /prefetch:4 --monitor-self-annotation=ptype=crashpad-handler --database=C:\\ProgramData\\Crashpad --annotation=plat=Win64 --initial-client-data=",
];

const DOC_WORDS: &[&str] = &[
    "Budget",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "Forecast",
    "Minutes",
    "Proposal",
    "Invoice",
    "Report",
    "Plan",
    "Roadmap",
    "Review",
    "Contract",
    "Draft",
    "Final",
    "Summary",
    "Notes",
    "Agenda",
    "Inventory",
    "Payroll",
    "Onboarding",
    "Policy",
    "Pricing",
    "Customer",
    "Vendor",
    "Audit",
    "Timeline",
    "Status",
    "Project",
    "Sales",
    "Marketing",
    "Training",
    "Expenses",
    "Quote",
    "Order",
    "Schedule",
    "Design",
];
const DOC_DIRS: &[&str] = &[
    "Documents",
    "Desktop",
    "Downloads",
    "OneDrive - Adatum\\Documents",
    "OneDrive - Adatum\\Shared",
];

const SCRIPTS: &[&str] = &[
    "MapDrives",
    "Inventory",
    "Cleanup-Temp",
    "Sync-Printers",
    "Collect-Logs",
    "Check-Disk",
    "Rotate-Logs",
    "Backup-Config",
    "Set-Wallpaper",
    "Update-Certs",
    "Get-Patches",
    "Export-Users",
];

const TOOLS: &[&str] = &[
    "ipconfig /all",
    "ipconfig /flushdns",
    "net use",
    "net time \\\\DC01 /set /y",
    "whoami /groups",
    "whoami",
    "gpupdate /force",
    "ping -n 1 ",
    "nslookup ",
    "sc query ",
    "tasklist /v",
    "systeminfo",
    "git fetch --all --prune",
    "git pull",
    "python -m pip list",
    "repadmin /replsummary",
    "java -jar C:\\Tools\\",
    "net view \\\\",
    "ping -t ",
    "netstat -ano",
];

const VENDORS: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind Traders",
    "Tailspin Toys",
    "Litware",
    "Proseware",
    "Adventure Works",
    "Wingtip",
    "Woodgrove",
    "Fourth Coffee",
    "Lucerne Publishing",
    "Trey Research",
    "Alpine Ski House",
    "Blue Yonder",
    "Coho Winery",
    "Humongous Insurance",
    "Wide World Importers",
    "Relecloud",
    "VanArsdel",
    "Margie's Travel",
    "Graphic Design Institute",
    "Consolidated Messenger",
    "City Power & Light",
    "Bellows College",
];
const PRODUCTS: &[&str] = &[
    "Expense",
    "Timesheet",
    "CRM Client",
    "Reporting",
    "Sync Agent",
    "Scanner",
    "Label Print",
    "VPN",
    "Backup Agent",
    "Asset Inventory",
    "Document Viewer",
    "PDF Tools",
    "Print Manager",
    "Telemetry",
    "Desktop",
    "Connector",
    "Launcher",
    "Monitor",
    "Helper",
    "License Server",
    "Data Gateway",
    "Agent",
    "Screen Capture",
    "Dictation",
    "Signature",
    "Archive",
    "Notifier",
    "Meeting",
    "Planner",
    "Vault",
];
const SUFFIXES: &[&str] =
    &["", "Svc", "Agent", "Host", "Tray", "Update", "Service", "Helper", "UI", "64"];

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn device(path: &str) -> &'static str {
    match path.strip_prefix("C:\\") {
        Some(rest) => leak(format!("\\device\\harddiskvolume2\\{}", rest.to_ascii_lowercase())),
        None => leak(path.to_ascii_lowercase()),
    }
}

fn exe(row: &Row, reg: String) -> Exe {
    let (path, parent, args, _, _, user, resident, net) = *row;
    let dir = path.rsplit_once('\\').map_or("C:\\", |d| d.0);
    Exe {
        path,
        device: device(path),
        dir: leak(dir.to_string()),
        reg: leak(reg),
        parent,
        args,
        user,
        resident,
        net,
    }
}

fn build(seed: u64, diversity: f64) -> Catalogue {
    let mut exes = Vec::new();
    let mut rows: Vec<(u8, u64)> = Vec::new();
    for row in KNOWN {
        let parts: Vec<&str> = row.0.split('\\').collect();
        let reg = if row.0.contains("Program Files") && parts.len() > 3 {
            format!("\\REGISTRY\\MACHINE\\SOFTWARE\\{}\\{}", parts[2], parts[3])
        } else {
            let name =
                parts.last().unwrap_or(&"").trim_end_matches(".exe").trim_end_matches(".EXE");
            format!("\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\{name}")
        };
        exes.push(exe(row, reg));
        rows.push((row.3, row.4 * 100));
    }
    // The generated long tail: line-of-business software, agents and tools of many vendors.
    let tail = (300.0 * diversity).round() as usize;
    let mut r = Rng::new(mix64(seed ^ 0x50f7));
    let mut seen = std::collections::HashSet::new();
    let mut made = 0;
    while made < tail && seen.len() < VENDORS.len() * PRODUCTS.len() * SUFFIXES.len() {
        let v = VENDORS[r.skewed(VENDORS.len(), 1.3)];
        let p = PRODUCTS[r.below_usize(PRODUCTS.len())];
        let sfx = SUFFIXES[r.below_usize(SUFFIXES.len())];
        if !seen.insert((v, p, sfx)) {
            continue;
        }
        let squash: String = p.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let vsq: String = v.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let pf = if r.chance(0.35) { "C:\\Program Files (x86)" } else { "C:\\Program Files" };
        let path = match r.below(4) {
            0 => format!("{pf}\\{v}\\{p}\\{squash}{sfx}.exe"),
            1 => format!(
                "{pf}\\{v}\\{p} {}.{}\\bin\\{vsq}{squash}{sfx}.exe",
                1 + r.below(12),
                r.below(10)
            ),
            2 => format!("{pf}\\{v}\\{squash}{sfx}.exe"),
            _ => format!("C:\\ProgramData\\{vsq}\\{p}\\{squash}{sfx}.exe"),
        };
        let path = leak(path);
        let roles = match r.below(10) {
            0..=6 => WS,
            7..=8 => SRV,
            _ => WS | SRV,
        };
        let service = sfx.contains("Svc") || sfx == "Service" || sfx == "Agent";
        let user = !service && roles & WS != 0 && r.chance(0.7);
        let args = if sfx == "Update" {
            Args::Const(leak(format!("\"{path}\" /check /silent")))
        } else if r.chance(0.2) {
            Args::Task
        } else {
            Args::Quoted
        };
        let net = r.chance(0.6).then_some(if r.chance(0.7) {
            (443, 6, Peer::External)
        } else {
            (*r.pick(&[8080u16, 8443, 1433, 445, 5671]), 6, Peer::Server)
        });
        let row: Row = (
            path,
            if user { EXPLORER } else { SERVICES },
            args,
            roles,
            0,
            user,
            service || r.chance(0.3),
            net,
        );
        exes.push(exe(&row, format!("\\REGISTRY\\MACHINE\\SOFTWARE\\{v}\\{p}")));
        // Zipf tail: rank k weighs 800/(k+10) of the head's unit (weights are ×100), so the
        // generated software starts about a quarter of the processes at diversity 1.
        rows.push((roles, (80_000 / (made as u64 + 10)).max(1)));
        made += 1;
    }
    let pool = |mask: u8| {
        let mut p = Pool {
            exes: Vec::new(),
            cumulative: Vec::new(),
            resident: (Vec::new(), Vec::new()),
            net: (Vec::new(), Vec::new()),
        };
        let (mut a, mut b, mut c) = (0, 0, 0);
        for (i, (roles, w)) in rows.iter().enumerate() {
            if roles & mask == 0 {
                continue;
            }
            a += w;
            p.exes.push(i as u32);
            p.cumulative.push(a);
            if exes[i].resident {
                b += w;
                p.resident.0.push(i as u32);
                p.resident.1.push(b);
            }
            if exes[i].net.is_some() {
                c += w;
                p.net.0.push(i as u32);
                p.net.1.push(c);
            }
        }
        p
    };
    let pools = [pool(WS), pool(SRV), pool(DC)];
    Catalogue { exes, pools }
}

/// The catalogue of (seed, diversity), built once.
pub(super) fn catalogue(seed: u64, diversity: f64) -> &'static Catalogue {
    type Cache = Mutex<Vec<(u64, u64, &'static Catalogue)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    let mut c = cache.lock().expect("catalogue cache");
    let key = (seed, diversity.to_bits());
    if let Some(x) = c.iter().find(|x| (x.0, x.1) == key) {
        return x.2;
    }
    let cat: &'static Catalogue = Box::leak(Box::new(build(seed, diversity)));
    c.push((key.0, key.1, cat));
    cat
}

/// A command line for `e` (run by `sam` when a user starts it).
pub(super) fn command_line(
    e: &Exe,
    sam: &str,
    dom: &str,
    rng: &mut Rng,
) -> super::super::Text<'static> {
    use super::super::Text;
    match e.args {
        Args::Const(s) => Text::S(s),
        Args::Quoted => Text::Cat("\"", e.path, "\" "),
        Args::Svchost => Text::Cat(
            "C:\\Windows\\system32\\svchost.exe -k ",
            rng.pick::<&str>(SVCHOST_SERVICES),
            "",
        ),
        Args::Rundll => Text::S(rng.pick::<&str>(RUNDLL)),
        Args::Dllhost => Text::Cat(
            "C:\\Windows\\system32\\DllHost.exe /Processid:",
            rng.pick::<&str>(CLSIDS),
            "",
        ),
        Args::Chromium => {
            let ty = CHROMIUM_TYPES[super::ids::zipf(rng, CHROMIUM_TYPES.len())];
            Text::Own(
                format!(
                    "\"{}\" {}{} --mojo-platform-channel-handle={} /prefetch:1",
                    e.path,
                    ty,
                    1 + rng.below(400),
                    1000 + rng.below(9000) * 4
                )
                .into_boxed_str(),
            )
        }
        Args::Doc(ext) => {
            let dir = DOC_DIRS[super::ids::zipf(rng, DOC_DIRS.len())];
            let a = DOC_WORDS[rng.below_usize(DOC_WORDS.len())];
            let b = DOC_WORDS[rng.below_usize(DOC_WORDS.len())];
            let doc = match rng.below(3) {
                0 => format!("{a} {b}.{ext}"),
                1 => format!("{a}_{b}_v{}.{ext}", 1 + rng.below(9)),
                _ => format!("{a} {}-{:02}.{ext}", 2025 + rng.below(2), 1 + rng.below(12)),
            };
            Text::Own(format!("\"{}\" \"C:\\Users\\{sam}\\{dir}\\{doc}\"", e.path).into_boxed_str())
        }
        Args::Script => {
            let s = SCRIPTS[super::ids::zipf(rng, SCRIPTS.len())];
            Text::Own(
                if e.path.ends_with("cmd.exe") {
                    format!("C:\\Windows\\system32\\cmd.exe /c \"\\\\{dom}\\NETLOGON\\{s}.cmd\" {}", 1 + rng.below(30))
                } else {
                    format!(
                        "\"{}\" -NoProfile -ExecutionPolicy Bypass -File \"\\\\{dom}\\NETLOGON\\{s}.ps1\" -Days {}",
                        e.path,
                        1 + rng.below(90)
                    )
                }
                .into_boxed_str(),
            )
        }
        Args::Msi => {
            let g = rng.next_u64();
            let h = rng.next_u64();
            Text::Own(
                format!("C:\\Windows\\System32\\MsiExec.exe -Embedding {g:016X}{h:016X} E Global\\MSI0000").into_boxed_str(),
            )
        }
        Args::Tool => {
            let stem = e.path.rsplit('\\').next().unwrap_or("").split('.').next().unwrap_or("");
            let n = TOOLS.iter().filter(|t| starts_with_ci(t, stem)).count();
            let Some(t) = (n > 0)
                .then(|| TOOLS.iter().filter(|t| starts_with_ci(t, stem)).nth(rng.below_usize(n)))
                .flatten()
            else {
                return Text::S(e.path);
            };
            if t.ends_with(' ') || t.ends_with('\\') {
                Text::Own(
                    format!("{t}10.20.{}.{}", rng.below(4), 10 + rng.below(240)).into_boxed_str(),
                )
            } else {
                Text::S(t)
            }
        }
        Args::Task => Text::Own(
            format!("\"{}\" /task {} /profile Default", e.path, 1 + rng.below(40)).into_boxed_str(),
        ),
        Args::Installer => Text::Own(
            format!(
                "\"C:\\Users\\{sam}\\Downloads\\{}Setup-{}.{}.{}.exe\" /S",
                PRODUCTS[rng.below_usize(PRODUCTS.len())].replace(' ', ""),
                1 + rng.below(20),
                rng.below(10),
                rng.below(500)
            )
            .into_boxed_str(),
        ),
    }
}

/// Registry keys and files a process touches, under its own key and folder.
pub(super) const OWN_KEYS: &[&str] =
    &["", "\\Settings", "\\Update", "\\Licensing", "\\Plugins", "\\Recent"];
pub(super) const OWN_FILES: &[&str] = &[
    "\\config.xml",
    "\\settings.json",
    "\\app.log",
    "\\cache\\index.dat",
    "\\update.ini",
    "\\logs\\trace.etl",
    "\\data\\state.db",
    "\\plugins",
    "\\en-US\\resources.dll",
];

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    !prefix.is_empty()
        && s.len() >= prefix.len()
        && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// An object class the object-access audit sees, with the (open, use) access masks its
/// handles are opened and used with, weighted.
pub(super) struct Class {
    pub object_type: &'static str,
    pub server: &'static str,
    /// First `%%` code of the class-specific rights (bit 0).
    pub base: u32,
    pub masks: &'static [(u32, u32, u64)],
    pub weight: u64,
}

pub(super) const CLASSES: &[Class] = &[
    Class {
        object_type: "Key",
        server: "Security",
        base: 4432,
        masks: &[
            (0x20019, 0x1, 40),
            (0x1, 0x1, 15),
            (0x20006, 0x2, 8),
            (0xf003f, 0x2, 3),
            (0x2001f, 0x1, 5),
            (0x8, 0x8, 4),
            (0x20019, 0x8, 3),
            (0x10, 0x10, 3),
            (0x3001f, 0x2, 1),
        ],
        weight: 62,
    },
    Class {
        object_type: "File",
        server: "Security",
        base: 4416,
        masks: &[
            (0x120089, 0x1, 30),
            (0x12019f, 0x2, 10),
            (0x100080, 0x80, 15),
            (0x100081, 0x1, 8),
            (0x80, 0x80, 6),
            (0x100001, 0x1, 5),
            (0x110080, 0x10000, 5),
            (0x1301bf, 0x2, 3),
            (0x100180, 0x100, 4),
            (0x120116, 0x4, 2),
            (0x1200a9, 0x20, 3),
        ],
        weight: 30,
    },
    Class {
        object_type: "SC_MANAGER OBJECT",
        server: "SC Manager",
        base: 7168,
        masks: &[(0x5, 0x4, 5), (0x1, 0x1, 3), (0x14, 0x4, 1)],
        weight: 4,
    },
    Class {
        object_type: "SERVICE OBJECT",
        server: "SC Manager",
        base: 7184,
        masks: &[(0x14, 0x4, 4), (0x1, 0x1, 2), (0x4, 0x4, 3), (0x10, 0x10, 1), (0x20, 0x20, 1)],
        weight: 2,
    },
    Class {
        object_type: "Process",
        server: "Security",
        base: 4480,
        masks: &[(0x1000, 0x1000, 5), (0x1410, 0x10, 3), (0x1fffff, 0x10, 1), (0x1010, 0x10, 2)],
        weight: 2,
    },
];

/// AccessList of `mask` in class `base`: standard rights (`%%1537`…), then specific ones, each
/// followed by Windows' `\r\n\t\t\t\t` separator. Built once per (class, mask).
pub(super) fn access_list(base: u32, mask: u32) -> &'static str {
    access_table().iter().find(|x| x.0 == base && x.1 == mask).map_or("-", |x| x.2)
}

/// Every AccessList text (for `pre_escaped`).
pub(super) fn access_lists() -> impl Iterator<Item = &'static str> {
    access_table().iter().map(|x| x.2)
}

fn access_table() -> &'static [(u32, u32, &'static str)] {
    static CACHE: OnceLock<Vec<(u32, u32, &'static str)>> = OnceLock::new();
    CACHE.get_or_init(|| {
        let mut v = Vec::new();
        for c in CLASSES {
            for &(open, use_, _) in c.masks {
                for m in [open, use_] {
                    if !v.iter().any(|x: &(u32, u32, &str)| x.0 == c.base && x.1 == m) {
                        v.push((c.base, m, leak(render_access(c.base, m))));
                    }
                }
            }
        }
        v
    })
}

fn render_access(base: u32, mask: u32) -> String {
    let mut s = String::new();
    for bit in 16..21 {
        if mask & (1 << bit) != 0 {
            s.push_str(&format!("%%{}\r\n\t\t\t\t", 1537 + bit - 16));
        }
    }
    for bit in 0..16 {
        if mask & (1 << bit) != 0 {
            s.push_str(&format!("%%{}\r\n\t\t\t\t", base + bit));
        }
    }
    s
}

/// Object names of the classes without a file or key path.
pub(super) const SERVICE_OBJECTS: &[&str] = &[
    "WinDefend",
    "wuauserv",
    "BITS",
    "Spooler",
    "gpsvc",
    "Schedule",
    "W32Time",
    "Dnscache",
    "LanmanServer",
    "TermService",
    "WinRM",
    "EventLog",
    "CryptSvc",
    "TrustedInstaller",
    "sppsvc",
    "MpsSvc",
    "Netlogon",
];
pub(super) const PROCESS_OBJECTS: &[&str] = &[
    "\\Device\\HarddiskVolume2\\Windows\\System32\\lsass.exe",
    "\\Device\\HarddiskVolume2\\Windows\\System32\\svchost.exe",
    "\\Device\\HarddiskVolume2\\Windows\\explorer.exe",
    "\\Device\\HarddiskVolume2\\Windows\\System32\\csrss.exe",
    "\\Device\\HarddiskVolume2\\Windows\\System32\\services.exe",
];
