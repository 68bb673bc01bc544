//! ClickHouse server, over its HTTP interface: `POST {url}/?default_format=JSONCompact&…` with
//! the query as the body, `X-ClickHouse-User` / `X-ClickHouse-Key`, and `session_timezone=UTC`,
//! `max_execution_time`, `database` and a `query_id` as URL parameters; the answer is the
//! JSONCompact `meta` + `data`. A query that outlives its timeout on the client side is killed
//! with `KILL QUERY WHERE query_id = …`. Not exercised against a live server here (see
//! `REMOTE.md`).

use super::remote::{self, EngineConfig, Http, Remote};
use super::Answer;
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub struct ClickHouse {
    url: String,
    user: String,
    password: Option<String>,
    database: String,
    http: Http,
}

static QUERY_SEQ: AtomicU64 = AtomicU64::new(0);

enum Outcome {
    Done(Value),
    Timeout,
}

impl ClickHouse {
    pub fn start() -> Result<ClickHouse> {
        ClickHouse::from_config(&remote::load("clickhouse")?)
    }

    pub fn from_config(c: &EngineConfig) -> Result<ClickHouse> {
        Ok(ClickHouse {
            url: remote::base(c.require("clickhouse", "url", &c.url)?),
            user: c.user.clone().unwrap_or_else(|| "default".into()),
            password: c.password()?,
            database: c
                .require("clickhouse", "schema (the database holding the tables)", &c.schema)?
                .to_string(),
            http: Http::new()?,
        })
    }

    fn query_id() -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!(
            "lakeproof-{}-{}-{}",
            std::process::id(),
            nanos,
            QUERY_SEQ.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// POST one statement; `Done` with the parsed JSONCompact document (Null for no output).
    fn post(
        &self,
        sql: &str,
        query_id: &str,
        timeout: Duration,
        wait: Duration,
    ) -> Result<Outcome> {
        let mut url = reqwest::Url::parse(&format!("{}/", self.url))
            .with_context(|| format!("clickhouse: bad url {}", self.url))?;
        url.query_pairs_mut()
            .append_pair("default_format", "JSONCompact")
            .append_pair("database", &self.database)
            .append_pair("query_id", query_id)
            .append_pair("session_timezone", "UTC")
            .append_pair("max_execution_time", &timeout.as_secs().max(1).to_string())
            .append_pair("output_format_json_quote_64bit_integers", "0")
            .append_pair("output_format_json_quote_denormals", "1");
        let mut rb = self
            .http
            .client
            .post(url)
            .header("X-ClickHouse-User", &self.user)
            .body(sql.to_string())
            .timeout(wait);
        if let Some(p) = &self.password {
            rb = rb.header("X-ClickHouse-Key", p);
        }
        let r = self.http.rt.block_on(async {
            let resp = rb.send().await?;
            let status = resp.status();
            let code = resp
                .headers()
                .get("X-ClickHouse-Exception-Code")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let text = resp.text().await?;
            Ok::<_, reqwest::Error>((status, code, text))
        });
        let (status, code, text) = match r {
            Err(e) if e.is_timeout() => return Ok(Outcome::Timeout),
            Err(e) => {
                return Err(anyhow::Error::from(e).context(format!("clickhouse: POST {}", self.url)))
            }
            Ok(x) => x,
        };
        if !status.is_success() || code.is_some() {
            let msg = text.trim();
            // 159 TIMEOUT_EXCEEDED: the server's max_execution_time fired.
            if code.as_deref() == Some("159") || msg.contains("TIMEOUT_EXCEEDED") {
                return Err(super::timeout(format!("timeout: clickhouse: {msg}")));
            }
            bail!("clickhouse: HTTP {status}: {msg}");
        }
        if text.trim().is_empty() {
            return Ok(Outcome::Done(Value::Null));
        }
        // An exception after the first bytes were sent arrives in a 200 body: not JSON.
        let doc = serde_json::from_str(&text)
            .map_err(|_| anyhow::anyhow!("clickhouse: {}", text.trim()))?;
        Ok(Outcome::Done(doc))
    }

    fn kill(&self, query_id: &str) {
        let sql = format!("KILL QUERY WHERE query_id = '{query_id}' ASYNC");
        let _ =
            self.post(&sql, &Self::query_id(), Duration::from_secs(10), Duration::from_secs(10));
    }
}

/// The answer in a JSONCompact document.
fn to_answer(doc: &Value) -> Answer {
    let mut answer = Answer::default();
    let meta = doc["meta"].as_array().cloned().unwrap_or_default();
    answer.columns = meta.iter().map(|c| c["name"].as_str().unwrap_or("").to_string()).collect();
    let types: Vec<&str> = meta.iter().map(|c| c["type"].as_str().unwrap_or("")).collect();
    for row in doc["data"].as_array().map(|d| d.as_slice()).unwrap_or(&[]) {
        answer.row_count += 1;
        if answer.rows.len() >= remote::MAX_ROWS {
            answer.truncated = true;
            continue;
        }
        let cells = row.as_array().map(|r| r.as_slice()).unwrap_or(&[]);
        answer.rows.push(
            cells
                .iter()
                .enumerate()
                .map(|(i, v)| remote::canonical_json(v, types.get(i).copied().unwrap_or("")))
                .collect(),
        );
    }
    answer
}

impl Remote for ClickHouse {
    const NAME: &'static str = "clickhouse";
    const PRODUCT: &'static str = "ClickHouse";

