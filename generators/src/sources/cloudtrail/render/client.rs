//! The caller's side of a call: sourceIPAddress, userAgent, the endpoint host, TLS details and
//! VPC endpoint.

use super::{push_hex17, View};
use crate::fmt::{push_ipv4, push_u64};
use crate::rng::{derive, mix64};
use crate::sources::cloudtrail::catalogue::{AwsService, Req};
use crate::sources::cloudtrail::{Client, Record, SourceAddress, US_EAST_1};

impl<'a> View<'a> {
    pub fn push_source_ip(&self, r: &Record, out: &mut Vec<u8>) {
        match r.src {
            SourceAddress::Ip(ip) => push_ipv4(out, ip),
            SourceAddress::Service(s) => out.extend_from_slice(s.as_bytes()),
            SourceAddress::Internal => out.extend_from_slice(b"AWS Internal"),
        }
    }

    pub fn push_user_agent(&self, r: &Record, out: &mut Vec<u8>) {
        let v = r.uav as u64;
        let d = |k: u64, m: u64| mix64(v ^ k) % m;
        let api = r.api();
        match r.client {
            Client::Cli => {
                out.extend_from_slice(b"aws-cli/2.");
                push_u64(out, 15 + d(1, 8));
                out.push(b'.');
                push_u64(out, d(2, 40));
                out.extend_from_slice(b" md/awscrt#0.");
                push_u64(out, 19 + d(3, 4));
                out.extend_from_slice(b".");
                push_u64(out, d(4, 20));
                out.extend_from_slice(b" ua/2.0 os/");
                out.extend_from_slice(
                    [
                        &b"linux#6.8.0-1016-aws"[..],
                        b"macos#23.6.0",
                        b"macos#24.1.0",
                        b"windows#10",
                        b"linux#5.15.153.1-microsoft-standard-WSL2",
                    ][d(5, 5) as usize],
                );
                out.extend_from_slice(if d(6, 3) == 0 {
                    b" md/arch#arm64"
                } else {
                    b" md/arch#x86_64"
                });
                out.extend_from_slice(b" lang/python#3.12.");
                push_u64(out, d(7, 8));
                out.extend_from_slice(b" md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#");
                out.extend_from_slice(api.svc().cli.as_bytes());
                out.push(b'.');
                push_kebab(out, api.name);
            }
            Client::Boto3 | Client::LambdaPython => {
                let minor = 34 + d(1, 2);
                let patch = d(2, 150);
                out.extend_from_slice(b"Boto3/1.");
                push_u64(out, minor);
                out.push(b'.');
                push_u64(out, patch);
                out.extend_from_slice(b" md/Botocore#1.");
                push_u64(out, minor);
                out.push(b'.');
                push_u64(out, patch);
                out.extend_from_slice(b" ua/2.0 os/linux#5.10.");
                push_u64(out, 220 + d(3, 20));
                out.extend_from_slice(b"-2");
                push_u64(out, 10 + d(4, 40));
                out.extend_from_slice(b".amzn2.x86_64 md/arch#x86_64 lang/python#3.");
                push_u64(out, 9 + d(5, 4));
                out.push(b'.');
                push_u64(out, d(6, 20));
                out.extend_from_slice(b" md/pyimpl#CPython");
                if r.client == Client::LambdaPython {
                    out.extend_from_slice(b" exec-env/AWS_Lambda_python3.12");
                }
                out.extend_from_slice(b" cfg/retry-mode#legacy Botocore/1.");
                push_u64(out, minor);
                out.push(b'.');
                push_u64(out, patch);
            }
            Client::GoSdk | Client::Terraform => {
                if r.client == Client::Terraform {
                    out.extend_from_slice(b"APN/1.0 HashiCorp/1.0 Terraform/1.");
                    push_u64(out, 7 + d(1, 3));
                    out.push(b'.');
                    push_u64(out, d(2, 8));
                    out.extend_from_slice(
                        b" (+https://www.terraform.io) terraform-provider-aws/5.",
                    );
                    push_u64(out, 60 + d(3, 25));
                    out.push(b'.');
                    push_u64(out, d(4, 3));
                    out.extend_from_slice(
                        b" (+https://registry.terraform.io/providers/hashicorp/aws) ",
                    );
                }
                out.extend_from_slice(b"aws-sdk-go-v2/1.");
                push_u64(out, 30 + d(5, 3));
                out.push(b'.');
                push_u64(out, d(6, 6));
                out.extend_from_slice(b" ua/2.1 os/linux lang/go#1.");
                push_u64(out, 22 + d(7, 2));
                out.push(b'.');
                push_u64(out, d(8, 9));
                out.extend_from_slice(b" md/GOOS#linux md/GOARCH#amd64 api/");
                out.extend_from_slice(api.svc().iam.as_bytes());
                out.extend_from_slice(b"#1.");
                push_u64(out, 20 + d(api.svc as u64 + 9, 40));
                out.extend_from_slice(b".");
                push_u64(out, d(api.svc as u64 + 99, 10));
            }
            Client::JavaSdk => {
                out.extend_from_slice(b"aws-sdk-java/2.");
                push_u64(out, 25 + d(1, 4));
                out.push(b'.');
                push_u64(out, d(2, 60));
                out.extend_from_slice(b" Linux/5.10.");
                push_u64(out, 220 + d(3, 20));
                out.extend_from_slice(b"-amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.");
                let j = 10 + d(4, 4);
                push_u64(out, j);
                out.extend_from_slice(b"+7-LTS Java/17.0.");
                push_u64(out, j);
                out.extend_from_slice(
                    b" vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
                );
            }
            Client::SsmAgent => {
                out.extend_from_slice(b"aws-sdk-go/1.");
                push_u64(out, 50 + d(1, 5));
                out.push(b'.');
                push_u64(out, d(2, 20));
                out.extend_from_slice(b" (go1.22.");
                push_u64(out, d(3, 9));
                out.extend_from_slice(b"; linux; amd64) amazon-ssm-agent/3.3.");
                push_u64(out, 1000 + d(4, 900));
                out.extend_from_slice(b".0");
            }
            Client::Console => {
                if api.svc == AwsService::EC2 {
                    out.extend_from_slice(b"console.ec2.amazonaws.com");
                } else {
                    out.extend_from_slice(b"console.amazonaws.com");
                }
            }
            Client::Internal => out.extend_from_slice(b"AWS Internal"),
            Client::Browser => {
                let chrome = 128 + d(1, 4);
                match d(2, 4) {
                    0 => out.extend_from_slice(b"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"),
                    1 => {
                        out.extend_from_slice(b"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/1");
                        push_u64(out, 30 + d(3, 3));
                        out.extend_from_slice(b".0");
                        return;
                    }
                    _ => out.extend_from_slice(b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"),
                }
                push_u64(out, chrome);
                out.extend_from_slice(b".0.0.0 Safari/537.36");
            }
            Client::Service(s) => out.extend_from_slice(s.as_bytes()),
        }
    }

    pub fn push_host(&self, r: &Record, out: &mut Vec<u8>) {
        let api = r.api();
        let svc = api.svc();
        let region = Self::region(r).as_bytes();
        match api.svc {
            AwsService::SIGNIN => out.extend_from_slice(b"signin.aws.amazon.com"),
            AwsService::IAM | AwsService::CF | AwsService::R53 => {
                out.extend_from_slice(svc.host.as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            }
            AwsService::S3 if !matches!(api.req, Req::S3Service) => {
                self.push_bucket(r, out);
                out.extend_from_slice(b".s3.");
                out.extend_from_slice(region);
                out.extend_from_slice(b".amazonaws.com");
            }
            AwsService::STS | AwsService::S3 if r.region == US_EAST_1 => {
                out.extend_from_slice(svc.host.as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            }
            _ => {
                out.extend_from_slice(svc.host.as_bytes());
                out.push(b'.');
                out.extend_from_slice(region);
                out.extend_from_slice(b".amazonaws.com");
            }
        }
    }

    pub fn tls(r: &Record) -> Option<(&'static str, &'static str)> {
        match r.tls {
            1 => Some(("TLSv1.3", "TLS_AES_128_GCM_SHA256")),
            2 if r.pick.is_multiple_of(97) => Some(("TLSv1.2", "ECDHE-RSA-AES128-SHA")),
            2 => Some(("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")),
            _ => None,
        }
    }

    pub fn push_vpce(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(b"vpce-");
        push_hex17(
            out,
            derive(self.seed, &[0x7bce, r.acct as u64, r.api().svc as u64, r.region as u64]),
        );
    }
}

/// `DescribeInstances` → `describe-instances` (aws-cli command names).
pub(super) fn push_kebab(out: &mut Vec<u8>, name: &str) {
    for (i, b) in name.bytes().enumerate() {
        if b.is_ascii_digit() {
            break;
        }
        if b.is_ascii_uppercase() {
            if i > 0 {
                out.push(b'-');
            }
            out.push(b.to_ascii_lowercase());
        } else {
            out.push(b);
        }
    }
}
