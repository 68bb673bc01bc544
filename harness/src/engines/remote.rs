//! Shared pieces of the remote-engine clients (Trino, StarRocks, Dremio, ClickHouse server):
//! the [`Engine`] verbs they have in common ([`Remote`]), the `engines.toml` configuration,
//! secrets from environment variables, the private HTTP runtime and client, and JSON values to
//! canonical strings. See `REMOTE.md`.

use super::python;
use super::values;
use super::{Answer, Attach, Engine};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// A client of a remote engine: only what its protocol makes its own. The [`Engine`] verbs are
/// the same for all of them and implemented once, below: `version` is "<product> <version>";
/// `open` attaches nothing (the tables live in the server's own Iceberg catalog) but checks that
/// every table lakeproof attached is queryable there under its plain name; `query` is [`run`].
///
/// [`run`]: Remote::run
pub trait Remote: Send {
    /// Engine name, as `--engines` takes it.
    const NAME: &'static str;
    /// Product name the version is reported under ("Trino 476").
    const PRODUCT: &'static str;
    /// SQL whose first cell is the server's version (for the default [`Remote::server_version`]).
    const VERSION_SQL: &'static str = "SELECT version()";

    /// Where the tables must be queryable ("trino catalog iceberg.security"), for the error
    /// naming a table that is not.
    fn tables_in(&self) -> String;

    /// How the engine reads the tables, recorded as the access path.
    fn access_path(&self) -> String;

    /// Run one statement; a [`super::Timeout`] when `timeout` (or the server's own limit) runs
    /// out.
    fn run(&mut self, sql: &str, timeout: Duration) -> Result<Answer>;

    /// The server's version, by [`Remote::VERSION_SQL`] unless the protocol has a better way.
    fn server_version(&mut self) -> Result<String> {
        let a = self.run(Self::VERSION_SQL, Duration::from_secs(60))?;
        a.rows
            .first()
            .and_then(|r| r.first().cloned().flatten())
            .with_context(|| format!("{}: no answer to {}", Self::NAME, Self::VERSION_SQL))
    }

    /// Release what the client holds open (a connection), if anything.
    fn disconnect(&mut self) {}
}

impl<T: Remote> Engine for T {
    fn pid(&self) -> Option<u32> {
        None
    }

    fn name(&self) -> &str {
        T::NAME
    }

    fn version(&mut self) -> Result<String> {
        Ok(format!("{} {}", T::PRODUCT, self.server_version()?))
    }

    fn open(&mut self, attach: &Attach) -> Result<String> {
        for name in attach.tables.keys() {
            self.run(&format!("SELECT 1 FROM {name} LIMIT 0"), Duration::from_secs(60))
                .with_context(|| {
                    format!("table `{name}` is not queryable in {}", self.tables_in())
                })?;
        }
        let pg = if attach.postgres.is_some() {
            "; PostgreSQL inventory not attached by lakeproof"
        } else {
            ""
        };
        Ok(format!("{}{pg}", self.access_path()))
    }

    fn query(&mut self, sql: &str, timeout: Duration) -> Result<Answer> {
        self.run(sql, timeout)
    }

    fn close(&mut self) {
        self.disconnect();
    }
}

/// Environment variable naming the configuration file; default [`DEFAULT_CONFIG`].
pub const CONFIG_ENV: &str = "LAKEPROOF_ENGINES";
pub const DEFAULT_CONFIG: &str = "./engines.toml";
/// Rows kept per answer (more are counted and the answer marked truncated), as for the
/// Python-hosted engines.
pub const MAX_ROWS: usize = 100_000;

/// One engine's table in `engines.toml`. Secrets are never in the file: `password_env` and
/// `token_env` name the environment variables that hold them.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EngineConfig {
    /// Base URL of the HTTP endpoint (Trino coordinator, Dremio, ClickHouse HTTP interface).
    pub url: Option<String>,
    /// MySQL-protocol host and port (StarRocks FE; port defaults to 9030).
    pub host: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    /// Environment variable holding the password.
    pub password_env: Option<String>,
    /// Environment variable holding a bearer token (Dremio personal access token).
    pub token_env: Option<String>,
    /// Catalog holding the lake's Iceberg tables (Trino / StarRocks catalog, Dremio source).
    pub catalog: Option<String>,
    /// Schema / namespace of the tables within the catalog (ClickHouse: the database).
    pub schema: Option<String>,
    /// Dremio: job status poll interval (default 50 ms).
    pub poll_interval_ms: Option<u64>,
}

