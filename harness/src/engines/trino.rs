//! Trino, over its REST statement protocol (`POST /v1/statement`, then follow `nextUri` until
//! it is absent, collecting `columns` and `data`). The tables are read through the Iceberg
//! catalog configured in Trino (the same REST catalog the lake was written to); `open` checks
//! each table is queryable there. A query that outlives its timeout is cancelled with
//! `DELETE nextUri`. Not exercised against a live server here (see `REMOTE.md`).

use super::remote::{self, EngineConfig, Http, Remote};
use super::{timeout, Answer};
use anyhow::{Context, Result};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::time::{Duration, Instant};

pub struct Trino {
    url: String,
    user: String,
    catalog: String,
    schema: String,
    password: Option<String>,
    http: Http,
}

impl Trino {
    pub fn start() -> Result<Trino> {
        Trino::from_config(&remote::load("trino")?)
    }

    pub fn from_config(c: &EngineConfig) -> Result<Trino> {
        Ok(Trino {
            url: remote::base(c.require("trino", "url", &c.url)?),
            user: c.user.clone().unwrap_or_else(|| "lakeproof".into()),
            catalog: c.require("trino", "catalog", &c.catalog)?.to_string(),
            schema: c.require("trino", "schema", &c.schema)?.to_string(),
            password: c.password()?,
            http: Http::new()?,
        })
    }

    fn headers(&self, timeout: Option<Duration>) -> Result<HeaderMap> {
        let mut h = HeaderMap::new();
        let mut put = |k: &'static str, v: &str| -> Result<()> {
            h.insert(HeaderName::from_static(k), HeaderValue::from_str(v)?);
            Ok(())
        };
        put("x-trino-user", &self.user)?;
        put("x-trino-catalog", &self.catalog)?;
        put("x-trino-schema", &self.schema)?;
        put("x-trino-time-zone", "UTC")?;
        put("x-trino-source", "lakeproof")?;
        if let Some(t) = timeout {
            // The server enforces the limit too, so an abandoned query does not run on.
            put("x-trino-session", &format!("query_max_run_time={}s", t.as_secs().max(1)))?;
        }
        Ok(h)
    }

    /// One protocol request; retries 502/503/504 as the protocol asks (50–100 ms later).
    fn request(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
        headers: HeaderMap,
        wait: Duration,
    ) -> Result<Value, ReqError> {
        let deadline = Instant::now() + wait;
        loop {
            let mut rb =
                self.http.client.request(method.clone(), url).headers(headers.clone()).timeout(
                    deadline
                        .saturating_duration_since(Instant::now())
                        .max(Duration::from_millis(1)),
                );
            if let Some(p) = &self.password {
                rb = rb.basic_auth(&self.user, Some(p));
            }
            if let Some(b) = body {
                rb = rb.body(b.to_string());
            }
            let r = self.http.rt.block_on(async {
                let resp = rb.send().await?;
                let status = resp.status();
                let text = resp.text().await?;
                Ok::<_, reqwest::Error>((status, text))
            });
            match r {
                Err(e) if e.is_timeout() => return Err(ReqError::Timeout),
                Err(e) => {
                    return Err(ReqError::Other(
                        anyhow::Error::from(e).context(format!("trino: {method} {url}")),
                    ))
                }
                Ok((
                    StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT,
                    _,
                )) => {
                    if Instant::now() + Duration::from_millis(100) >= deadline {
                        return Err(ReqError::Timeout);
                    }
                    std::thread::sleep(Duration::from_millis(75));
                }
                Ok((s, text)) if !s.is_success() => {
                    return Err(ReqError::Other(anyhow::anyhow!(
                        "trino: {method} {url}: HTTP {s}: {}",
                        text.trim()
                    )));
                }
                Ok((_, text)) => {
                    return serde_json::from_str(&text).map_err(|e| {
                        ReqError::Other(anyhow::anyhow!(
                            "trino: malformed reply to {method} {url}: {e}: {text}"
                        ))
                    });
                }
            }
        }
    }

    fn cancel(&self, next_uri: &str) {
        if let Ok(h) = self.headers(None) {
            let rb = self.http.client.delete(next_uri).headers(h).timeout(Duration::from_secs(10));
            let _ = self.http.rt.block_on(async move { rb.send().await });
        }
    }
}

