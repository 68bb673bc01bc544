//! One synthetic organisation shared by every source.
//!
//! The same user logs on to their workstation (Windows), calls AWS APIs under their IAM or
//! Identity Center identity (CloudTrail), and their workstation's IP shows up in Zeek flows, so
//! joins across sources return meaningful rows. The model is a pure function of (scenario org
//! config, seed) and is built once per run; sources borrow strings from it.

use crate::fmt::ipv4_string;
use crate::rng::{derive, Rng};
use crate::scenario::OrgConfig;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostRole {
    Workstation,
    Server,
    DomainController,
}

#[derive(Clone, Debug)]
pub struct Host {
    /// NetBIOS name, e.g. `WS-04711` or `DC01`.
    pub name: String,
    pub fqdn: String,
    /// Machine account, `NAME$`.
    pub machine_account: String,
    pub sid: String,
    pub role: HostRole,
    pub ip: u32,
    pub ip_str: String,
    /// Index of the user whose workstation this is (workstations only).
    pub owner: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct User {
    /// sAMAccountName, e.g. `jsmith`.
    pub sam: String,
    pub display_name: String,
    pub email: String,
    pub department: &'static str,
    pub admin: bool,
    pub rid: u32,
    pub sid: String,
    /// Index into `Org::hosts` of the user's workstation.
    pub workstation: usize,
    /// Country the user normally works from (ISO code).
    pub country: &'static str,
    pub aws: Option<AwsIdentity>,
}

#[derive(Clone, Debug)]
pub struct AwsIdentity {
    pub account: usize,
    /// IAM user (long-term keys) or Identity Center user (assumes an SSO role).
    pub kind: AwsUserKind,
    pub user_id: String,
    pub access_key_id: String,
    pub mfa: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwsUserKind {
    IamUser,
    IdentityCenter,
}

#[derive(Clone, Debug)]
pub struct ServiceAccount {
    pub name: String,
    pub sid: String,
}

#[derive(Clone, Debug)]
pub struct IamRole {
    pub name: String,
    pub role_id: String,
    pub arn: String,
    /// Roles assumed by workloads (EC2 instance profiles, Lambda) rather than people.
    pub service: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub struct Instance {
    pub id: String,
    pub eni: String,
    pub private_ip: u32,
    pub private_ip_str: String,
    pub subnet_id: String,
}

#[derive(Clone, Debug)]
pub struct AwsAccount {
    pub id: String,
    pub alias: String,
    pub home_region: &'static str,
    pub regions: Vec<&'static str>,
    pub vpc_id: String,
    pub vpc_cidr_base: u32,
    pub instances: Vec<Instance>,
    pub roles: Vec<IamRole>,
    /// Indices of users that have an identity in this account.
    pub users: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Org {
    pub company: String,
    /// NetBIOS domain, e.g. `NORTHWIND`.
    pub netbios_domain: String,
    /// AD DNS domain, e.g. `northwind.local`.
    pub dns_domain: String,
    pub email_domain: String,
    pub domain_sid: String,
    pub users: Vec<User>,
    pub hosts: Vec<Host>,
    pub workstations: std::ops::Range<usize>,
    pub servers: std::ops::Range<usize>,
    pub domain_controllers: std::ops::Range<usize>,
    pub service_accounts: Vec<ServiceAccount>,
    pub aws_accounts: Vec<AwsAccount>,
    /// Public IPs the organisation's traffic leaves from.
    pub nat_ips: Vec<u32>,
    pub nat_ip_strs: Vec<String>,
    /// Ordinary internet destinations (weighted by popularity at use).
    pub external_ips: Vec<u32>,
    pub external_ip_strs: Vec<String>,
    /// A small set of known-bad IPs (threat-intel hits); attacks use them, background rarely.
    pub bad_ips: Vec<u32>,
    pub bad_ip_strs: Vec<String>,
}

const COMPANIES: &[&str] = &[
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adatum",
    "Proseware",
    "Woodgrove",
    "Lucerne",
    "Wingtip",
];

pub const FIRST_NAMES: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Melissa",
    "George",
    "Deborah",
    "Timothy",
    "Stephanie",
    "Ronald",
    "Rebecca",
    "Jason",
    "Sharon",
    "Edward",
    "Laura",
    "Jeffrey",
    "Cynthia",
    "Ryan",
    "Amy",
    "Jacob",
    "Kathleen",
    "Gary",
    "Angela",
    "Nicholas",
    "Shirley",
    "Eric",
    "Brenda",
    "Jonathan",
    "Emma",
    "Stephen",
    "Anna",
    "Larry",
    "Pamela",
    "Justin",
    "Nicole",
    "Scott",
    "Samantha",
    "Brandon",
    "Katherine",
    "Priya",
    "Wei",
    "Mohammed",
    "Fatima",
    "Hiroshi",
    "Yuki",
    "Carlos",
    "Sofia",
    "Lukas",
    "Aisha",
    "Arjun",
    "Mei",
    "Olga",
    "Ivan",
    "Chloe",
    "Mateo",
    "Noah",
    "Zara",
];

pub const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Patel",
    "Kim",
    "Chen",
    "Singh",
    "Kumar",
    "Wang",
    "Tanaka",
    "Schmidt",
    "Muller",
    "Rossi",
    "Dubois",
    "Novak",
    "Kowalski",
    "Ivanova",
    "Okafor",
    "Haddad",
    "Cohen",
    "Silva",
    "Santos",
    "Oliveira",
    "Murphy",
    "Kelly",
    "Cook",
    "Morgan",
    "Bell",
    "Bailey",
    "Cooper",
    "Richardson",
    "Cox",
    "Howard",
    "Ward",
    "Peterson",
    "Gray",
];

pub const DEPARTMENTS: &[(&str, u64)] = &[
    ("Engineering", 22),
    ("Sales", 16),
    ("Operations", 12),
    ("Finance", 8),
    ("Marketing", 8),
    ("Support", 12),
    ("HR", 4),
    ("Legal", 2),
    ("IT", 6),
    ("Security", 2),
    ("Data", 5),
    ("Executive", 1),
];

/// Countries users work from (most at home base; used for "login from a new country").
pub const HOME_COUNTRIES: &[(&str, u64)] =
    &[("US", 70), ("GB", 8), ("DE", 6), ("IN", 8), ("CA", 5), ("JP", 3)];

pub const AWS_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "us-west-1",
    "eu-west-1",
    "eu-central-1",
    "eu-west-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-south-1",
    "ca-central-1",
    "sa-east-1",
    "eu-north-1",
];

const ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// IAM unique ids: prefix + base32-ish uppercase, e.g. AKIA + 16 = 20 chars, AIDA + 17 = 21.
pub fn iam_id(rng: &mut Rng, prefix: &str, len: usize) -> String {
    let mut s = String::with_capacity(len);
    s.push_str(prefix);
    while s.len() < len {
        s.push(ID_ALPHABET[rng.below(32) as usize] as char);
    }
    s
}

/// AWS resource id: `prefix-` + 17 lowercase hex digits (the modern long id form).
pub fn aws_resource_id(rng: &mut Rng, prefix: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 18);
    s.push_str(prefix);
    s.push('-');
    for _ in 0..17 {
        s.push(b"0123456789abcdef"[rng.below(16) as usize] as char);
    }
    s
}

