//! requestParameters of IAM, STS and Identity Center.

use crate::sources::cloudtrail::catalogue::Req;
use crate::sources::cloudtrail::render::vocab::{pick, ROLE_POLICIES, USER_POLICIES};
use crate::sources::cloudtrail::render::{push_b32_id, View};
use crate::sources::cloudtrail::{Actor, Record, NO_TARGET};

impl View<'_> {
    /// IAM, STS and Identity Center: users, roles, policies, keys and sessions.
    pub(super) fn push_identity_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let p = r.pick;
        let acct = self.acct(r).id.as_bytes();
        match r.api().req {
            Req::UserName => {
                put!(out, b"{\"userName\":\"");
                self.push_target_user(r, out);
                put!(out, b"\"}");
            }
            Req::UserNameOpt => {
                if r.target == NO_TARGET && self.user_name(r).is_some() && !p.is_multiple_of(3) {
                    return false;
                }
                put!(out, b"{\"userName\":\"");
                self.push_target_user(r, out);
                put!(out, b"\"}");
            }
            Req::RoleName => {
                put!(out, b"{\"roleName\":\"");
                self.push_role_target(r, out);
                put!(out, b"\"}");
            }
            Req::PolicyArn => {
                put!(
                    out,
                    b"{\"policyArn\":\"arn:aws:iam::",
                    acct,
                    b":policy/",
                    pick(
                        &[
                            "app-s3-access",
                            "ci-deploy-boundary",
                            "lambda-dynamodb-rw",
                            "readonly-billing"
                        ],
                        p,
                        2
                    )
                    .as_bytes(),
                    b"\"}"
                );
            }
            Req::UserPolicy => {
                put!(out, b"{\"userName\":\"");
                self.push_target_user(r, out);
                put!(out, b"\",\"policyArn\":\"arn:aws:iam::aws:policy/");
                put!(
                    out,
                    if r.admin_policy { "AdministratorAccess" } else { pick(USER_POLICIES, p, 2) }
                        .as_bytes(),
                    b"\"}"
                );
            }
            Req::RolePolicy => {
                put!(out, b"{\"roleName\":\"");
                self.push_role_target(r, out);
                put!(
                    out,
                    b"\",\"policyArn\":\"arn:aws:iam::aws:policy/",
                    pick(ROLE_POLICIES, p, 2).as_bytes(),
                    b"\"}"
                );
            }
            Req::AccessKeyId => {
                put!(out, b"{\"accessKeyId\":\"");
                push_b32_id(out, "AKIA", 20, self.h(r, 16));
                put!(out, b"\",\"userName\":\"");
                self.push_target_user(r, out);
                put!(out, b"\"}");
            }
            Req::AssumeRole => {
                put!(out, b"{\"roleArn\":\"");
                self.push_assume_target_arn(r, out);
                put!(out, b"\",\"roleSessionName\":\"");
                self.push_assumed_session(r, out);
                if matches!(r.actor, Actor::Service(_)) {
                    put!(out, b"\"}");
                } else {
                    put!(
                        out,
                        b"\",\"durationSeconds\":",
                        if p.is_multiple_of(3) { b"900}" as &[u8] } else { b"3600}" }
                    );
                }
            }
            Req::SessionToken => put!(out, b"{\"durationSeconds\":43200}"),
            Req::RoleCredentials => {
                put!(out, b"{\"accountId\":\"", acct, b"\",\"roleName\":\"");
                if let Actor::Portal(u) = r.actor {
                    let role = self.sso_role(r, u);
                    // The permission set name: AWSReservedSSO_<name>_<hex>.
                    let name = role.name.trim_start_matches("AWSReservedSSO_");
                    put!(out, name.rsplit_once('_').map_or(name, |x| x.0).as_bytes());
                }
                put!(out, b"\"}");
            }
            Req::AccountId => put!(out, b"{\"accountId\":\"", acct, b"\"}"),
            _ => unreachable!("not a shape of this group"),
        }
        true
    }
}