impl EngineConfig {
    pub fn require<'a>(
        &'a self,
        engine: &str,
        field: &str,
        v: &'a Option<String>,
    ) -> Result<&'a str> {
        v.as_deref().with_context(|| format!("engines.toml: [{engine}] needs `{field}`"))
    }

    /// The password, read from the environment variable named by `password_env`.
    pub fn password(&self) -> Result<Option<String>> {
        secret(&self.password_env, "password_env")
    }

    /// The token, read from the environment variable named by `token_env`.
    pub fn token(&self) -> Result<Option<String>> {
        secret(&self.token_env, "token_env")
    }
}

fn secret(var: &Option<String>, field: &str) -> Result<Option<String>> {
    match var {
        None => Ok(None),
        Some(name) => match std::env::var(name) {
            Ok(v) => Ok(Some(v)),
            Err(_) => bail!(
                "environment variable `{name}` (named by `{field}` in engines.toml) is not set"
            ),
        },
    }
}

/// Parse the configuration text and take one engine's table.
pub fn parse(text: &str, engine: &str) -> Result<EngineConfig> {
    let all: BTreeMap<String, EngineConfig> = toml::from_str(text).context("parsing engines.toml (secrets go in environment variables named by `password_env` / `token_env`)")?;
    all.get(engine).cloned().with_context(|| format!("engines.toml has no [{engine}] table"))
}

/// Load one engine's table from `$LAKEPROOF_ENGINES` (default `./engines.toml`).
pub fn load(engine: &str) -> Result<EngineConfig> {
    let path = std::env::var(CONFIG_ENV).unwrap_or_else(|_| DEFAULT_CONFIG.to_string());
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading engine configuration {path} (set {CONFIG_ENV})"))?;
    parse(&text, engine).with_context(|| format!("in {path}"))
}

/// A private single-threaded runtime and an HTTP client (reqwest, rustls), like DataFusion's
/// private runtime: the `Engine` verbs stay blocking.
pub struct Http {
    pub rt: tokio::runtime::Runtime,
    pub client: reqwest::Client,
}

impl Http {
    pub fn new() -> Result<Http> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let client = {
            let _guard = rt.enter();
            reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .no_proxy()
                .build()?
        };
        Ok(Http { rt, client })
    }
}

/// Base URL without a trailing slash.
pub fn base(url: &str) -> String {
    url.trim_end_matches('/').to_string()
}

/// Canonical string of a JSON value, given the engine's type name for its column: floats
/// rounded like every other engine's (also when sent as strings), timestamps normalised
/// (` UTC` suffix of Trino's `timestamp with time zone` dropped), the rest as the Python
/// drivers' values.
pub fn canonical_json(v: &Value, type_name: &str) -> Option<String> {
    let t = type_name.to_ascii_lowercase();
    let floaty = !t.contains('(') || t.starts_with("nullable(") || t.starts_with("lowcardinality(");
    let floaty = floaty && (t.contains("double") || t.contains("float") || t == "real");
    match v {
        Value::Number(n) if floaty => Some(values::float(n.as_f64().unwrap_or(f64::NAN))),
        Value::String(s) if floaty => match s.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(values::float(x)),
            _ => Some(s.clone()),
        },
        Value::String(s) => {
            let s2 = s.strip_suffix(" UTC").unwrap_or(s);
            if values::looks_like_timestamp(s2) {
                Some(values::timestamp(s2))
            } else {
                Some(s.clone())
            }
        }
        other => python::canonical(other),
    }
}