/// Is this a publicly routable, non-documentation IPv4 address?
fn is_public(ip: u32) -> bool {
    let a = ip >> 24;
    let b = (ip >> 16) & 0xff;
    !(a == 0
        || a == 10
        || a == 127
        || a >= 224
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 169 && b == 254)
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (18..20).contains(&b))
        || (a == 192 && b == 0)
        || (a == 198 && b == 51)
        || (a == 203 && b == 0))
}

fn public_ip(rng: &mut Rng) -> u32 {
    loop {
        let ip = rng.next_u32();
        if is_public(ip) && ip & 0xff != 0 && ip & 0xff != 255 {
            return ip;
        }
    }
}

const SERVER_ROLES: &[&str] =
    &["FS", "SQL", "APP", "WEB", "EXCH", "PRT", "BKP", "CA", "SCCM", "JMP"];
const ROLE_NAMES: &[(&str, Option<&str>)] = &[
    ("AdministratorAccess", None),
    ("PowerUserAccess", None),
    ("ReadOnlyAccess", None),
    ("DeveloperAccess", None),
    ("ec2-app-instance-role", Some("ec2.amazonaws.com")),
    ("lambda-exec-role", Some("lambda.amazonaws.com")),
    ("eks-node-role", Some("ec2.amazonaws.com")),
    ("ci-deploy-role", None),
    ("backup-role", Some("backup.amazonaws.com")),
    ("config-recorder-role", Some("config.amazonaws.com")),
];

