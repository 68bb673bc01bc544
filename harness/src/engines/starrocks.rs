//! StarRocks, over the MySQL wire protocol (FE query port 9030) with sqlx's MySQL driver: one
//! connection per client, `SET time_zone='+00:00'` on connect, then `SET CATALOG` / `USE` the
//! configured external Iceberg catalog and database. Queries go unprepared (text protocol), so
//! every value arrives as text and is put in canonical form by its column type. A query that
//! outlives its timeout is killed (`KILL QUERY <connection id>` from a second connection) and
//! the connection is replaced. Not exercised against a live server here: only the value
//! conversion and the configuration are unit-tested (see `REMOTE.md`).

use super::remote::{self, EngineConfig, Remote};
use super::values;
use super::Answer;
use anyhow::{Context, Result};
use sqlx::mysql::{MySql, MySqlConnectOptions, MySqlConnection, MySqlRow};
use sqlx::{Column, ConnectOptions, Connection, Decode, Row, TypeInfo, ValueRef};
use std::time::{Duration, Instant};

pub const DEFAULT_PORT: u16 = 9030;

pub struct StarRocks {
    options: MySqlConnectOptions,
    catalog: String,
    schema: String,
    rt: tokio::runtime::Runtime,
    conn: Option<(MySqlConnection, u64)>,
}

/// Connection options from the configuration (host, port, user, password from the environment).
pub fn connect_options(c: &EngineConfig) -> Result<MySqlConnectOptions> {
    let host = c.require("starrocks", "host", &c.host)?;
    let mut o = MySqlConnectOptions::new()
        .host(host)
        .port(c.port.unwrap_or(DEFAULT_PORT))
        .username(c.user.as_deref().unwrap_or("root"))
        // StarRocks speaks the protocol but not every MySQL session setting: only the time zone.
        .pipes_as_concat(false)
        .no_engine_substitution(false)
        .set_names(false)
        .timezone(Some("+00:00".to_string()));
    if let Some(p) = c.password()? {
        o = o.password(&p);
    }
    Ok(o)
}

/// Canonical value of a text-protocol cell, by the column's MySQL type name.
pub fn canonical_text(type_name: &str, v: Option<&str>) -> Option<String> {
    let v = v?;
    let t = type_name.to_ascii_uppercase();
    Some(match t.as_str() {
        "BOOLEAN" => match v {
            "1" => "true".into(),
            "0" => "false".into(),
            other => other.to_ascii_lowercase(),
        },
        "DOUBLE" | "FLOAT" => match v.parse::<f64>() {
            Ok(x) if x.is_finite() => values::float(x),
            Ok(x) if x.is_nan() => "NaN".into(),
            _ => v.to_string(),
        },
        "DATETIME" | "TIMESTAMP" | "DATE" => values::timestamp(v),
        _ if values::looks_like_timestamp(v) => values::timestamp(v),
        _ => v.to_string(),
    })
}

fn row_values(row: &MySqlRow) -> Result<Vec<Option<String>>> {
    let mut out = Vec::with_capacity(row.columns().len());
    for (i, col) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(i)?;
        let ty = col.type_info().name().to_string();
        let text = if raw.is_null() {
            None
        } else {
            Some(
                <&str as Decode<MySql>>::decode(raw)
                    .map_err(|e| anyhow::anyhow!("starrocks: column {}: {e}", col.name()))?,
            )
        };
        out.push(canonical_text(&ty, text));
    }
    Ok(out)
}

/// Quote an identifier with backticks.
fn ident(s: &str) -> String {
    format!("`{}`", s.replace('`', "``"))
}

impl StarRocks {
    pub fn start() -> Result<StarRocks> {
        StarRocks::from_config(&remote::load("starrocks")?)
    }

    pub fn from_config(c: &EngineConfig) -> Result<StarRocks> {
        Ok(StarRocks {
            options: connect_options(c)?,
            catalog: c.require("starrocks", "catalog", &c.catalog)?.to_string(),
            schema: c.require("starrocks", "schema", &c.schema)?.to_string(),
            rt: tokio::runtime::Builder::new_current_thread().enable_all().build()?,
            conn: None,
        })
    }

    fn connect(&mut self) -> Result<()> {
        if self.conn.is_none() {
            let (options, catalog, schema) =
                (self.options.clone(), self.catalog.clone(), self.schema.clone());
            let c = self.rt.block_on(async move {
                let mut conn = tokio::time::timeout(Duration::from_secs(30), options.connect())
                    .await
                    .map_err(|_| anyhow::anyhow!("starrocks: connect timed out"))??;
                sqlx::raw_sql(&format!("SET CATALOG {}", ident(&catalog)))
                    .execute(&mut conn)
                    .await?;
                sqlx::raw_sql(&format!("USE {}", ident(&schema))).execute(&mut conn).await?;
                let id: u64 = {
                    let row = sqlx::raw_sql("SELECT CONNECTION_ID()").fetch_one(&mut conn).await?;
                    row_values(&row)?
                        .first()
                        .cloned()
                        .flatten()
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0)
                };
                anyhow::Ok((conn, id))
            });
            self.conn = Some(c.with_context(|| {
                format!(
                    "starrocks: connecting to {}:{}",
                    self.options.get_host(),
                    self.options.get_port()
                )
            })?);
        }
        Ok(())
    }

    fn kill(&mut self, id: u64) {
        let options = self.options.clone();
        let _ = self.rt.block_on(async move {
            let mut c = options.connect().await?;
            sqlx::raw_sql(&format!("KILL QUERY {id}")).execute(&mut c).await?;
            c.close().await
        });
    }
}