#[cfg(test)]
pub mod testserver {
    //! A tiny HTTP/1.1 server on 127.0.0.1:0 that replays canned responses in order and records
    //! the requests it got.
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    #[derive(Clone, Debug)]
    pub struct Request {
        pub method: String,
        /// Path with query string.
        pub target: String,
        pub headers: Vec<(String, String)>,
        pub body: String,
    }

    impl Request {
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
        }
        pub fn path(&self) -> &str {
            self.target.split('?').next().unwrap_or("")
        }
        pub fn query_param(&self, name: &str) -> Option<String> {
            let q = self.target.split_once('?')?.1;
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    pub struct Canned {
        pub status: u16,
        /// `{base}` is replaced by the server's base URL.
        pub body: String,
        pub delay: Duration,
        pub headers: Vec<(String, String)>,
    }

    pub fn ok(body: &str) -> Canned {
        Canned { status: 200, body: body.to_string(), delay: Duration::ZERO, headers: vec![] }
    }

    pub fn status(status: u16, body: &str) -> Canned {
        Canned { status, body: body.to_string(), delay: Duration::ZERO, headers: vec![] }
    }

    pub fn slow(body: &str, delay: Duration) -> Canned {
        Canned { status: 200, body: body.to_string(), delay, headers: vec![] }
    }

    pub struct Server {
        pub base: String,
        pub requests: Arc<Mutex<Vec<Request>>>,
        handle: Option<std::thread::JoinHandle<()>>,
    }

    impl Server {
        pub fn requests(&self) -> Vec<Request> {
            self.requests.lock().unwrap().clone()
        }
        /// Wait until the server answered all its canned responses (or gave up).
        pub fn finish(mut self) -> Vec<Request> {
            if let Some(h) = self.handle.take() {
                let _ = h.join();
            }
            self.requests()
        }
    }

    pub fn serve(responses: Vec<Canned>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (rec, b) = (requests.clone(), base.clone());
        listener.set_nonblocking(false).unwrap();
        let handle = std::thread::spawn(move || {
            for canned in responses {
                let Ok((stream, _)) = listener.accept() else { return };
                stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                // A client that gave up (its timeout ran out) may connect and close without
                // sending a request line: that is no request, so it is not recorded.
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let target = parts.next().unwrap_or("").to_string();
                let mut headers = Vec::new();
                let mut len = 0usize;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 {
                        break;
                    }
                    let h = h.trim_end();
                    if h.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        let (k, v) = (k.trim().to_string(), v.trim().to_string());
                        if k.eq_ignore_ascii_case("content-length") {
                            len = v.parse().unwrap_or(0);
                        }
                        headers.push((k, v));
                    }
                }
                let mut body = vec![0u8; len];
                reader.read_exact(&mut body).ok();
                rec.lock().unwrap().push(Request {
                    method,
                    target,
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                std::thread::sleep(canned.delay);
                let text = canned.body.replace("{base}", &b);
                let mut out = stream;
                let mut head = format!(
                    "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    canned.status,
                    text.len()
                );
                for (k, v) in &canned.headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = out.write_all(head.as_bytes());
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
        });
        Server { base, requests, handle: Some(handle) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::{Postgres, TableRef};
    use serde_json::json;

    /// A client whose server knows the tables named in `known` and is version 1.2.
    struct Fake {
        known: Vec<&'static str>,
        ran: Vec<String>,
    }

    impl Remote for Fake {
        const NAME: &'static str = "fake";
        const PRODUCT: &'static str = "Fake";
        fn tables_in(&self) -> String {
            "fake schema s".into()
        }
        fn access_path(&self) -> String {
            "fake catalog s".into()
        }
        fn run(&mut self, sql: &str, _: Duration) -> Result<Answer> {
            self.ran.push(sql.to_string());
            if self.known.iter().any(|t| sql.contains(&format!("FROM {t} "))) {
                return Ok(Answer::default());
            }
            match sql {
                "SELECT version()" => {
                    Ok(Answer { rows: vec![vec![Some("1.2".into())]], ..Default::default() })
                }
                _ => bail!("no such table"),
            }
        }
    }

    #[test]
    fn the_shared_verbs_check_every_table_and_name_the_product() {
        let mut f = Fake { known: vec!["cloudtrail", "labels"], ran: vec![] };
        assert_eq!(f.version().unwrap(), "Fake 1.2");
        assert_eq!(f.name(), "fake");
        let t = || TableRef { metadata_location: "m".into(), location: "l".into() };
        let mut attach = Attach::default();
        attach.tables.insert("cloudtrail".into(), t());
        attach.tables.insert("labels".into(), t());
        assert_eq!(f.open(&attach).unwrap(), "fake catalog s");
        assert_eq!(
            f.ran[1..],
            ["SELECT 1 FROM cloudtrail LIMIT 0", "SELECT 1 FROM labels LIMIT 0"]
        );
        attach.postgres = Some(Postgres {
            host: "h".into(),
            port: 5432,
            user: "u".into(),
            password: "p".into(),
            dbname: "d".into(),
            schema: "s".into(),
            tables: vec![],
        });
        assert_eq!(
            f.open(&attach).unwrap(),
            "fake catalog s; PostgreSQL inventory not attached by lakeproof"
        );
        attach.tables.insert("zeek_dns".into(), t());
        let e = format!("{:#}", f.open(&attach).unwrap_err());
        assert_eq!(e, "table `zeek_dns` is not queryable in fake schema s: no such table");
    }

    #[test]
    fn config_tables_and_secrets_from_env() {
        let text = r#"
            [trino]
            url = "http://trino:8080"
            user = "lakeproof"
            catalog = "iceberg"
            schema = "security"
            password_env = "LAKEPROOF_TEST_TRINO_PASSWORD_X"

            [starrocks]
            host = "sr-fe"
            user = "root"
        "#;
        let t = parse(text, "trino").unwrap();
        assert_eq!(t.url.as_deref(), Some("http://trino:8080"));
        assert_eq!(t.catalog.as_deref(), Some("iceberg"));
        assert!(t.password().unwrap_err().to_string().contains("LAKEPROOF_TEST_TRINO_PASSWORD_X"));
        std::env::set_var("LAKEPROOF_TEST_TRINO_PASSWORD_X", "s3cret");
        assert_eq!(t.password().unwrap().as_deref(), Some("s3cret"));
        assert_eq!(parse(text, "starrocks").unwrap().port, None);
        assert!(parse(text, "dremio").unwrap_err().to_string().contains("no [dremio]"));
        // A literal secret in the file is refused.
        let e = parse("[trino]\nurl = \"x\"\npassword = \"p\"\n", "trino").unwrap_err();
        assert!(format!("{e:#}").contains("password"), "{e:#}");
    }

    #[test]
    fn json_values_to_canonical() {
        assert_eq!(canonical_json(&json!(3), "bigint").as_deref(), Some("3"));
        assert_eq!(
            canonical_json(&json!("18446744073709551615"), "UInt64").as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(canonical_json(&json!(0.30000000000000004), "double").as_deref(), Some("0.3"));
        assert_eq!(
            canonical_json(&json!("1234.5678901234"), "Nullable(Float64)").as_deref(),
            Some("1234.56789")
        );
        assert_eq!(canonical_json(&json!("NaN"), "double").as_deref(), Some("NaN"));
        assert_eq!(
            canonical_json(&json!("2026-11-02 10:00:00.120 UTC"), "timestamp(3) with time zone")
                .as_deref(),
            Some("2026-11-02 10:00:00.12")
        );
        assert_eq!(
            canonical_json(&json!("2026-11-02 10:00:00.000000"), "DateTime64(6, 'UTC')").as_deref(),
            Some("2026-11-02 10:00:00")
        );
        assert_eq!(canonical_json(&json!(true), "boolean").as_deref(), Some("true"));
        assert_eq!(canonical_json(&Value::Null, "varchar"), None);
        assert_eq!(canonical_json(&json!("WS-01000"), "varchar").as_deref(), Some("WS-01000"));
        // Arrays of doubles are not rounded element-wise; they stay JSON text.
        assert_eq!(canonical_json(&json!([1.5]), "array(double)").as_deref(), Some("[1.5]"));
    }
}