impl Org {
    pub fn build(cfg: &OrgConfig, seed: u64) -> Org {
        let mut rng = Rng::new(derive(seed, &[0x0e9]));
        let company = COMPANIES[rng.below_usize(COMPANIES.len())].to_string();
        let netbios_domain = company.to_uppercase();
        let dns_domain = format!("{}.local", company.to_lowercase());
        let email_domain = format!("{}.com", company.to_lowercase());
        let domain_sid = format!(
            "S-1-5-21-{}-{}-{}",
            rng.range(1_000_000_000, 4_000_000_000),
            rng.range(1_000_000_000, 4_000_000_000),
            rng.range(100_000_000, 4_000_000_000)
        );

        let n_users = cfg.employees as usize;
        let n_servers = cfg.servers as usize;
        let n_dcs = cfg.domain_controllers as usize;
        let mut hosts = Vec::with_capacity(n_users + n_servers + n_dcs);
        let mut next_rid = 1105u32;
        let host = |name: String, role: HostRole, ip: u32, owner: Option<usize>, rid: &mut u32| {
            *rid += 1;
            Host {
                fqdn: format!("{}.{}", name.to_lowercase(), dns_domain),
                machine_account: format!("{name}$"),
                sid: format!("{domain_sid}-{}", *rid),
                name,
                role,
                ip,
                ip_str: ipv4_string(ip),
                owner,
            }
        };
        // Workstations: 10.10.0.0/16 by floor (one /24 per 250 seats); servers 10.20.1.0/24..;
        // domain controllers 10.20.0.10+.
        for i in 0..n_users {
            let ip = 0x0a0a_0000 | (((i / 250) as u32) << 8) | ((i % 250) as u32 + 5);
            hosts.push(host(
                format!("WS-{:05}", 1000 + i),
                HostRole::Workstation,
                ip,
                Some(i),
                &mut next_rid,
            ));
        }
        for i in 0..n_servers {
            let ip = 0x0a14_0000 | (((1 + i / 250) as u32) << 8) | ((i % 250) as u32 + 5);
            let role = SERVER_ROLES[i % SERVER_ROLES.len()];
            hosts.push(host(
                format!("SRV-{role}{:02}", i / SERVER_ROLES.len() + 1),
                HostRole::Server,
                ip,
                None,
                &mut next_rid,
            ));
        }
        for i in 0..n_dcs {
            hosts.push(host(
                format!("DC{:02}", i + 1),
                HostRole::DomainController,
                0x0a14_000a + i as u32,
                None,
                &mut next_rid,
            ));
        }
        let workstations = 0..n_users;
        let servers = n_users..n_users + n_servers;
        let domain_controllers = n_users + n_servers..hosts.len();

        let dept = crate::rng::Weighted::new(DEPARTMENTS);
        let country = crate::rng::Weighted::new(HOME_COUNTRIES);
        let mut seen = std::collections::HashSet::new();
        let mut users = Vec::with_capacity(n_users);
        for i in 0..n_users {
            let first = *rng.pick(FIRST_NAMES);
            let last = *rng.pick(LAST_NAMES);
            let base = format!("{}{}", first[..1].to_lowercase(), last.to_lowercase());
            let mut sam = base.clone();
            let mut k = 1;
            while !seen.insert(sam.clone()) {
                k += 1;
                sam = format!("{base}{k}");
            }
            let department = *dept.sample(&mut rng);
            let admin =
                matches!(department, "IT" | "Security") && rng.chance(0.5) || rng.chance(0.01);
            next_rid += 1;
            users.push(User {
                email: format!(
                    "{}.{}{}@{}",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    if k > 1 { k.to_string() } else { String::new() },
                    email_domain
                ),
                display_name: format!("{first} {last}"),
                sam,
                department,
                admin,
                rid: next_rid,
                sid: format!("{domain_sid}-{next_rid}"),
                workstation: i,
                country: country.sample(&mut rng),
                aws: None,
            });
        }

        let service_accounts = [
            "svc_backup",
            "svc_sql",
            "svc_sccm",
            "svc_web",
            "svc_scan",
            "svc_adsync",
            "svc_print",
            "svc_monitor",
        ]
        .iter()
        .map(|n| {
            next_rid += 1;
            ServiceAccount { name: n.to_string(), sid: format!("{domain_sid}-{next_rid}") }
        })
        .collect();

        let mut aws_accounts = Vec::new();
        let envs =
            ["prod", "staging", "dev", "security", "shared-services", "data", "sandbox", "logging"];
        for a in 0..cfg.aws_accounts as usize {
            let id = format!("{:012}", rng.range(100_000_000_000, 999_999_999_999));
            let home_region = if a % 3 == 2 {
                "eu-west-1"
            } else if a % 3 == 1 {
                "us-west-2"
            } else {
                "us-east-1"
            };
            let mut regions = vec![home_region];
            for r in AWS_REGIONS {
                if !regions.contains(r) && rng.chance(0.25) {
                    regions.push(r);
                }
            }
            if !regions.contains(&"us-east-1") {
                regions.push("us-east-1");
            }
            let vpc_cidr_base = 0x0a00_0000 | ((100 + a as u32) << 16);
            let subnets: Vec<String> =
                (0..4).map(|_| aws_resource_id(&mut rng, "subnet")).collect();
            let n_inst = 20 + rng.below_usize(60);
            let instances = (0..n_inst)
                .map(|k| {
                    let ip = vpc_cidr_base | (((k % 4) as u32) << 8) | (10 + k as u32 / 4);
                    Instance {
                        id: aws_resource_id(&mut rng, "i"),
                        eni: aws_resource_id(&mut rng, "eni"),
                        private_ip: ip,
                        private_ip_str: ipv4_string(ip),
                        subnet_id: subnets[k % 4].clone(),
                    }
                })
                .collect();
            let roles = ROLE_NAMES
                .iter()
                .map(|(n, svc)| {
                    let name = if svc.is_none() && !n.contains('-') {
                        format!("AWSReservedSSO_{n}_{:016x}", rng.next_u64())
                    } else {
                        n.to_string()
                    };
                    IamRole {
                        arn: format!(
                            "arn:aws:iam::{id}:role/{}{name}",
                            if name.starts_with("AWSReservedSSO") {
                                "aws-reserved/sso.amazonaws.com/"
                            } else {
                                ""
                            }
                        ),
                        role_id: iam_id(&mut rng, "AROA", 21),
                        name,
                        service: *svc,
                    }
                })
                .collect();
            aws_accounts.push(AwsAccount {
                alias: format!("{}-{}", company.to_lowercase(), envs[a % envs.len()]),
                id,
                home_region,
                regions,
                vpc_id: aws_resource_id(&mut rng, "vpc"),
                vpc_cidr_base,
                instances,
                roles,
                users: Vec::new(),
            });
        }
        // People with AWS access: engineering, IT, security, data; mostly via Identity Center,
        // some legacy IAM users with long-term keys.
        for (i, u) in users.iter_mut().enumerate() {
            let technical = matches!(u.department, "Engineering" | "IT" | "Security" | "Data");
            if technical && rng.chance(0.7) || rng.chance(0.02) {
                let account = rng.skewed(aws_accounts.len(), 1.5);
                let kind = if rng.chance(0.3) {
                    AwsUserKind::IamUser
                } else {
                    AwsUserKind::IdentityCenter
                };
                u.aws = Some(AwsIdentity {
                    account,
                    kind,
                    user_id: iam_id(&mut rng, "AIDA", 21),
                    access_key_id: iam_id(
                        &mut rng,
                        if kind == AwsUserKind::IamUser { "AKIA" } else { "ASIA" },
                        20,
                    ),
                    mfa: kind == AwsUserKind::IdentityCenter || rng.chance(0.8),
                });
                aws_accounts[account].users.push(i);
            }
        }
        for acct in aws_accounts.iter_mut() {
            if acct.users.is_empty() {
                acct.users.push(0);
            }
        }

        let nat_ips: Vec<u32> = (0..4).map(|_| public_ip(&mut rng)).collect();
        let external_ips: Vec<u32> = (0..4000).map(|_| public_ip(&mut rng)).collect();
        let bad_ips: Vec<u32> = (0..cfg.known_bad_ips).map(|_| public_ip(&mut rng)).collect();
        Org {
            company,
            netbios_domain,
            dns_domain,
            email_domain,
            domain_sid,
            users,
            hosts,
            workstations,
            servers,
            domain_controllers,
            service_accounts,
            aws_accounts,
            nat_ip_strs: nat_ips.iter().map(|i| ipv4_string(*i)).collect(),
            nat_ips,
            external_ip_strs: external_ips.iter().map(|i| ipv4_string(*i)).collect(),
            external_ips,
            bad_ip_strs: bad_ips.iter().map(|i| ipv4_string(*i)).collect(),
            bad_ips,
        }
    }

