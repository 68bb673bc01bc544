//! Renders `report.html` of the committed four-engine run in headless Chromium and checks that
//! the scorecard and every plot are in the DOM, laid out with a size, and actually painted
//! (pixels other than the white background inside each one's box in a screenshot).

use lakeproof_harness::cost::prices::Prices;
use lakeproof_harness::report::roadmap::Roadmap;
use lakeproof_harness::report::{build, write};
use lakeproof_harness::results::Inputs;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";
const WIDTH: u32 = 1300;
const HEIGHT: u32 = 9000;

/// Appended to a copy of the page (the report itself has no scripts): writes each checked
/// element's box into the DOM, which `--dump-dom` then prints.
const PROBE: &str = r#"<script>
window.addEventListener('load', () => {
  const out = [];
  for (const sel of ['#scorecard-table', '#plot-compression svg', '#plot-latency svg', '#plot-cost svg']) {
    const el = document.querySelector(sel);
    const r = el ? el.getBoundingClientRect() : null;
    out.push(sel + '=' + (r ? [r.left, r.top, r.width, r.height].map(Math.round).join(',') : 'absent'));
  }
  const p = document.createElement('pre'); p.id = 'probe'; p.textContent = out.join(';'); document.body.appendChild(p);
});
</script>"#;

fn chromium(args: &[&str]) -> std::process::Output {
    Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--window-size={WIDTH},{HEIGHT}"))
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
fn report_html_renders_the_scorecard_and_every_plot_in_chromium() {
    if !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var("LAKEPROOF_REQUIRE_INTEROP").is_err(),
            "chromium missing: apt-get install -y chromium fonts-dejavu-core"
        );
        eprintln!("skipped: {CHROMIUM} missing (apt-get install -y chromium)");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let inputs = Inputs::load(&[root.join("results/run-smoke-10g.json")]).unwrap();
    let report = build(&inputs, &Roadmap::shipped().unwrap(), &Prices::shipped().unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = write(&report, dir.path()).unwrap();
    let html = std::fs::read_to_string(&written.html).unwrap();
    for fetch in ["src=", "<link", "url(", "@import", "<script", "href=\"http"] {
        assert!(!html.contains(fetch), "report.html must be self-contained, found {fetch}");
    }

    let probed = dir.path().join("probe.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let out = chromium(&["--dump-dom", &format!("file://{}", probed.display())]);
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("id=\"scorecard-table\"") && dom.contains("Storage cost under $500/month"),
        "scorecard missing; stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let probe = dom
        .split("<pre id=\"probe\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("probe did not run: {dom:.2000}"));
    let mut boxes = Vec::new();
    for item in probe.split(';') {
        let (sel, rect) = item.split_once('=').unwrap();
        assert_ne!(rect, "absent", "{sel} is not in the page");
        let v: Vec<i64> = rect.split(',').map(|x| x.parse().unwrap()).collect();
        assert!(v[2] > 100 && v[3] > 100, "{sel} has no visible size: {rect}");
        assert!(v[1] + v[3] <= HEIGHT as i64, "{sel} is below the screenshot: {rect}");
        boxes.push((sel.to_string(), v));
    }

    let shot = dir.path().join("shot.png");
    let out = chromium(&[
        &format!("--screenshot={}", shot.display()),
        &format!("file://{}", written.html.display()),
    ]);
    assert!(shot.exists(), "no screenshot; stderr: {}", String::from_utf8_lossy(&out.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let painted = |x0: i64, y0: i64, w: i64, h: i64| {
        let mut n = 0usize;
        for y in y0.max(0)..(y0 + h).min(info.height as i64) {
            for x in x0.max(0)..(x0 + w).min(info.width as i64) {
                let i = (y as usize * info.width as usize + x as usize) * channels;
                if buf[i..i + 3].iter().any(|&c| c < 235) {
                    n += 1;
                }
            }
        }
        n as f64 / (w * h).max(1) as f64
    };
    assert!(painted(0, 0, info.width as i64, info.height as i64) > 0.01, "the screenshot is blank");
    for (sel, v) in boxes {
        let share = painted(v[0], v[1], v[2], v[3]);
        assert!(share > 0.02, "{sel} is not painted: {:.3} of its box differs from white", share);
    }
}