impl Remote for StarRocks {
    const NAME: &'static str = "starrocks";
    const PRODUCT: &'static str = "StarRocks";
    const VERSION_SQL: &'static str = "SELECT current_version()";

    fn tables_in(&self) -> String {
        format!("starrocks catalog {}.{}", self.catalog, self.schema)
    }

    fn access_path(&self) -> String {
        format!("starrocks iceberg catalog {}.{}", self.catalog, self.schema)
    }

    fn disconnect(&mut self) {
        if let Some((c, _)) = self.conn.take() {
            let _ = self.rt.block_on(c.close());
        }
    }
    fn run(&mut self, sql: &str, timeout: Duration) -> Result<Answer> {
        let start = Instant::now();
        let secs = timeout.as_secs().max(1);
        self.connect()?;
        let result = {
            let StarRocks { rt, conn, .. } = self;
            let (conn, _) = conn.as_mut().expect("connected");
            let sql = sql.to_string();
            let fut = async move {
                sqlx::raw_sql(&format!("SET query_timeout = {secs}")).execute(&mut *conn).await?;
                let rows = sqlx::raw_sql(&sql).fetch_all(&mut *conn).await?;
                anyhow::Ok(rows)
            };
            rt.block_on(async move { tokio::time::timeout(timeout, fut).await })
        };
        let rows = match result {
            Err(_) => {
                let id = self.conn.take().map_or(0, |(_, id)| id);
                self.kill(id);
                return Err(super::timeout(format!(
                    "timeout after {} s (starrocks query killed, connection replaced)",
                    timeout.as_secs_f64()
                )));
            }
            Ok(Err(e)) => {
                let msg = format!("{e:#}");
                // The server's `query_timeout` arrives as an error whose text names it (the MySQL
                // protocol gives it no code of its own): this client is where that is known.
                if msg.to_ascii_lowercase().contains("timeout") {
                    return Err(super::timeout(format!("timeout: starrocks: {msg}")));
                }
                anyhow::bail!("starrocks: {msg}");
            }
            Ok(Ok(rows)) => rows,
        };
        let mut answer = Answer::default();
        if let Some(r) = rows.first() {
            answer.columns = r.columns().iter().map(|c| c.name().to_string()).collect();
        }
        answer.row_count = rows.len();
        for r in rows.iter().take(remote::MAX_ROWS) {
            answer.rows.push(row_values(r)?);
        }
        answer.truncated = answer.row_count > answer.rows.len();
        answer.elapsed = start.elapsed();
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_to_canonical() {
        assert_eq!(canonical_text("BIGINT", Some("42")).as_deref(), Some("42"));
        assert_eq!(
            canonical_text("BIGINT UNSIGNED", Some("18446744073709551615")).as_deref(),
            Some("18446744073709551615")
        );
        assert_eq!(canonical_text("DOUBLE", Some("0.30000000000000004")).as_deref(), Some("0.3"));
        assert_eq!(canonical_text("DOUBLE", Some("2")).as_deref(), Some("2"));
        assert_eq!(canonical_text("FLOAT", Some("1234.5678901234")).as_deref(), Some("1234.56789"));
        assert_eq!(canonical_text("BOOLEAN", Some("1")).as_deref(), Some("true"));
        assert_eq!(canonical_text("BOOLEAN", Some("0")).as_deref(), Some("false"));
        assert_eq!(
            canonical_text("DATETIME", Some("2026-11-02 10:00:00.120000")).as_deref(),
            Some("2026-11-02 10:00:00.12")
        );
        assert_eq!(
            canonical_text("DATETIME", Some("2026-11-02 10:00:00")).as_deref(),
            Some("2026-11-02 10:00:00")
        );
        assert_eq!(canonical_text("DATE", Some("2026-11-02")).as_deref(), Some("2026-11-02"));
        assert_eq!(canonical_text("VARCHAR", Some("WS-01000")).as_deref(), Some("WS-01000"));
        assert_eq!(
            canonical_text("VARCHAR", Some("2026-11-02T10:00:00.000Z")).as_deref(),
            Some("2026-11-02 10:00:00")
        );
        assert_eq!(canonical_text("DECIMAL", Some("12.50")).as_deref(), Some("12.50"));
        assert_eq!(canonical_text("VARCHAR", None), None);
    }

    #[test]
    fn config_to_connect_options() {
        std::env::set_var("LAKEPROOF_TEST_SR_PW", "pw");
        let c = remote::parse(
            "[starrocks]\nhost = \"sr-fe.example\"\nuser = \"bench\"\npassword_env = \"LAKEPROOF_TEST_SR_PW\"\ncatalog = \"iceberg_rest\"\nschema = \"security\"\n",
            "starrocks",
        )
        .unwrap();
        let o = connect_options(&c).unwrap();
        assert_eq!(
            (o.get_host(), o.get_port(), o.get_username()),
            ("sr-fe.example", DEFAULT_PORT, "bench")
        );
        let s = StarRocks::from_config(&c).unwrap();
        assert_eq!((s.catalog.as_str(), s.schema.as_str()), ("iceberg_rest", "security"));
        let e =
            StarRocks::from_config(&EngineConfig { host: Some("h".into()), ..Default::default() })
                .err()
                .unwrap();
        assert!(e.to_string().contains("catalog"), "{e}");
        assert_eq!(ident("a`b"), "`a``b`");
    }
}
