//! S3 delivery framing: records grouped into one `{"Records":[…]}` object per account and region,
//! named like CloudTrail's S3 objects.

use super::View;
use crate::entities::AWS_REGIONS;
use crate::fmt::{civil, push_padded};
use crate::sources::cloudtrail::Record;
use crate::{BlockCtx, RawDoc};

/// One `{"Records":[…]}` document per (account, region), named like CloudTrail's S3 objects.
pub fn write_docs(ctx: &BlockCtx<'_>, events: &[Record], docs: &mut Vec<RawDoc>) {
    if events.is_empty() {
        return;
    }
    let v = View::new(ctx.org, ctx.seed);
    let mut order: Vec<u32> = (0..events.len() as u32).collect();
    order.sort_by_key(|&i| {
        let e = &events[i as usize];
        ((e.acct as u32) << 8 | e.region as u32, i)
    });
    let stem = ctx.doc_stem();
    let day = civil(ctx.slot_start());
    let mut scratch = Vec::with_capacity(1024);
    let mut k = 0;
    while k < order.len() {
        let first = &events[order[k] as usize];
        let (acct, region) = (first.acct, first.region);
        let group = order[k..]
            .iter()
            .take_while(|&&i| {
                events[i as usize].acct == acct && events[i as usize].region == region
            })
            .count();
        let mut bytes = crate::buffers::take(1700 * group + 64);
        bytes.extend_from_slice(b"{\"Records\":[");
        let mut n = 0;
        while k < order.len() {
            let e = &events[order[k] as usize];
            if e.acct != acct || e.region != region {
                break;
            }
            if n > 0 {
                bytes.push(b',');
            }
            v.push_record(e, &mut bytes, &mut scratch);
            n += 1;
            k += 1;
        }
        bytes.extend_from_slice(b"]}");
        let id = &ctx.org.aws_accounts[acct as usize].id;
        let region = AWS_REGIONS[region as usize];
        let mut name = String::with_capacity(120);
        for part in ["AWSLogs/", id, "/CloudTrail/", region, "/"] {
            name.push_str(part);
        }
        let mut date = Vec::with_capacity(11);
        push_padded(&mut date, day.year as u64, 4);
        date.push(b'/');
        push_padded(&mut date, day.month as u64, 2);
        date.push(b'/');
        push_padded(&mut date, day.day as u64, 2);
        date.push(b'/');
        name.push_str(std::str::from_utf8(&date).expect("ascii"));
        for part in [id.as_str(), "_CloudTrail_", region, "_", &stem, ".json"] {
            name.push_str(part);
        }
        docs.push(RawDoc { name, bytes });
    }
}
