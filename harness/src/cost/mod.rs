//! The cost model: what a lake of a given daily volume and retention costs per month at steady
//! state (every day of the retention stored), from a measured compression ratio, measured file
//! sizes and measured query times, priced from a table in data (`prices.rs`).
//!
//! Conventions, stated once here and printed with every bill: a month is 365/12 days; daily
//! volumes are raw native-format bytes with decimal units (500 GB = 500 × 10^9 bytes, as the
//! scenarios use); storage is converted to the provider's own "GB" (`bytes_per_gb`) before it
//! is priced. Only the first volume band's price is used, so large lakes are over-estimated.

pub mod measured;
pub mod prices;

use prices::{Reads, StorageClass};

pub const DAYS_PER_MONTH: f64 = 365.0 / 12.0;

/// What to price: the lake's shape and where it lives.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// Raw native-format bytes ingested per day.
    pub daily_raw_bytes: f64,
    pub retention_days: f64,
    /// Raw bytes per byte on disk.
    pub ratio: f64,
    /// Mean data file size on disk; without it object requests are not priced.
    pub file_bytes: Option<f64>,
    /// Where data lands.
    pub hot: &'a StorageClass,
    /// Optional lifecycle: after this many days in `hot`, data moves to this class.
    pub tiering: Option<(f64, &'a StorageClass)>,
    /// Read pattern for GET requests (needs `file_bytes`).
    pub reads: Option<&'a Reads>,
    /// Query compute, from measured query times.
    pub compute: Option<Compute>,
}

impl<'a> Plan<'a> {
    /// Storage alone: the lake's bytes on one class, no requests, tiering or compute.
    pub fn storage_only(
        daily_raw_bytes: f64,
        retention_days: f64,
        ratio: f64,
        hot: &'a StorageClass,
    ) -> Plan<'a> {
        Plan {
            daily_raw_bytes,
            retention_days,
            ratio,
            file_bytes: None,
            hot,
            tiering: None,
            reads: None,
            compute: None,
        }
    }
}

/// Compute priced as node-hours: measured seconds per profile run × runs per month.
#[derive(Debug, Clone)]
pub struct Compute {
    pub node: String,
    pub per_hour: f64,
    pub profiles: Vec<ProfileCompute>,
}

#[derive(Debug, Clone)]
pub struct ProfileCompute {
    pub profile: String,
    pub engine: String,
    pub runs_per_day: f64,
    /// Sum of the queries' median hot times at the measured data volume.
    pub measured_seconds: f64,
    /// Factor from the measured volume to the priced one (scan time assumed linear in bytes).
    pub scale: f64,
    /// Queries whose time is included, and queries that failed (not included).
    pub queries_ok: usize,
    pub queries_failed: usize,
}

/// One line of the bill: what, how it was computed, and dollars per month.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub item: String,
    pub detail: String,
    pub dollars: f64,
}

#[derive(Debug, Clone)]
pub struct Bill {
    pub lines: Vec<Line>,
    pub total: f64,
}

impl Bill {
    pub fn storage_total(&self) -> f64 {
        self.lines.iter().filter(|l| l.item.starts_with("storage")).map(|l| l.dollars).sum()
    }
}

fn unit(class: &StorageClass) -> &'static str {
    if class.bytes_per_gb == (1u64 << 30) as f64 {
        "GiB"
    } else if class.bytes_per_gb == 1e9 {
        "GB"
    } else {
        "GB (provider unit)"
    }
}

