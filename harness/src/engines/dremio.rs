//! Dremio, over REST API v3: `POST /api/v3/sql` (with the configured source and namespace as
//! the query context) gives a job id; `GET /api/v3/job/{id}` is polled until the job is
//! COMPLETED, FAILED or CANCELED; the rows are paged from `GET /api/v3/job/{id}/results`
//! (500 at a time, the API's maximum). Authentication: a personal access token as
//! `Authorization: Bearer …`, or user + password through `POST /apiv2/login`. A job that
//! outlives its timeout is cancelled with `POST /api/v3/job/{id}/cancel`. Not exercised against
//! a live server here (see `REMOTE.md`).

use super::remote::{self, EngineConfig, Http, Remote};
use super::Answer;
use anyhow::{bail, Context, Result};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

pub const PAGE: usize = 500;

pub struct Dremio {
    url: String,
    context: Vec<String>,
    catalog: String,
    schema: String,
    auth: Auth,
    poll: Duration,
    http: Http,
}

enum Auth {
    Bearer(String),
    Login { user: String, password: String, token: Option<String> },
}

impl Dremio {
    pub fn start() -> Result<Dremio> {
        Dremio::from_config(&remote::load("dremio")?)
    }

    pub fn from_config(c: &EngineConfig) -> Result<Dremio> {
        let catalog =
            c.require("dremio", "catalog (the source holding the lake)", &c.catalog)?.to_string();
        let schema = c.require("dremio", "schema", &c.schema)?.to_string();
        let auth = match (c.token()?, c.password()?) {
            (Some(t), _) => Auth::Bearer(t),
            (None, Some(p)) => Auth::Login { user: c.require("dremio", "user", &c.user)?.to_string(), password: p, token: None },
            (None, None) => bail!("engines.toml: [dremio] needs `token_env` (personal access token) or `user` + `password_env`"),
        };
        let mut context = vec![catalog.clone()];
        context.extend(schema.split('.').map(str::to_string));
        Ok(Dremio {
            url: remote::base(c.require("dremio", "url", &c.url)?),
            context,
            catalog,
            schema,
            auth,
            poll: Duration::from_millis(c.poll_interval_ms.unwrap_or(50)),
            http: Http::new()?,
        })
    }

    fn authorization(&mut self) -> Result<String> {
        match &mut self.auth {
            Auth::Bearer(t) => Ok(format!("Bearer {t}")),
            Auth::Login { token: Some(t), .. } => Ok(format!("_dremio{t}")),
            Auth::Login { user, password, token } => {
                let body = json!({"userName": user, "password": password}).to_string();
                let url = format!("{}/apiv2/login", self.url);
                let rb = self
                    .http
                    .client
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .body(body)
                    .timeout(Duration::from_secs(30));
                let doc = send(&self.http, rb, &url)?;
                let t = doc["token"]
                    .as_str()
                    .context("dremio: /apiv2/login answered without a token")?
                    .to_string();
                *token = Some(t.clone());
                Ok(format!("_dremio{t}"))
            }
        }
    }

    fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Value>,
        wait: Duration,
    ) -> Result<Value> {
        let auth = self.authorization()?;
        let url = format!("{}{path}", self.url);
        let mut rb = self
            .http
            .client
            .request(method, &url)
            .header("Authorization", auth)
            .timeout(wait.max(Duration::from_millis(1)));
        if let Some(b) = body {
            rb = rb.header("Content-Type", "application/json").body(b.to_string());
        }
        send(&self.http, rb, &url)
    }

    fn cancel(&mut self, id: &str) {
        let _ = self.call(
            Method::POST,
            &format!("/api/v3/job/{id}/cancel"),
            None,
            Duration::from_secs(10),
        );
    }
}

fn send(http: &Http, rb: reqwest::RequestBuilder, url: &str) -> Result<Value> {
    let (status, text) = http
        .rt
        .block_on(async {
            let resp = rb.send().await?;
            let status = resp.status();
            Ok::<_, reqwest::Error>((status, resp.text().await?))
        })
        .map_err(|e| {
            if e.is_timeout() {
                super::timeout(format!("timeout: dremio: {url}"))
            } else {
                anyhow::Error::from(e).context(format!("dremio: {url}"))
            }
        })?;
    if !status.is_success() {
        let msg = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|d| d["errorMessage"].as_str().map(str::to_string))
            .unwrap_or_else(|| text.trim().to_string());
        bail!("dremio: {url}: HTTP {status}: {msg}");
    }
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&text)
        .with_context(|| format!("dremio: malformed reply from {url}: {text}"))
}

impl Remote for Dremio {
    const NAME: &'static str = "dremio";
    const PRODUCT: &'static str = "Dremio";
    const VERSION_SQL: &'static str = "SELECT version FROM sys.version";

    fn tables_in(&self) -> String {
        format!("dremio source {}.{}", self.catalog, self.schema)
    }

    fn access_path(&self) -> String {
        format!("dremio iceberg catalog source {}.{}", self.catalog, self.schema)
    }