enum ReqError {
    Timeout,
    Other(anyhow::Error),
}

/// The error of a QueryResults document, if any; the server's time limit is a
/// [`super::Timeout`].
fn query_error(doc: &Value) -> Option<anyhow::Error> {
    let e = doc.get("error")?;
    if e.is_null() {
        return None;
    }
    let msg = e["message"].as_str().unwrap_or("query failed without message");
    let name = e["errorName"].as_str().unwrap_or("");
    Some(if name == "EXCEEDED_TIME_LIMIT" {
        timeout(format!("timeout: trino: {name}: {msg}"))
    } else if name.is_empty() {
        anyhow::anyhow!("trino: {msg}")
    } else {
        anyhow::anyhow!("trino: {name}: {msg}")
    })
}

/// The timeout of a query this client cancelled.
fn cancelled(limit: Duration) -> anyhow::Error {
    timeout(format!("timeout after {} s (trino query cancelled)", limit.as_secs_f64()))
}

impl Remote for Trino {
    const NAME: &'static str = "trino";
    const PRODUCT: &'static str = "Trino";

    fn tables_in(&self) -> String {
        format!("trino catalog {}.{}", self.catalog, self.schema)
    }

    fn access_path(&self) -> String {
        format!("trino iceberg catalog {}.{}", self.catalog, self.schema)
    }

    /// Asked of the coordinator (`GET /v1/info`), not by SQL.
    fn server_version(&mut self) -> Result<String> {
        let url = format!("{}/v1/info", self.url);
        let doc = match self.request(
            Method::GET,
            &url,
            None,
            self.headers(None)?,
            Duration::from_secs(30),
        ) {
            Ok(d) => d,
            Err(ReqError::Timeout) => return Err(timeout(format!("trino: timeout asking {url}"))),
            Err(ReqError::Other(e)) => return Err(e),
        };
        let v = doc["nodeVersion"]["version"]
            .as_str()
            .context("trino: /v1/info without nodeVersion.version")?;
        Ok(v.to_string())
    }

    fn run(&mut self, sql: &str, timeout: Duration) -> Result<Answer> {
        let start = Instant::now();
        let deadline = start + timeout;
        let left = || deadline.saturating_duration_since(Instant::now());
        let mut answer = Answer::default();
        let mut types: Vec<String> = Vec::new();
        let url = format!("{}/v1/statement", self.url);
        let mut doc =
            match self.request(Method::POST, &url, Some(sql), self.headers(Some(timeout))?, left())
            {
                Ok(d) => d,
                // No query id yet: nothing to cancel (the server-side limit still applies).
                Err(ReqError::Timeout) => {
                    let secs = timeout.as_secs_f64();
                    return Err(super::timeout(format!(
                        "timeout after {secs} s (trino: submitting)"
                    )));
                }
                Err(ReqError::Other(e)) => return Err(e),
            };
        loop {
            if let Some(e) = query_error(&doc) {
                return Err(e);
            }
            if types.is_empty() {
                if let Some(cols) = doc["columns"].as_array() {
                    answer.columns =
                        cols.iter().map(|c| c["name"].as_str().unwrap_or("").to_string()).collect();
                    types =
                        cols.iter().map(|c| c["type"].as_str().unwrap_or("").to_string()).collect();
                }
            }
            if let Some(data) = doc["data"].as_array() {
                for row in data {
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
                            .map(|(i, v)| {
                                remote::canonical_json(v, types.get(i).map_or("", |s| s.as_str()))
                            })
                            .collect(),
                    );
                }
            }
            let Some(next) = doc["nextUri"].as_str().map(str::to_string) else { break };
            if left().is_zero() {
                self.cancel(&next);
                return Err(cancelled(timeout));
            }
            doc = match self.request(Method::GET, &next, None, self.headers(None)?, left()) {
                Ok(d) => d,
                Err(ReqError::Timeout) => {
                    self.cancel(&next);
                    return Err(cancelled(timeout));
                }
                Err(ReqError::Other(e)) => {
                    self.cancel(&next);
                    return Err(e);
                }
            };
        }
        answer.elapsed = start.elapsed();
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::remote::testserver::{ok, serve, slow, status};
    use crate::engines::{is_timeout, Attach, Engine, TableRef};