/// The monthly bill of a plan at steady state.
pub fn monthly(plan: &Plan) -> Bill {
    let disk_per_day = plan.daily_raw_bytes / plan.ratio;
    let hot_days = plan.tiering.map_or(plan.retention_days, |(d, _)| d.min(plan.retention_days));
    let mut lines = Vec::new();

    let hot = plan.hot;
    let hot_gb = disk_per_day * hot_days / hot.bytes_per_gb;
    lines.push(Line {
        item: format!("storage: {}", hot.name),
        detail: format!(
            "{:.1} {u} on disk/day ({:.1} GB raw ÷ {:.1}×) × {hot_days:.0} days = {hot_gb:.0} {u} × ${}/{u}-month",
            disk_per_day / hot.bytes_per_gb,
            plan.daily_raw_bytes / 1e9,
            plan.ratio,
            hot.per_gb_month,
            u = unit(hot)
        ),
        dollars: hot_gb * hot.per_gb_month,
    });

    let files_per_day = plan.file_bytes.map(|f| disk_per_day / f);
    if let Some((_, cold)) = plan.tiering {
        let cold_days = plan.retention_days - hot_days;
        if cold_days > 0.0 {
            // Objects removed before the class's minimum duration are billed for the minimum,
            // and objects below its minimum size are billed at that size.
            let billed_days = cold_days.max(cold.min_storage_days);
            let size_factor = plan.file_bytes.map_or(1.0, |f| cold.min_object_bytes.max(f) / f);
            let gb = disk_per_day * billed_days * size_factor / cold.bytes_per_gb;
            let mut detail = format!("{cold_days:.0} days after day {hot_days:.0}");
            if billed_days > cold_days {
                detail += &format!(", billed {billed_days:.0} (minimum storage duration)");
            }
            if size_factor > 1.0 {
                detail += &format!(
                    ", files billed at {:.0} KiB minimum object size (×{size_factor:.2})",
                    cold.min_object_bytes / 1024.0
                );
            }
            detail += &format!(" = {gb:.0} {u} × ${}/{u}-month", cold.per_gb_month, u = unit(cold));
            lines.push(Line {
                item: format!("storage: {}", cold.name),
                detail,
                dollars: gb * cold.per_gb_month,
            });
            if let Some(fpd) = files_per_day {
                let n = fpd * DAYS_PER_MONTH;
                lines.push(Line {
                    item: format!("lifecycle transitions to {}", cold.name),
                    detail: format!("{n:.0} objects/month × ${}/1,000", cold.transition_per_1000),
                    dollars: n / 1000.0 * cold.transition_per_1000,
                });
            }
        }
    }

    if let (Some(fpd), Some(f)) = (files_per_day, plan.file_bytes) {
        let per_object = hot.requests_per_object(f);
        let puts = fpd * DAYS_PER_MONTH * per_object;
        let chunked = if per_object > 1.0 {
            format!(" × {per_object:.0} billed chunks")
        } else {
            String::new()
        };
        lines.push(Line {
            item: format!("PUT requests: {}", hot.name),
            detail: format!("{fpd:.0} files/day of {:.1} MB{chunked} × {DAYS_PER_MONTH:.2} days = {puts:.0}/month × ${}/1,000", f / 1e6, hot.put_per_1000),
            dollars: puts / 1000.0 * hot.put_per_1000,
        });
        if let Some(r) = plan.reads {
            let gets = fpd * r.day_scans_per_day * r.gets_per_file * DAYS_PER_MONTH;
            lines.push(Line {
                item: format!("GET requests: {}", hot.name),
                detail: format!("{fpd:.0} files/day read {} times a day × {} GETs each = {gets:.0}/month × ${}/1,000", r.day_scans_per_day, r.gets_per_file, hot.get_per_1000),
                dollars: gets / 1000.0 * hot.get_per_1000,
            });
        }
    }

    if let Some(c) = &plan.compute {
        for p in &c.profiles {
            let hours = p.measured_seconds * p.scale * p.runs_per_day * DAYS_PER_MONTH / 3600.0;
            let failed = if p.queries_failed > 0 {
                format!(", {} failed queries not counted", p.queries_failed)
            } else {
                String::new()
            };
            lines.push(Line {
                item: format!("compute: {} on {}", p.profile, p.engine),
                detail: format!(
                    "{:.2} s/run measured ({} queries{failed}) × {:.1} volume scale × {} runs/day = {hours:.1} node-hours × ${}/h ({})",
                    p.measured_seconds, p.queries_ok, p.scale, p.runs_per_day, c.per_hour, c.node
                ),
                dollars: hours * c.per_hour,
            });
        }
    }
    let total = lines.iter().map(|l| l.dollars).sum();
    Bill { lines, total }
}

#[cfg(test)]
mod tests {
    use super::prices::Prices;
    use super::*;

    fn prices() -> Prices {
        Prices::shipped().unwrap()
    }