    fn run(&mut self, sql: &str, timeout: Duration) -> Result<Answer> {
        let start = Instant::now();
        let deadline = start + timeout;
        let left = move || deadline.saturating_duration_since(Instant::now());
        let job = self.call(
            Method::POST,
            "/api/v3/sql",
            Some(json!({"sql": sql, "context": self.context})),
            left(),
        )?;
        let id = job["id"]
            .as_str()
            .context("dremio: /api/v3/sql answered without a job id")?
            .to_string();
        let mut poll = self.poll;
        let status = loop {
            let s = match self.call(Method::GET, &format!("/api/v3/job/{id}"), None, left()) {
                Ok(s) => s,
                // A status poll that ran out of time: the job's own deadline decides below.
                Err(e) if super::is_timeout(&e) => Value::Null,
                Err(e) => return Err(e),
            };
            match s["jobState"].as_str().unwrap_or("") {
                "COMPLETED" => break s,
                "FAILED" => bail!(
                    "dremio: job {id} failed: {}",
                    s["errorMessage"].as_str().unwrap_or("no error message")
                ),
                "CANCELED" => bail!(
                    "dremio: job {id} canceled: {}",
                    s["cancellationReason"].as_str().unwrap_or("no reason given")
                ),
                _ => {}
            }
            if left().is_zero() {
                self.cancel(&id);
                let secs = timeout.as_secs_f64();
                return Err(super::timeout(format!(
                    "timeout after {secs} s (dremio job {id} cancelled)"
                )));
            }
            std::thread::sleep(poll.min(left()));
            poll = (poll * 2).min(Duration::from_millis(500));
        };
        let total = status["rowCount"].as_u64().map(|n| n as usize);
        let mut answer = Answer::default();
        let mut types: Vec<String> = Vec::new();
        let mut offset = 0usize;
        loop {
            let page = self.call(
                Method::GET,
                &format!("/api/v3/job/{id}/results?offset={offset}&limit={PAGE}"),
                None,
                Duration::from_secs(60).max(left()),
            )?;
            if types.is_empty() {
                if let Some(schema) = page["schema"].as_array() {
                    answer.columns = schema
                        .iter()
                        .map(|c| c["name"].as_str().unwrap_or("").to_string())
                        .collect();
                    types = schema
                        .iter()
                        .map(|c| c["type"]["name"].as_str().unwrap_or("").to_string())
                        .collect();
                }
            }
            let rows = page["rows"].as_array().cloned().unwrap_or_default();
            for row in &rows {
                answer.rows.push(
                    answer
                        .columns
                        .iter()
                        .zip(&types)
                        .map(|(c, t)| row.get(c).and_then(|v| remote::canonical_json(v, t)))
                        .collect(),
                );
            }
            offset += rows.len();
            let total = total.or(page["rowCount"].as_u64().map(|n| n as usize)).unwrap_or(offset);
            if rows.is_empty() || offset >= total || offset >= remote::MAX_ROWS {
                answer.row_count = total.max(offset);
                answer.truncated = answer.row_count > answer.rows.len();
                break;
            }
        }
        answer.elapsed = start.elapsed();
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::is_timeout;
    use crate::engines::remote::testserver::{ok, serve, status};
    use crate::engines::Engine;

    fn client(base: &str) -> Dremio {
        std::env::set_var("LAKEPROOF_TEST_DREMIO_PAT", "pat-123");
        let c = EngineConfig {
            url: Some(base.into()),
            catalog: Some("lakehouse".into()),
            schema: Some("security".into()),
            token_env: Some("LAKEPROOF_TEST_DREMIO_PAT".into()),
            poll_interval_ms: Some(5),
            ..Default::default()
        };
        Dremio::from_config(&c).unwrap()
    }

    // Shapes from the Dremio REST API v3 reference (SQL, Job, Job results).
    const JOB: &str = r#"{"id": "1f2a3b4c-0000-1111-2222-333344445555"}"#;
    const RUNNING: &str = r#"{"jobState": "RUNNING", "rowCount": 0, "queryType": "REST", "startedAt": "2026-01-02T00:00:00.000Z"}"#;
    const DONE: &str = r#"{"jobState": "COMPLETED", "rowCount": 3, "queryType": "REST", "startedAt": "2026-01-02T00:00:00.000Z", "endedAt": "2026-01-02T00:00:01.000Z"}"#;

    fn page(rows: &str) -> String {
        format!(
            r#"{{"rowCount": 3, "schema": [{{"name": "user_name", "type": {{"name": "VARCHAR"}}}}, {{"name": "logons", "type": {{"name": "BIGINT"}}}},
               {{"name": "ratio", "type": {{"name": "DOUBLE"}}}}, {{"name": "last_seen", "type": {{"name": "TIMESTAMP"}}}}],
               "rows": [{rows}]}}"#
        )
    }

    #[test]
    fn polls_job_and_pages_results() {
        let p1 = page(
            r#"{"user_name": "alice", "logons": 5, "ratio": 0.30000000000000004, "last_seen": "2026-11-02 10:00:00.000"},
                         {"user_name": "bob", "logons": 1, "ratio": 1.0, "last_seen": "2026-11-02 11:00:00.500"}"#,
        );
        // Dremio leaves NULL fields out of a row object.
        let p2 = page(r#"{"user_name": "carol", "logons": 0}"#);
        let s = serve(vec![ok(JOB), ok(RUNNING), ok(DONE), ok(&p1), ok(&p2)]);
        let mut d = client(&s.base);
        let a = d
            .query(
                "SELECT user_name, count(*) AS logons FROM windows_security GROUP BY 1",
                Duration::from_secs(30),
            )
            .unwrap();
        assert_eq!(a.columns, ["user_name", "logons", "ratio", "last_seen"]);
        assert_eq!(
            a.rows,
            vec![
                vec![
                    Some("alice".into()),
                    Some("5".into()),
                    Some("0.3".into()),
                    Some("2026-11-02 10:00:00".into())
                ],
                vec![
                    Some("bob".into()),
                    Some("1".into()),
                    Some("1".into()),
                    Some("2026-11-02 11:00:00.5".into())
                ],
                vec![Some("carol".into()), Some("0".into()), None, None],
            ]
        );
        assert_eq!((a.row_count, a.truncated), (3, false));
        let r = s.finish();
        assert_eq!((r[0].method.as_str(), r[0].path()), ("POST", "/api/v3/sql"));
        let body: Value = serde_json::from_str(&r[0].body).unwrap();
        assert_eq!(
            body,
            json!({"sql": "SELECT user_name, count(*) AS logons FROM windows_security GROUP BY 1", "context": ["lakehouse", "security"]})
        );
        assert_eq!(r[0].header("Authorization"), Some("Bearer pat-123"));
        assert_eq!(
            (r[1].method.as_str(), r[1].path()),
            ("GET", "/api/v3/job/1f2a3b4c-0000-1111-2222-333344445555")
        );
        assert_eq!(r[2].path(), "/api/v3/job/1f2a3b4c-0000-1111-2222-333344445555");
        assert_eq!(
            r[3].target,
            "/api/v3/job/1f2a3b4c-0000-1111-2222-333344445555/results?offset=0&limit=500"
        );
        assert_eq!(
            r[4].target,
            "/api/v3/job/1f2a3b4c-0000-1111-2222-333344445555/results?offset=2&limit=500"
        );
        assert!(r.iter().all(|q| q.header("Authorization") == Some("Bearer pat-123")));
    }

    #[test]
    fn failed_job_and_http_errors_are_surfaced() {
        let failed =
            r#"{"jobState": "FAILED", "rowCount": 0, "errorMessage": "Table 'nope' not found"}"#;
        let s = serve(vec![
            ok(JOB),
            ok(failed),
            status(400, r#"{"errorMessage": "Failure parsing the query.", "moreInfo": ""}"#),
        ]);
        let mut d = client(&s.base);
        let e = d.query("SELECT * FROM nope", Duration::from_secs(30)).unwrap_err();
        assert!(!is_timeout(&e), "{e}");
        let e = e.to_string();
        assert!(e.contains("failed") && e.contains("Table 'nope' not found"), "{e}");
        let e = d.query("SELEC", Duration::from_secs(30)).unwrap_err();
        assert!(!is_timeout(&e) && e.to_string().contains("Failure parsing the query."), "{e}");
    }

    #[test]
    fn timeout_cancels_the_job() {
        let mut canned = vec![ok(JOB)];
        for _ in 0..200 {
            canned.push(ok(RUNNING));
        }
        let s = serve(canned);
        let mut d = client(&s.base);
        let e = d.query("SELECT slow", Duration::from_millis(1500)).unwrap_err();
        assert!(is_timeout(&e), "{e}");
        let r = s.requests();
        let last = r.last().unwrap();
        assert_eq!(
            (last.method.as_str(), last.path()),
            ("POST", "/api/v3/job/1f2a3b4c-0000-1111-2222-333344445555/cancel")
        );
        assert!(r[1..r.len() - 1].iter().all(|q| q.method == "GET"));
    }

    #[test]
    fn password_login_gives_dremio_token() {
        std::env::set_var("LAKEPROOF_TEST_DREMIO_PW", "pw");
        let c = EngineConfig {
            url: Some("http://127.0.0.1:9".into()),
            user: Some("dremio".into()),
            catalog: Some("lakehouse".into()),
            schema: Some("security".into()),
            password_env: Some("LAKEPROOF_TEST_DREMIO_PW".into()),
            ..Default::default()
        };
        let s = serve(vec![
            ok(r#"{"token": "abc", "userName": "dremio"}"#),
            ok(JOB),
            ok(DONE),
            ok(&page("")),
        ]);
        let mut d = Dremio::from_config(&EngineConfig { url: Some(s.base.clone()), ..c }).unwrap();
        let a = d.query("SELECT 1", Duration::from_secs(10)).unwrap();
        assert!(a.rows.is_empty());
        let r = s.finish();
        assert_eq!((r[0].method.as_str(), r[0].path()), ("POST", "/apiv2/login"));
        assert_eq!(
            serde_json::from_str::<Value>(&r[0].body).unwrap(),
            json!({"userName": "dremio", "password": "pw"})
        );
        assert_eq!(r[1].header("Authorization"), Some("_dremioabc"));
    }
}
