//! The asset and identity inventory that lives outside the lake (a CMDB / HR export in real
//! life), loaded into PostgreSQL from the generator's entity model, so federation queries join
//! lake events with it: `inventory.inv_users`, `inv_hosts`, `inv_aws_accounts`.

use anyhow::{bail, Context, Result};
use lakeproof_generators::entities::{AwsUserKind, HostRole, Org};
use std::io::Write;
use std::process::{Command, Stdio};

use crate::engines::Postgres;

pub const SCHEMA: &str = "inventory";
pub const TABLES: [&str; 3] = ["inv_users", "inv_hosts", "inv_aws_accounts"];

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The SQL script that (re)creates the inventory for this organisation.
pub fn script(org: &Org) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "BEGIN;\nDROP SCHEMA IF EXISTS {SCHEMA} CASCADE;\nCREATE SCHEMA {SCHEMA};\n"
    ));
    s.push_str(&format!(
        "CREATE TABLE {SCHEMA}.inv_users (sam text PRIMARY KEY, display_name text, email text, department text, admin boolean, sid text, workstation text, country text, aws_user_name text);\n"
    ));
    s.push_str(&format!("CREATE TABLE {SCHEMA}.inv_hosts (name text PRIMARY KEY, fqdn text, role text, ip text, owner_sam text);\n"));
    s.push_str(&format!(
        "CREATE TABLE {SCHEMA}.inv_aws_accounts (id text PRIMARY KEY, alias text);\n"
    ));
    for chunk in org.users.chunks(500) {
        s.push_str(&format!("INSERT INTO {SCHEMA}.inv_users VALUES\n"));
        let rows: Vec<String> = chunk
            .iter()
            .map(|u| {
                let aws = match &u.aws {
                    Some(a) if a.kind == AwsUserKind::IamUser => q(&u.sam),
                    Some(_) => q(&u.email),
                    None => "NULL".into(),
                };
                format!(
                    "({}, {}, {}, {}, {}, {}, {}, {}, {aws})",
                    q(&u.sam),
                    q(&u.display_name),
                    q(&u.email),
                    q(u.department),
                    u.admin,
                    q(&u.sid),
                    q(&org.hosts[u.workstation].name),
                    q(u.country)
                )
            })
            .collect();
        s.push_str(&rows.join(",\n"));
        s.push_str(";\n");
    }
    for chunk in org.hosts.chunks(500) {
        s.push_str(&format!("INSERT INTO {SCHEMA}.inv_hosts VALUES\n"));
        let rows: Vec<String> = chunk
            .iter()
            .map(|h| {
                let role = match h.role {
                    HostRole::Workstation => "workstation",
                    HostRole::Server => "server",
                    HostRole::DomainController => "domain_controller",
                };
                let owner = h.owner.map_or("NULL".into(), |u| q(&org.users[u].sam));
                format!("({}, {}, {}, {}, {owner})", q(&h.name), q(&h.fqdn), q(role), q(&h.ip_str))
            })
            .collect();
        s.push_str(&rows.join(",\n"));
        s.push_str(";\n");
    }
    let accounts: Vec<String> =
        org.aws_accounts.iter().map(|a| format!("({}, {})", q(&a.id), q(&a.alias))).collect();
    s.push_str(&format!(
        "INSERT INTO {SCHEMA}.inv_aws_accounts VALUES\n{};\n",
        accounts.join(",\n")
    ));
    s.push_str("COMMIT;\n");
    s
}

/// Load the inventory with `psql` (the PostgreSQL client).
pub fn load(org: &Org, pg: &Postgres) -> Result<()> {
    let mut child = Command::new("psql")
        .args([
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            &pg.host,
            "-p",
            &pg.port.to_string(),
            "-U",
            &pg.user,
            "-d",
            &pg.dbname,
        ])
        .env("PGPASSWORD", &pg.password)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting psql (install postgresql-client)")?;
    child.stdin.take().expect("piped").write_all(script(org).as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "loading the inventory into PostgreSQL failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Parse `postgres://user:password@host:port/dbname`.
pub fn parse_url(url: &str) -> Result<Postgres> {
    let err =
        || format!("`{url}` is not a URL like postgres://user:password@127.0.0.1:5432/dbname");
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
        .with_context(err)?;
    let (cred, hostpart) = rest.split_once('@').with_context(err)?;
    let (user, password) = cred.split_once(':').unwrap_or((cred, ""));
    let (hostport, dbname) = hostpart.split_once('/').with_context(err)?;
    let (host, port) = hostport.split_once(':').unwrap_or((hostport, "5432"));
    Ok(Postgres {
        host: host.into(),
        port: port.parse().ok().with_context(err)?,
        user: user.into(),
        password: password.into(),
        dbname: dbname.into(),
        schema: SCHEMA.into(),
        tables: TABLES.iter().map(|t| t.to_string()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_and_script() {
        let pg = parse_url("postgres://lakeproof:pw@127.0.0.1:5433/lake").unwrap();
        assert_eq!((pg.port, pg.dbname.as_str(), pg.password.as_str()), (5433, "lake", "pw"));
        assert!(parse_url("mysql://x").is_err());
        let cfg = lakeproof_generators::scenario::OrgConfig {
            employees: 20,
            servers: 3,
            domain_controllers: 1,
            aws_accounts: 1,
            known_bad_ips: 1,
            ..Default::default()
        };
        let org = Org::build(&cfg, 1);
        let s = script(&org);
        assert_eq!(s.matches("INSERT INTO inventory.inv_users").count(), 1);
        assert!(s.contains(&q(&org.users[0].sam)));
    }
}
