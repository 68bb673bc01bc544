//! errorCode and errorMessage, spelled the way each service spells them.

use super::vocab::{pick, EKS_CLUSTERS, PARAMS, STACKS, TABLES};
use super::View;
use crate::fmt::push_random_b64url;
use crate::sources::cloudtrail::catalogue::{Api, AwsService, ErrStyle, Req};
use crate::sources::cloudtrail::{Fail, Record};

impl<'a> View<'a> {
    pub fn error_code(&self, r: &Record) -> Option<&'static str> {
        let api = r.api();
        let style = api.svc().errors;
        Some(match r.fail {
            Fail::None | Fail::LoginFailed => return None,
            Fail::Denied => match style {
                ErrStyle::Ec2 => "Client.UnauthorizedOperation",
                ErrStyle::Query | ErrStyle::S3 => "AccessDenied",
                ErrStyle::Json => "AccessDeniedException",
            },
            Fail::Throttled => match style {
                ErrStyle::Ec2 => "Client.RequestLimitExceeded",
                ErrStyle::Query => "Throttling",
                ErrStyle::S3 => "SlowDown",
                ErrStyle::Json => "ThrottlingException",
            },
            Fail::NotFound => match (api.svc, api.req) {
                (AwsService::EC2, _) => "Client.InvalidInstanceID.NotFound",
                (AwsService::IAM, _) => "NoSuchEntityException",
                (AwsService::S3, Req::Bucket("policy")) => "NoSuchBucketPolicy",
                (AwsService::S3, Req::Bucket("encryption")) => {
                    "ServerSideEncryptionConfigurationNotFoundError"
                }
                (AwsService::S3, Req::Bucket("tagging")) => "NoSuchTagSet",
                (AwsService::S3, Req::Bucket("lifecycle")) => "NoSuchLifecycleConfiguration",
                (AwsService::S3, Req::Bucket("publicAccessBlock")) => {
                    "NoSuchPublicAccessBlockConfiguration"
                }
                (AwsService::S3, Req::Object) => "NoSuchKey",
                (AwsService::S3, _) => "NoSuchBucket",
                (AwsService::SSM, _) => "ParameterNotFound",
                (AwsService::LOGS, Req::LogStream) => "ResourceAlreadyExistsException",
                (AwsService::CFN, _) => "ValidationError",
                _ => "ResourceNotFoundException",
            },
        })
    }

    pub fn push_error_message(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let api = r.api();
        let svc = api.svc();
        match r.fail {
            Fail::None => return false,
            Fail::LoginFailed => out.extend_from_slice(b"Failed authentication"),
            Fail::Throttled => out.extend_from_slice(match svc.errors {
                ErrStyle::Ec2 => b"Request limit exceeded.",
                ErrStyle::S3 => b"Please reduce your request rate.",
                _ => b"Rate exceeded",
            }),
            Fail::Denied if svc.errors == ErrStyle::S3 => out.extend_from_slice(b"Access Denied"),
            Fail::Denied => {
                if svc.errors == ErrStyle::Ec2 {
                    out.extend_from_slice(b"You are not authorized to perform this operation. ");
                }
                out.extend_from_slice(b"User: ");
                self.push_arn(r, out);
                out.extend_from_slice(b" is not authorized to perform: ");
                push_action(out, api);
                out.extend_from_slice(b" on resource: ");
                self.push_denied_resource(r, out);
                out.extend_from_slice(b" because no identity-based policy allows the ");
                push_action(out, api);
                out.extend_from_slice(b" action");
                if svc.errors == ErrStyle::Ec2 && ec2_encodes_failure(api) {
                    // Real messages: 577-643 characters of base64url after the prefix (Stratus
                    // detonations), a little longer for longer principal ARNs.
                    out.extend_from_slice(b". Encoded authorization failure message: ");
                    push_random_b64url(out, 570 + (r.pick % 80) as usize, r.pick);
                }
            }
            Fail::NotFound => match (api.svc, api.req) {
                (AwsService::EC2, _) => {
                    out.extend_from_slice(b"The instance ID '");
                    self.push_instance(r, out);
                    out.extend_from_slice(b"' does not exist");
                }
                (AwsService::IAM, Req::RoleName) => {
                    out.extend_from_slice(b"The role with name ");
                    self.push_role_target(r, out);
                    out.extend_from_slice(b" cannot be found.");
                }
                (AwsService::IAM, _) => {
                    out.extend_from_slice(b"The user with name ");
                    self.push_target_user(r, out);
                    out.extend_from_slice(b" cannot be found.");
                }
                (AwsService::S3, Req::Bucket("policy")) => {
                    out.extend_from_slice(b"The bucket policy does not exist")
                }
                (AwsService::S3, Req::Bucket("encryption")) => {
                    out.extend_from_slice(b"The server side encryption configuration was not found")
                }
                (AwsService::S3, Req::Bucket("tagging")) => {
                    out.extend_from_slice(b"The TagSet does not exist")
                }
                (AwsService::S3, Req::Bucket("lifecycle")) => {
                    out.extend_from_slice(b"The lifecycle configuration does not exist")
                }
                (AwsService::S3, Req::Bucket("publicAccessBlock")) => {
                    out.extend_from_slice(b"The public access block configuration was not found")
                }
                (AwsService::S3, Req::Object) => {
                    out.extend_from_slice(b"The specified key does not exist.")
                }
                (AwsService::S3, _) => {
                    out.extend_from_slice(b"The specified bucket does not exist")
                }
                (AwsService::SSM, _) => {
                    out.extend_from_slice(b"Parameter ");
                    out.extend_from_slice(pick(PARAMS, r.pick, 1).as_bytes());
                    out.extend_from_slice(b" not found.");
                }
                (AwsService::SECRETS, _) => {
                    out.extend_from_slice(b"Secrets Manager can't find the specified secret.")
                }
                (AwsService::LAMBDA, _) => {
                    out.extend_from_slice(b"Function not found: ");
                    self.push_function_arn(r, out);
                }
                (AwsService::DDB, _) => {
                    out.extend_from_slice(b"Requested resource not found: Table: ");
                    out.extend_from_slice(pick(TABLES, r.pick, 2).as_bytes());
                    out.extend_from_slice(b" not found");
                }
                (AwsService::LOGS, Req::LogStream) => {
                    out.extend_from_slice(b"The specified log stream already exists")
                }
                (AwsService::LOGS, _) => {
                    out.extend_from_slice(b"The specified log group does not exist.")
                }
                (AwsService::CFN, _) => {
                    out.extend_from_slice(b"Stack with id ");
                    out.extend_from_slice(pick(STACKS, r.pick, 2).as_bytes());
                    out.extend_from_slice(b" does not exist");
                }
                (AwsService::EKS, _) => {
                    out.extend_from_slice(b"No cluster found for name: ");
                    out.extend_from_slice(pick(EKS_CLUSTERS, r.pick, 2).as_bytes());
                    out.push(b'.');
                }
                _ => out.extend_from_slice(b"Resource not found"),
            },
        }
        true
    }

    pub(super) fn push_denied_resource(&self, r: &Record, out: &mut Vec<u8>) {
        let api = r.api();
        match api.req {
            Req::AssumeRole => self.push_assume_target_arn(r, out),
            Req::UserName | Req::UserNameOpt | Req::UserPolicy | Req::AccessKeyId => {
                out.extend_from_slice(b"arn:aws:iam::");
                out.extend_from_slice(self.acct(r).id.as_bytes());
                out.extend_from_slice(b":user/");
                self.push_target_user(r, out);
            }
            Req::SecretId => self.push_secret_arn(r, out),
            Req::KmsKey | Req::KmsCrypto | Req::KmsDataKey => self.push_key_arn(r, out),
            _ if api.svc == AwsService::EC2 => {
                out.extend_from_slice(b"arn:aws:ec2:");
                out.extend_from_slice(Self::region(r).as_bytes());
                out.push(b':');
                out.extend_from_slice(self.acct(r).id.as_bytes());
                out.extend_from_slice(b":instance/*");
            }
            _ => out.push(b'*'),
        }
    }
}

/// EC2 appends the encoded authorization message (decodable with
/// `sts:DecodeAuthorizationMessage`) to every denial of an action with resource-level
/// permissions: all mutating calls and the read-only ones on one resource (`GetPasswordData`,
/// `GetConsoleOutput`, `Describe*Attribute` in the reference detonations). The list-style
/// `Describe*` calls are authorised account-wide and are denied without it.
pub(super) fn ec2_encodes_failure(api: &Api) -> bool {
    !api.read_only || api.name.starts_with("Get") || api.name.ends_with("Attribute")
}

/// `ec2:DescribeInstances` (Lambda's versioned event names lose their suffix).
pub(super) fn push_action(out: &mut Vec<u8>, api: &Api) {
    out.extend_from_slice(api.svc().iam.as_bytes());
    out.push(b':');
    let n = api.name.find(|c: char| c.is_ascii_digit()).unwrap_or(api.name.len());
    out.extend_from_slice(&api.name.as_bytes()[..n]);
}