    /// A user, skewed so a minority of users produce most activity.
    pub fn active_user(&self, rng: &mut Rng) -> usize {
        rng.skewed(self.users.len(), 1.6)
    }

    pub fn random_dc(&self, rng: &mut Rng) -> usize {
        self.domain_controllers.start + rng.below_usize(self.domain_controllers.len())
    }

    pub fn random_server(&self, rng: &mut Rng) -> usize {
        if self.servers.is_empty() {
            return self.random_dc(rng);
        }
        self.servers.start + rng.skewed(self.servers.len(), 1.4)
    }

    /// An external destination, popularity-skewed (a few CDNs/SaaS dominate).
    pub fn external_ip(&self, rng: &mut Rng) -> usize {
        rng.skewed(self.external_ips.len(), 3.0)
    }

    /// Users that have an AWS identity, as indices.
    pub fn aws_users(&self) -> impl Iterator<Item = usize> + '_ {
        self.users.iter().enumerate().filter(|(_, u)| u.aws.is_some()).map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_is_consistent_and_deterministic() {
        let cfg = OrgConfig {
            employees: 600,
            servers: 40,
            domain_controllers: 2,
            aws_accounts: 3,
            known_bad_ips: 5,
            ..Default::default()
        };
        let a = Org::build(&cfg, 9);
        let b = Org::build(&cfg, 9);
        assert_eq!(
            a.users.iter().map(|u| &u.sam).collect::<Vec<_>>(),
            b.users.iter().map(|u| &u.sam).collect::<Vec<_>>()
        );
        assert_eq!(a.users.len(), 600);
        assert_eq!(a.hosts.len(), 642);
        let sams: std::collections::HashSet<_> = a.users.iter().map(|u| &u.sam).collect();
        assert_eq!(sams.len(), 600, "sAMAccountNames are unique");
        for (i, u) in a.users.iter().enumerate() {
            assert_eq!(a.hosts[u.workstation].owner, Some(i));
            assert!(u.sid.starts_with(&a.domain_sid));
            if let Some(aws) = &u.aws {
                assert_eq!(aws.access_key_id.len(), 20);
                assert_eq!(aws.user_id.len(), 21);
                assert!(
                    aws.access_key_id.starts_with("AKIA") || aws.access_key_id.starts_with("ASIA")
                );
            }
        }
        assert!(a.aws_users().count() > 50);
        for acct in &a.aws_accounts {
            assert_eq!(acct.id.len(), 12);
            assert!(acct
                .roles
                .iter()
                .all(|r| r.role_id.len() == 21 && r.role_id.starts_with("AROA")));
            assert!(acct.instances.iter().all(|i| i.id.len() == 19));
        }
        assert!(a.bad_ips.iter().all(|ip| is_public(*ip)));
        assert_eq!(a.hosts[a.domain_controllers.start].name, "DC01");
    }
}