    fn plan<'a>(p: &'a Prices, hot: &str) -> Plan<'a> {
        Plan {
            daily_raw_bytes: 500e9,
            retention_days: 365.0,
            ratio: 15.0,
            file_bytes: None,
            hot: p.storage(hot).unwrap(),
            tiering: None,
            reads: None,
            compute: None,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 0.01, "{a} != {b}");
    }

    #[test]
    fn five_hundred_gb_a_day_for_a_year_at_15x_on_s3_standard() {
        // 500 × 10^9 B/day ÷ 15 = 33,333,333,333 B/day on disk; × 365 days = 1.2166667 × 10^13 B;
        // ÷ 2^30 B per billed GB = 11,331.09 GB-month; × $0.023 = $260.62 per month.
        let p = prices();
        let bill = monthly(&plan(&p, "s3_standard"));
        assert_eq!(bill.lines.len(), 1);
        close(bill.total, 260.62);
        close(bill.storage_total(), 260.62);
    }

    #[test]
    fn tiering_with_small_files_bills_the_minimum_object_size_and_the_transitions() {
        // 33,333,333,333 B/day on disk (as above), files of 64 KiB:
        // hot 30 days on S3 Standard: 33.33e9 × 30 ÷ 2^30 = 931.32 GiB × $0.023 = $21.42
        // then 335 days on S3 IA, each 64 KiB file billed as 128 KiB (× 2):
        //   33.33e9 × 335 × 2 ÷ 2^30 = 20,799.54 GiB × $0.0125 = $259.99
        // files/day = 33.33e9 ÷ 65,536 = 508,626.3; per month × 365/12 = 15,470,716.7
        //   transitions: 15,470,716.7 ÷ 1,000 × $0.01 = $154.71; PUTs: × $0.005 = $77.35
        let p = prices();
        let mut pl = plan(&p, "s3_standard");
        pl.file_bytes = Some(65536.0);
        pl.tiering = Some((30.0, p.storage("s3_ia").unwrap()));
        let bill = monthly(&pl);
        let d: Vec<f64> = bill.lines.iter().map(|l| l.dollars).collect();
        close(d[0], 21.42);
        close(d[1], 259.99);
        close(d[2], 154.71);
        close(d[3], 77.35);
        close(bill.total, 21.42 + 259.99 + 154.71 + 77.35);
        assert!(bill.lines[1].detail.contains("minimum object size"), "{}", bill.lines[1].detail);
    }

    #[test]
    fn short_cold_periods_are_billed_the_minimum_duration() {
        // 80 days hot then 10 days on Glacier IR, billed 90 days:
        // 33.33e9 × 90 ÷ 2^30 = 2,793.97 GiB × $0.004 = $11.18
        let p = prices();
        let mut pl = plan(&p, "s3_standard");
        pl.retention_days = 90.0;
        pl.tiering = Some((80.0, p.storage("s3_glacier_ir").unwrap()));
        close(monthly(&pl).lines[1].dollars, 11.18);
    }

    #[test]
    fn adls_bills_requests_per_4_mib_and_reads_follow_the_read_pattern() {
        // Files of 10 MiB: 33.33e9 ÷ 10,485,760 = 3,178.91 files/day, each write billed as
        // ceil(10 / 4) = 3 requests: 3,178.91 × 30.4167 × 3 = 290,077.9 × $0.0065/1,000 = $1.89.
        // Reads (shipped pattern: 24 scans/day × 3 GETs): 3,178.91 × 24 × 3 × 30.4167
        // = 6,961,822 × $0.00052/1,000 = $3.62.
        let p = prices();
        let mut pl = plan(&p, "adls_hot");
        pl.file_bytes = Some(10.0 * 1048576.0);
        pl.reads = Some(&p.reads);
        let bill = monthly(&pl);
        close(bill.lines[1].dollars, 1.89);
        close(bill.lines[2].dollars, 3.62);
    }

    #[test]
    fn compute_is_measured_time_times_volume_scale_times_runs() {
        // 2 s per run × volume scale 3 × 24 runs/day × 30.4167 days = 4,380 s = 1.2167 node-hours;
        // × $0.1323/h = $0.161.
        let p = prices();
        let mut pl = plan(&p, "s3_standard");
        pl.compute = Some(Compute {
            node: "n".into(),
            per_hour: 0.1323,
            profiles: vec![ProfileCompute {
                profile: "federation".into(),
                engine: "duckdb".into(),
                runs_per_day: 24.0,
                measured_seconds: 2.0,
                scale: 3.0,
                queries_ok: 6,
                queries_failed: 0,
            }],
        });
        close(monthly(&pl).lines[1].dollars, 0.16);
    }
}