    fn tables_in(&self) -> String {
        format!("clickhouse database {}", self.database)
    }

    fn access_path(&self) -> String {
        format!("clickhouse server database {} (engine-side Iceberg catalog)", self.database)
    }

    fn run(&mut self, sql: &str, timeout: Duration) -> Result<Answer> {
        let start = Instant::now();
        let id = Self::query_id();
        match self.post(sql, &id, timeout, timeout)? {
            Outcome::Timeout => {
                self.kill(&id);
                let secs = timeout.as_secs_f64();
                Err(super::timeout(format!(
                    "timeout after {secs} s (clickhouse query {id} killed)"
                )))
            }
            Outcome::Done(doc) => {
                let mut a = to_answer(&doc);
                a.elapsed = start.elapsed();
                Ok(a)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::is_timeout;
    use crate::engines::remote::testserver::{ok, serve, slow, Canned};
    use crate::engines::Engine;

    fn client(base: &str, password: bool) -> ClickHouse {
        if password {
            std::env::set_var("LAKEPROOF_TEST_CH_KEY", "k3y");
        }
        let c = EngineConfig {
            url: Some(base.into()),
            user: Some("bench".into()),
            schema: Some("lake".into()),
            password_env: password.then(|| "LAKEPROOF_TEST_CH_KEY".to_string()),
            ..Default::default()
        };
        ClickHouse::from_config(&c).unwrap()
    }

    // The JSONCompact output format as documented (meta, data, rows, statistics).
    const ANSWER: &str = r#"{
        "meta": [{"name": "source_ip", "type": "String"}, {"name": "calls", "type": "UInt64"},
                 {"name": "share", "type": "Float64"}, {"name": "first_seen", "type": "DateTime64(6, 'UTC')"},
                 {"name": "mfa", "type": "Nullable(Bool)"}],
        "data": [["203.0.113.7", 42, 0.30000000000000004, "2026-11-02 10:00:00.120000", true],
                 ["198.51.100.2", "18446744073709551615", 1, "2026-11-02 10:00:00.000000", null]],
        "rows": 2,
        "statistics": {"elapsed": 0.001, "rows_read": 10, "bytes_read": 100}
    }"#;

    #[test]
    fn posts_query_and_parses_json_compact() {
        let s = serve(vec![ok(ANSWER)]);
        let a = client(&s.base, true)
            .query(
                "SELECT source_ip, count() AS calls FROM cloudtrail GROUP BY source_ip",
                Duration::from_secs(30),
            )
            .unwrap();
        assert_eq!(a.columns, ["source_ip", "calls", "share", "first_seen", "mfa"]);
        assert_eq!(
            a.rows,
            vec![
                vec![
                    Some("203.0.113.7".into()),
                    Some("42".into()),
                    Some("0.3".into()),
                    Some("2026-11-02 10:00:00.12".into()),
                    Some("true".into())
                ],
                vec![
                    Some("198.51.100.2".into()),
                    Some("18446744073709551615".into()),
                    Some("1".into()),
                    Some("2026-11-02 10:00:00".into()),
                    None
                ],
            ]
        );
        assert_eq!(a.row_count, 2);
        let r = s.finish();
        assert_eq!((r[0].method.as_str(), r[0].path()), ("POST", "/"));
        assert_eq!(
            r[0].body,
            "SELECT source_ip, count() AS calls FROM cloudtrail GROUP BY source_ip"
        );
        assert_eq!(r[0].header("X-ClickHouse-User"), Some("bench"));
        assert_eq!(r[0].header("X-ClickHouse-Key"), Some("k3y"));
        assert_eq!(r[0].query_param("default_format").as_deref(), Some("JSONCompact"));
        assert_eq!(r[0].query_param("session_timezone").as_deref(), Some("UTC"));
        assert_eq!(r[0].query_param("max_execution_time").as_deref(), Some("30"));
        assert_eq!(r[0].query_param("database").as_deref(), Some("lake"));
        assert!(r[0].query_param("query_id").unwrap().starts_with("lakeproof-"));
    }

    #[test]
    fn error_is_surfaced_and_server_timeout_classified() {
        let unknown = Canned {
            status: 404,
            body: "Code: 60. DB::Exception: Unknown table expression identifier 'nope' in scope SELECT * FROM nope. (UNKNOWN_TABLE) (version 25.8.1.1)\n".into(),
            delay: Duration::ZERO,
            headers: vec![("X-ClickHouse-Exception-Code".into(), "60".into())],
        };
        let slowq = Canned {
            status: 500,
            body: "Code: 159. DB::Exception: Timeout exceeded: elapsed 1.0 seconds, maximum: 1. (TIMEOUT_EXCEEDED) (version 25.8.1.1)\n".into(),
            delay: Duration::ZERO,
            headers: vec![("X-ClickHouse-Exception-Code".into(), "159".into())],
        };
        let s = serve(vec![unknown, slowq]);
        let mut c = client(&s.base, false);
        let e = c.query("SELECT * FROM nope", Duration::from_secs(5)).unwrap_err();
        assert!(!is_timeout(&e) && e.to_string().contains("UNKNOWN_TABLE"), "{e}");
        let e =
            c.query("SELECT sleepEachRow(1) FROM numbers(5)", Duration::from_secs(1)).unwrap_err();
        assert!(is_timeout(&e) && e.to_string().contains("TIMEOUT_EXCEEDED"), "{e}");
        let r = s.finish();
        assert_eq!(r[0].header("X-ClickHouse-Key"), None);
    }

    #[test]
    fn client_timeout_kills_the_query() {
        let s = serve(vec![slow(ANSWER, Duration::from_millis(1500)), ok("")]);
        let mut c = client(&s.base, false);
        let e = c.query("SELECT slow", Duration::from_millis(300)).unwrap_err();
        assert!(is_timeout(&e), "{e}");
        let r = s.finish();
        let id = r[0].query_param("query_id").unwrap();
        assert_eq!(r[1].method, "POST");
        assert_eq!(r[1].body, format!("KILL QUERY WHERE query_id = '{id}' ASYNC"));
    }

    #[test]
    fn version_via_select_version() {
        let v = r#"{"meta":[{"name":"version()","type":"String"}],"data":[["25.8.1.1"]],"rows":1}"#;
        let s = serve(vec![ok(v)]);
        assert_eq!(client(&s.base, false).version().unwrap(), "ClickHouse 25.8.1.1");
        assert_eq!(s.finish()[0].body, "SELECT version()");
    }
}