    fn client(base: &str) -> Trino {
        let c = EngineConfig {
            url: Some(format!("{base}/")),
            user: Some("alice".into()),
            catalog: Some("iceberg".into()),
            schema: Some("security".into()),
            ..Default::default()
        };
        Trino::from_config(&c).unwrap()
    }

    // Shapes from the Trino client REST protocol documentation (QueryResults).
    const FIRST: &str = r#"{"id":"20260102_000000_00001_abcde","infoUri":"{base}/ui/query.html?20260102_000000_00001_abcde",
        "nextUri":"{base}/v1/statement/queued/20260102_000000_00001_abcde/y1/1",
        "stats":{"state":"QUEUED","queued":true,"scheduled":false},"warnings":[]}"#;
    const PAGE1: &str = r#"{"id":"20260102_000000_00001_abcde",
        "nextUri":"{base}/v1/statement/executing/20260102_000000_00001_abcde/y2/2",
        "columns":[{"name":"host","type":"varchar","typeSignature":{"rawType":"varchar","arguments":[]}},
                   {"name":"n","type":"bigint","typeSignature":{"rawType":"bigint","arguments":[]}},
                   {"name":"avg_bytes","type":"double","typeSignature":{"rawType":"double","arguments":[]}},
                   {"name":"first_seen","type":"timestamp(6) with time zone","typeSignature":{"rawType":"timestamp with time zone","arguments":[]}}],
        "data":[["WS-01000",12,0.30000000000000004,"2026-11-02 10:00:00.120000 UTC"]],
        "stats":{"state":"RUNNING"}}"#;
    const PAGE2: &str = r#"{"id":"20260102_000000_00001_abcde",
        "columns":[{"name":"host","type":"varchar"},{"name":"n","type":"bigint"},{"name":"avg_bytes","type":"double"},{"name":"first_seen","type":"timestamp(6) with time zone"}],
        "data":[["WS-01001",null,2.0,null]],
        "stats":{"state":"FINISHED"}}"#;

    #[test]
    fn follows_next_uri_and_builds_canonical_answer() {
        let s = serve(vec![ok(FIRST), ok(PAGE1), ok(PAGE2)]);
        let mut t = client(&s.base);
        let a = t
            .query(
                "SELECT host, count(*) AS n FROM windows_security GROUP BY host",
                Duration::from_secs(20),
            )
            .unwrap();
        assert_eq!(a.columns, ["host", "n", "avg_bytes", "first_seen"]);
        assert_eq!(
            a.rows,
            vec![
                vec![
                    Some("WS-01000".into()),
                    Some("12".into()),
                    Some("0.3".into()),
                    Some("2026-11-02 10:00:00.12".into())
                ],
                vec![Some("WS-01001".into()), None, Some("2".into()), None],
            ]
        );
        assert_eq!(a.row_count, 2);
        let r = s.finish();
        assert_eq!(r.len(), 3);
        assert_eq!((r[0].method.as_str(), r[0].path()), ("POST", "/v1/statement"));
        assert_eq!(r[0].body, "SELECT host, count(*) AS n FROM windows_security GROUP BY host");
        assert_eq!(r[0].header("X-Trino-User"), Some("alice"));
        assert_eq!(r[0].header("X-Trino-Catalog"), Some("iceberg"));
        assert_eq!(r[0].header("X-Trino-Schema"), Some("security"));
        assert_eq!(r[0].header("X-Trino-Time-Zone"), Some("UTC"));
        assert_eq!(r[0].header("X-Trino-Session"), Some("query_max_run_time=20s"));
        assert_eq!(
            (r[1].method.as_str(), r[1].path()),
            ("GET", "/v1/statement/queued/20260102_000000_00001_abcde/y1/1")
        );
        assert_eq!(
            (r[2].method.as_str(), r[2].path()),
            ("GET", "/v1/statement/executing/20260102_000000_00001_abcde/y2/2")
        );
    }

    #[test]
    fn error_message_is_surfaced_and_503_retried() {
        let failed = r#"{"id":"q2","stats":{"state":"FAILED"},"error":{"message":"line 1:15: Table 'iceberg.security.nope' does not exist",
            "errorCode":46,"errorName":"TABLE_NOT_FOUND","errorType":"USER_ERROR","failureInfo":{"type":"io.trino.spi.TrinoException"}}}"#;
        let s = serve(vec![ok(FIRST), status(503, "busy"), ok(failed)]);
        let mut t = client(&s.base);
        let e = t.query("SELECT * FROM nope", Duration::from_secs(20)).unwrap_err();
        assert!(!is_timeout(&e), "{e}");
        let e = e.to_string();
        assert!(e.contains("TABLE_NOT_FOUND") && e.contains("does not exist"), "{e}");
        let r = s.finish();
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].path(), r[2].path(), "503 retried on the same nextUri");
    }

    #[test]
    fn time_limit_error_reads_as_timeout() {
        let failed = r#"{"id":"q3","error":{"message":"Query exceeded maximum time limit of 1.00s","errorName":"EXCEEDED_TIME_LIMIT","errorType":"INSUFFICIENT_RESOURCES"}}"#;
        let s = serve(vec![ok(failed)]);
        let e = client(&s.base).query("SELECT 1", Duration::from_secs(1)).unwrap_err();
        assert!(is_timeout(&e), "{e}");
        assert!(e.to_string().contains("EXCEEDED_TIME_LIMIT"), "{e}");
    }

    #[test]
    fn timeout_cancels_with_delete_next_uri() {
        let s = serve(vec![ok(FIRST), slow(PAGE1, Duration::from_millis(1500)), ok("")]);
        let mut t = client(&s.base);
        let e = t.query("SELECT slow()", Duration::from_millis(400)).unwrap_err();
        assert!(is_timeout(&e), "{e}");
        let r = s.finish();
        assert_eq!(r.len(), 3);
        assert_eq!(
            (r[2].method.as_str(), r[2].path()),
            ("DELETE", "/v1/statement/queued/20260102_000000_00001_abcde/y1/1")
        );
        assert_eq!(r[2].header("X-Trino-User"), Some("alice"));
    }

    #[test]
    fn version_and_open() {
        let info = r#"{"nodeVersion":{"version":"476"},"environment":"production","coordinator":true,"starting":false,"uptime":"1.00h"}"#;
        let empty = r#"{"id":"q4","columns":[{"name":"_col0","type":"integer"}],"data":[],"stats":{"state":"FINISHED"}}"#;
        let s = serve(vec![ok(info), ok(FIRST), ok(empty)]);
        let mut t = client(&s.base);
        assert_eq!(t.version().unwrap(), "Trino 476");
        let mut attach = Attach::default();
        attach.tables.insert(
            "cloudtrail".into(),
            TableRef { metadata_location: "m".into(), location: "l".into() },
        );
        assert_eq!(t.open(&attach).unwrap(), "trino iceberg catalog iceberg.security");
        let r = s.finish();
        assert_eq!((r[0].method.as_str(), r[0].path()), ("GET", "/v1/info"));
        assert_eq!(r[1].body, "SELECT 1 FROM cloudtrail LIMIT 0");
    }
}
