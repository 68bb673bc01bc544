//! The API catalogue: which calls exist, how often they happen, who makes them, and how their
//! requestParameters / responseElements are shaped.
//!
//! Weights are per-mille-ish integers chosen so a production-like trail comes out: read-only
//! Describe*/List*/Get* calls, AssumeRole, KMS Decrypt and the SSM agent's heartbeat dominate;
//! IAM writes and CloudTrail changes are rare. Weight 0 entries exist only for attacks.

use crate::rng::Weighted;
use std::sync::OnceLock;

/// What CloudTrail records about an AWS service: its names, endpoint and error style.
pub struct ServiceInfo {
    /// `eventSource`.
    pub source: &'static str,
    /// IAM action prefix (`ec2:DescribeInstances`), also used in error messages.
    pub iam: &'static str,
    /// The aws-cli command group (`md/command#<cli>.<op>` in aws-cli user agents).
    pub cli: &'static str,
    /// Endpoint host prefix (`<host>.<region>.amazonaws.com`).
    pub host: &'static str,
    pub event_version: &'static str,
    /// Global services are recorded in us-east-1 with a region-less host.
    pub global: bool,
    pub errors: ErrStyle,
    pub api_version: Option<&'static str>,
    /// Reachable from a VPC through an interface/gateway endpoint.
    pub vpce: bool,
}

/// How a service spells its errors.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ErrStyle {
    /// EC2: `Client.UnauthorizedOperation`, `Client.RequestLimitExceeded`.
    Ec2,
    /// Query/XML services (IAM, STS, CloudWatch, RDS, …): `AccessDenied`, `Throttling`.
    Query,
    /// S3: `AccessDenied` with "Access Denied", `SlowDown`.
    S3,
    /// JSON services: `AccessDeniedException`, `ThrottlingException`.
    Json,
}

macro_rules! svcs {
    ($($id:ident = $src:literal, $iam:literal, $cli:literal, $host:literal, $ver:literal, $global:literal, $err:ident, $api:expr, $vpce:literal;)*) => {
        pub const SERVICES: &[ServiceInfo] = &[$(ServiceInfo { source: $src, iam: $iam, cli: $cli, host: $host, event_version: $ver, global: $global, errors: ErrStyle::$err, api_version: $api, vpce: $vpce }),*];
        /// The services in the catalogue; each indexes its [`ServiceInfo`] in `SERVICES`.
        // Variants are the services' own short names (S3, SSM, STS…), hence the lint.
        #[allow(clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u8)]
        pub enum AwsService { $($id),* }
    };
}

svcs! {
    EC2 = "ec2.amazonaws.com", "ec2", "ec2", "ec2", "1.09", false, Ec2, None, true;
    SSM = "ssm.amazonaws.com", "ssm", "ssm", "ssm", "1.08", false, Json, None, true;
    S3 = "s3.amazonaws.com", "s3", "s3api", "s3", "1.10", false, S3, None, true;
    IAM = "iam.amazonaws.com", "iam", "iam", "iam", "1.09", true, Query, None, false;
    STS = "sts.amazonaws.com", "sts", "sts", "sts", "1.08", false, Query, None, true;
    SECRETS = "secretsmanager.amazonaws.com", "secretsmanager", "secretsmanager", "secretsmanager", "1.09", false, Json, None, true;
    KMS = "kms.amazonaws.com", "kms", "kms", "kms", "1.09", false, Json, None, true;
    LAMBDA = "lambda.amazonaws.com", "lambda", "lambda", "lambda", "1.08", false, Json, None, false;
    CW = "monitoring.amazonaws.com", "cloudwatch", "cloudwatch", "monitoring", "1.09", false, Query, None, true;
    LOGS = "logs.amazonaws.com", "logs", "logs", "logs", "1.08", false, Json, None, true;
    TRAIL = "cloudtrail.amazonaws.com", "cloudtrail", "cloudtrail", "cloudtrail", "1.10", false, Json, None, false;
    RDS = "rds.amazonaws.com", "rds", "rds", "rds", "1.08", false, Query, None, false;
    DDB = "dynamodb.amazonaws.com", "dynamodb", "dynamodb", "dynamodb", "1.08", false, Json, None, true;
    SNS = "sns.amazonaws.com", "sns", "sns", "sns", "1.08", false, Query, None, false;
    SQS = "sqs.amazonaws.com", "sqs", "sqs", "sqs", "1.08", false, Query, None, true;
    ELB = "elasticloadbalancing.amazonaws.com", "elasticloadbalancing", "elbv2", "elasticloadbalancing", "1.08", false, Query, None, false;
    ASG = "autoscaling.amazonaws.com", "autoscaling", "autoscaling", "autoscaling", "1.08", false, Query, None, false;
    ECR = "ecr.amazonaws.com", "ecr", "ecr", "api.ecr", "1.08", false, Json, None, true;
    ECS = "ecs.amazonaws.com", "ecs", "ecs", "ecs", "1.08", false, Json, None, false;
    EKS = "eks.amazonaws.com", "eks", "eks", "eks", "1.08", false, Json, None, false;
    CFN = "cloudformation.amazonaws.com", "cloudformation", "cloudformation", "cloudformation", "1.08", false, Query, None, false;
    R53 = "route53.amazonaws.com", "route53", "route53", "route53", "1.08", true, Query, Some("2013-04-01"), false;
    ORGS = "organizations.amazonaws.com", "organizations", "organizations", "organizations", "1.08", true, Json, None, false;
    CONFIG = "config.amazonaws.com", "config", "configservice", "config", "1.08", false, Json, None, false;
    GD = "guardduty.amazonaws.com", "guardduty", "guardduty", "guardduty", "1.08", false, Json, None, false;
    CF = "cloudfront.amazonaws.com", "cloudfront", "cloudfront", "cloudfront", "1.08", true, Query, Some("2020_05_31"), false;
    BACKUP = "backup.amazonaws.com", "backup", "backup", "backup", "1.08", false, Json, None, false;
    EIC = "ec2-instance-connect.amazonaws.com", "ec2-instance-connect", "ec2-instance-connect", "ec2-instance-connect", "1.08", false, Json, None, false;
    BEDROCK = "bedrock.amazonaws.com", "bedrock", "bedrock", "bedrock", "1.09", false, Json, None, false;
    ATHENA = "athena.amazonaws.com", "athena", "athena", "athena", "1.08", false, Json, None, false;
    GLUE = "glue.amazonaws.com", "glue", "glue", "glue", "1.08", false, Json, None, false;
    SIGNIN = "signin.amazonaws.com", "signin", "signin", "signin.aws.amazon.com", "1.08", true, Json, None, false;
    SSO = "sso.amazonaws.com", "sso", "sso", "portal.sso", "1.08", false, Json, None, false;
}

/// requestParameters shapes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Req {
    Null,
    /// `{"instancesSet":…,"filterSet":…}` (DescribeInstances).
    Ec2Instances,
    /// `{"instancesSet":{"items":[{"instanceId":…}]},"filterSet":{},"includeAllInstances":…}`.
    Ec2InstanceStatus,
    /// `{"instancesSet":{"items":[{"instanceId":…}]}}` (Start/Stop/Terminate).
    Ec2InstanceIds,
    /// `{"<set>":{},"filterSet":{}}` — the empty-set form EC2 records for unfiltered Describes.
    Ec2Set(&'static str),
    /// `{"filterSet":{}}`.
    Ec2Filter,
    Ec2Addresses,
    Ec2Images,
    Ec2AccountAttributes,
    Ec2Azs,
    /// `{"instanceId":…}`.
    InstanceId,
    /// `{"instanceId":…,"attribute":…}`.
    InstanceAttr,
    Ec2CreateTags,
    Ec2Volume,
    Ec2Snapshot,
    Ec2SgIngress,
    Ec2RunInstances,
    /// `{"filters":[{"key":"InstanceIds","values":[…]}]}` or `{"maxResults":50}`.
    SsmFilters,
    SsmAgent,
    SsmInstance,
    SsmAssocStatus,
    ParamName,
    ParamNames,
    ParamPath,
    CommandInvocation,
    SendCommand,
    StartSession,
    SessionId,
    MaxResults(u32),
    MaxRecords(u32),
    SecretId,
    UserName,
    /// CreateAccessKey: `{"userName":…}` when acting on another user, null for oneself.
    UserNameOpt,
    RoleName,
    PolicyArn,
    UserPolicy,
    RolePolicy,
    AccessKeyId,
    AssumeRole,
    SessionToken,
    S3Service,
    /// Bucket-level call; the string is the sub-resource query parameter (`policy`, `acl`, …).
    Bucket(&'static str),
    ListObjects,
    Object,
    KmsKey,
    KmsCrypto,
    KmsDataKey,
    TrailName,
    TrailList,
    LookupEvents,
    FunctionName,
    LogStream,
    LogGroup,
    LogPrefix,
    MetricData,
    MetricStats,
    DbInstance,
    Table,
    Topic,
    Queue,
    QueueName,
    TargetGroup,
    AsgNames,
    Repo,
    RepoLayer,
    Cluster,
    ClusterName,
    Services,
    Tasks,
    TaskDef,
    Stack,
    HostedZone,
    ModelId,
    SshKey,
    RoleCredentials,
    AccountId,
    Detector,
    QueryExecution,
    GlueTable,
    GlueDatabase,
    BackupJob,
    Distribution,
}

/// responseElements shapes (null on error whatever the shape).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Resp {
    Null,
    AssumeRole,
    SessionToken,
    AccessKey,
    ConsoleLogin,
    CreateUser,
    Ec2Return,
    /// instancesSet with currentState/previousState codes.
    InstanceState(u8, u8),
    SsmSession,
    SsmTerminate,
    SshKey,
    SendCommand,
    QueryExecution,
}

/// Event category as CloudTrail records it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EventCategory {
    Management,
    /// S3 object-level calls: `eventCategory: Data`, `managementEvent: false`.
    Data,
    /// ConsoleLogin: `eventType: AwsConsoleSignIn`.
    SignIn,
    /// Emitted by AWS itself: `eventType: AwsServiceEvent`.
    ServiceEvent,
}

/// Who makes a call (bit set).
pub const H: u8 = 1; // people: CLI, SDK, console
pub const W: u8 = 2; // EC2/EKS instance roles
pub const L: u8 = 4; // Lambda execution roles
pub const C: u8 = 8; // AWS Config recorder (inventory reads across services)
pub const T: u8 = 16; // CI/CD Terraform deploy role
pub const B: u8 = 32; // AWS Backup service role
pub const X: u8 = 64; // AWS itself (AWSService caller or service event)
pub const I: u8 = 128; // third-party integrations on IAM users (monitoring, backup, SIEM)

pub struct Api {
    pub svc: AwsService,
    pub name: &'static str,
    pub read_only: bool,
    pub weight: u32,
    pub who: u8,
    pub req: Req,
    pub resp: Resp,
    pub cat: EventCategory,
}

impl Api {
    pub fn svc(&self) -> &'static ServiceInfo {
        &SERVICES[self.svc as usize]
    }
}

const fn r(svc: AwsService, name: &'static str, weight: u32, who: u8, req: Req) -> Api {
    Api {
        svc,
        name,
        read_only: true,
        weight,
        who,
        req,
        resp: Resp::Null,
        cat: EventCategory::Management,
    }
}
const fn w(svc: AwsService, name: &'static str, weight: u32, who: u8, req: Req, resp: Resp) -> Api {
    Api { svc, name, read_only: false, weight, who, req, resp, cat: EventCategory::Management }
}
const fn rr(
    svc: AwsService,
    name: &'static str,
    weight: u32,
    who: u8,
    req: Req,
    resp: Resp,
) -> Api {
    Api { svc, name, read_only: true, weight, who, req, resp, cat: EventCategory::Management }
}
const fn data(name: &'static str, read_only: bool, weight: u32, who: u8, req: Req) -> Api {
    Api {
        svc: AwsService::S3,
        name,
        read_only,
        weight,
        who,
        req,
        resp: Resp::Null,
        cat: EventCategory::Data,
    }
}

use AwsService::*;
use Req as Q;

pub static APIS: &[Api] = &[
    // EC2
    r(EC2, "DescribeInstances", 260, H | W | C | T, Q::Ec2Instances),
    r(EC2, "DescribeInstanceStatus", 60, H | W | C, Q::Ec2InstanceStatus),
    r(EC2, "DescribeInstanceAttribute", 25, H | C, Q::InstanceAttr),
    r(EC2, "DescribeVolumes", 50, H | C | B, Q::Ec2Set("volumeSet")),
    r(EC2, "DescribeVolumeStatus", 12, H | C, Q::Ec2Set("volumeSet")),
    r(EC2, "DescribeSnapshots", 25, H | C | B, Q::Ec2Set("snapshotSet")),
    r(EC2, "DescribeSecurityGroups", 70, H | C | T, Q::Ec2Set("securityGroupSet")),
    r(EC2, "DescribeSecurityGroupRules", 15, H | C | T, Q::Ec2Filter),
    r(EC2, "DescribeSubnets", 40, H | C | T | W, Q::Ec2Set("subnetSet")),
    r(EC2, "DescribeVpcs", 40, H | C | T, Q::Ec2Set("vpcSet")),
    r(EC2, "DescribeNetworkInterfaces", 40, H | C | W, Q::Ec2Set("networkInterfaceIdSet")),
    r(EC2, "DescribeAddresses", 15, H | C, Q::Ec2Addresses),
    r(EC2, "DescribeImages", 35, H | C | T, Q::Ec2Images),
    r(EC2, "DescribeTags", 40, H | W | C, Q::Ec2Filter),
    r(EC2, "DescribeRouteTables", 20, H | C | T, Q::Ec2Set("routeTableIdSet")),
    r(EC2, "DescribeInternetGateways", 8, C | T, Q::Ec2Set("internetGatewayIdSet")),
    r(EC2, "DescribeNatGateways", 8, C | T, Q::Ec2Filter),
    r(EC2, "DescribeKeyPairs", 10, H | C | T, Q::Ec2Set("keySet")),
    r(EC2, "DescribeLaunchTemplates", 15, H | C | T, Q::Ec2Filter),
    r(EC2, "DescribeAvailabilityZones", 20, H | W | T, Q::Ec2Azs),
    r(EC2, "DescribeRegions", 25, H | C | T, Q::Ec2Set("regionSet")),
    r(EC2, "DescribeAccountAttributes", 20, H | W | C | T, Q::Ec2AccountAttributes),
    r(EC2, "DescribeInstanceTypes", 15, H | T, Q::Null),
    r(EC2, "DescribeInstanceCreditSpecifications", 10, H | T, Q::Ec2InstanceIds),
    r(EC2, "DescribeVpcEndpoints", 10, C | T, Q::Ec2Filter),
    r(EC2, "DescribeNetworkAcls", 10, C | T, Q::Ec2Set("networkAclIdSet")),
    r(EC2, "DescribeFlowLogs", 5, C, Q::Ec2Filter),
    r(EC2, "GetConsoleOutput", 3, H, Q::InstanceId),
    r(EC2, "GetPasswordData", 1, H, Q::InstanceId),
    w(EC2, "CreateTags", 40, H | T | B, Q::Ec2CreateTags, Resp::Ec2Return),
    w(EC2, "RunInstances", 5, H | T, Q::Ec2RunInstances, Resp::InstanceState(0, 0)),
    w(EC2, "StartInstances", 4, H, Q::Ec2InstanceIds, Resp::InstanceState(0, 80)),
    w(EC2, "StopInstances", 4, H, Q::Ec2InstanceIds, Resp::InstanceState(64, 16)),
    w(EC2, "TerminateInstances", 2, H | T, Q::Ec2InstanceIds, Resp::InstanceState(32, 16)),
    w(EC2, "CreateSnapshot", 8, B, Q::Ec2Volume, Resp::Ec2Return),
    w(EC2, "DeleteSnapshot", 5, B, Q::Ec2Snapshot, Resp::Ec2Return),
    w(EC2, "AuthorizeSecurityGroupIngress", 3, H | T, Q::Ec2SgIngress, Resp::Ec2Return),
    w(EC2, "RevokeSecurityGroupIngress", 2, H | T, Q::Ec2SgIngress, Resp::Ec2Return),
    w(EC2, "ModifyInstanceAttribute", 2, H, Q::InstanceAttr, Resp::Ec2Return),
    // SSM (the agent on every instance heartbeats UpdateInstanceInformation)
    r(SSM, "DescribeInstanceInformation", 150, H | W | C, Q::SsmFilters),
    w(SSM, "UpdateInstanceInformation", 420, W, Q::SsmAgent, Resp::Null),
    r(SSM, "ListInstanceAssociations", 140, W, Q::SsmInstance),
    w(SSM, "UpdateInstanceAssociationStatus", 30, W, Q::SsmAssocStatus, Resp::Null),
    r(SSM, "GetParameter", 140, W | L | T, Q::ParamName),
    r(SSM, "GetParameters", 50, W | L, Q::ParamNames),
    r(SSM, "GetParametersByPath", 35, W | L, Q::ParamPath),
    r(SSM, "DescribeParameters", 20, H | C, Q::MaxResults(50)),
    r(SSM, "GetCommandInvocation", 15, H | T, Q::CommandInvocation),
    r(SSM, "ListCommands", 5, H, Q::Null),
    r(SSM, "ListCommandInvocations", 5, H, Q::Null),
    r(SSM, "DescribeAssociation", 10, C, Q::Null),
    r(SSM, "ListAssociations", 10, C, Q::Null),
    r(SSM, "GetConnectionStatus", 3, H, Q::SsmInstance),
    w(SSM, "SendCommand", 3, H | T, Q::SendCommand, Resp::SendCommand),
    w(SSM, "StartSession", 4, H, Q::StartSession, Resp::SsmSession),
    w(SSM, "TerminateSession", 3, H, Q::SessionId, Resp::SsmTerminate),
    w(SSM, "PutParameter", 3, T, Q::ParamName, Resp::Null),
    // S3 management
    r(S3, "ListBuckets", 40, H | C | T, Q::S3Service),
    r(S3, "GetBucketLocation", 40, H | C | W | T, Q::Bucket("location")),
    r(S3, "GetBucketPolicy", 15, H | C, Q::Bucket("policy")),
    r(S3, "GetBucketAcl", 20, H | C, Q::Bucket("acl")),
    r(S3, "GetBucketVersioning", 15, H | C | T, Q::Bucket("versioning")),
    r(S3, "GetBucketEncryption", 15, H | C | T, Q::Bucket("encryption")),
    r(S3, "GetBucketPublicAccessBlock", 15, H | C, Q::Bucket("publicAccessBlock")),
    r(S3, "GetBucketTagging", 15, H | C | T, Q::Bucket("tagging")),
    r(S3, "GetBucketLogging", 10, C, Q::Bucket("logging")),
    r(S3, "GetBucketLifecycle", 10, C, Q::Bucket("lifecycle")),
    r(S3, "HeadBucket", 20, W | L, Q::Bucket("")),
    w(S3, "PutBucketPolicy", 1, H | T, Q::Bucket("policy"), Resp::Null),
    w(S3, "PutBucketVersioning", 1, T, Q::Bucket("versioning"), Resp::Null),
    w(S3, "PutBucketTagging", 1, T, Q::Bucket("tagging"), Resp::Null),
    w(S3, "CreateBucket", 1, T, Q::Bucket(""), Resp::Null),
    // S3 data events (object level)
    data("GetObject", true, 260, W | L | H | I, Q::Object),
    data("PutObject", false, 220, W | L, Q::Object),
    data("HeadObject", true, 70, W | L, Q::Object),
    data("ListObjects", true, 90, H | W | L | I, Q::ListObjects),
    data("DeleteObject", false, 15, W | L, Q::Object),
    // IAM (global)
    r(IAM, "GetUser", 30, H | C, Q::UserName),
    r(IAM, "ListUsers", 20, H | C | T, Q::Null),
    r(IAM, "ListRoles", 30, H | C | T, Q::Null),
    r(IAM, "GetRole", 40, H | C | T, Q::RoleName),
    r(IAM, "ListPolicies", 20, H | C | T, Q::Null),
    r(IAM, "GetPolicy", 15, H | C | T, Q::PolicyArn),
    r(IAM, "GetPolicyVersion", 15, C | T, Q::PolicyArn),
    r(IAM, "ListAttachedUserPolicies", 10, H | C, Q::UserName),
    r(IAM, "ListAttachedRolePolicies", 25, H | C | T, Q::RoleName),
    r(IAM, "ListRolePolicies", 15, C | T, Q::RoleName),
    r(IAM, "ListAccessKeys", 15, H | C, Q::UserName),
    r(IAM, "GetAccessKeyLastUsed", 8, H | C, Q::AccessKeyId),
    r(IAM, "ListGroups", 8, C, Q::Null),
    r(IAM, "ListGroupsForUser", 5, H, Q::UserName),
    r(IAM, "ListMFADevices", 8, H | C, Q::UserName),
    r(IAM, "GetAccountSummary", 5, H, Q::Null),
    r(IAM, "GetAccountPasswordPolicy", 5, C, Q::Null),
    r(IAM, "ListInstanceProfiles", 10, C | T, Q::Null),
    r(IAM, "ListAccountAliases", 10, H | C, Q::Null),
    r(IAM, "GetCredentialReport", 2, C, Q::Null),
    w(IAM, "GenerateCredentialReport", 2, C, Q::Null, Resp::Null),
    w(IAM, "CreateUser", 1, H, Q::UserName, Resp::CreateUser),
    w(IAM, "CreateAccessKey", 1, H, Q::UserNameOpt, Resp::AccessKey),
    w(IAM, "DeleteAccessKey", 1, H, Q::AccessKeyId, Resp::Null),
    w(IAM, "UpdateAccessKey", 1, H, Q::AccessKeyId, Resp::Null),
    w(IAM, "AttachUserPolicy", 1, H, Q::UserPolicy, Resp::Null),
    w(IAM, "AttachRolePolicy", 1, T, Q::RolePolicy, Resp::Null),
    w(IAM, "DetachRolePolicy", 1, T, Q::RolePolicy, Resp::Null),
    w(IAM, "PutRolePolicy", 1, T, Q::RoleName, Resp::Null),
    w(IAM, "CreateRole", 1, T, Q::RoleName, Resp::Null),
    w(IAM, "UpdateAssumeRolePolicy", 1, T, Q::RoleName, Resp::Null),
    w(IAM, "TagRole", 1, T, Q::RoleName, Resp::Null),
    w(IAM, "CreatePolicyVersion", 1, T, Q::PolicyArn, Resp::Null),
    w(IAM, "CreateLoginProfile", 0, H, Q::UserName, Resp::Null),
    w(IAM, "UpdateLoginProfile", 0, H, Q::UserName, Resp::Null),
    // STS
    rr(STS, "AssumeRole", 300, L | T | X | H, Q::AssumeRole, Resp::AssumeRole),
    r(STS, "GetCallerIdentity", 110, H | W | L | T, Q::Null),
    rr(STS, "GetSessionToken", 3, H, Q::SessionToken, Resp::SessionToken),
    r(STS, "DecodeAuthorizationMessage", 2, H, Q::Null),
    // Secrets Manager
    r(SECRETS, "GetSecretValue", 110, W | L | T, Q::SecretId),
    r(SECRETS, "DescribeSecret", 30, C | T, Q::SecretId),
    r(SECRETS, "ListSecrets", 20, H | C, Q::MaxResults(100)),
    r(SECRETS, "BatchGetSecretValue", 2, H, Q::MaxResults(20)),
    w(SECRETS, "PutSecretValue", 2, T, Q::SecretId, Resp::Null),
    w(SECRETS, "RotateSecret", 1, T, Q::SecretId, Resp::Null),
    // KMS
    r(KMS, "Decrypt", 260, W | L | B, Q::KmsCrypto),
    r(KMS, "GenerateDataKey", 130, W | L | B, Q::KmsDataKey),
    r(KMS, "Encrypt", 25, W | L, Q::KmsCrypto),
    r(KMS, "DescribeKey", 40, C | T, Q::KmsKey),
    r(KMS, "ListKeys", 15, C, Q::Null),
    r(KMS, "ListAliases", 20, H | C | T, Q::Null),
    r(KMS, "GetKeyPolicy", 10, C, Q::KmsKey),
    r(KMS, "GetKeyRotationStatus", 10, C, Q::KmsKey),
    r(KMS, "ListResourceTags", 5, C, Q::KmsKey),
    Api {
        svc: KMS,
        name: "RotateKey",
        read_only: false,
        weight: 2,
        who: X,
        req: Q::Null,
        resp: Resp::Null,
        cat: EventCategory::ServiceEvent,
    },
    // Lambda (CloudTrail keeps the API version suffixes)
    r(LAMBDA, "ListFunctions20150331", 25, H | C | T, Q::Null),
    r(LAMBDA, "GetFunction20150331v2", 30, H | T, Q::FunctionName),
    r(LAMBDA, "GetFunctionConfiguration20150331v2", 20, C | T, Q::FunctionName),
    r(LAMBDA, "GetPolicy20150331v2", 10, C, Q::FunctionName),
    r(LAMBDA, "ListTags20170331", 10, C | T, Q::FunctionName),
    r(LAMBDA, "ListEventSourceMappings20150331", 10, C | T, Q::FunctionName),
    w(LAMBDA, "UpdateFunctionCode20150331v2", 3, T, Q::FunctionName, Resp::Null),
    w(LAMBDA, "UpdateFunctionConfiguration20150331v2", 2, T, Q::FunctionName, Resp::Null),
    w(LAMBDA, "PublishVersion20150331", 2, T, Q::FunctionName, Resp::Null),
    w(LAMBDA, "AddPermission20150331v2", 1, T, Q::FunctionName, Resp::Null),
    // CloudWatch
    r(CW, "GetMetricData", 180, H | W | C | I, Q::MetricData),
    r(CW, "GetMetricStatistics", 50, W | I, Q::MetricStats),
    r(CW, "DescribeAlarms", 60, H | C | T, Q::MaxRecords(100)),
    r(CW, "ListMetrics", 40, W | H | I, Q::Null),
    r(CW, "ListDashboards", 5, H, Q::Null),
    r(CW, "GetDashboard", 5, H, Q::Null),
    w(CW, "PutMetricAlarm", 2, T, Q::Null, Resp::Null),
    // CloudWatch Logs
    w(LOGS, "CreateLogStream", 180, L | W, Q::LogStream, Resp::Null),
    w(LOGS, "CreateLogGroup", 5, L | W, Q::LogGroup, Resp::Null),
    r(LOGS, "DescribeLogGroups", 40, H | C | T, Q::LogPrefix),
    r(LOGS, "DescribeLogStreams", 30, H | W, Q::LogGroup),
    r(LOGS, "DescribeSubscriptionFilters", 5, C, Q::LogGroup),
    r(LOGS, "DescribeMetricFilters", 5, C, Q::LogGroup),
    r(LOGS, "ListTagsLogGroup", 10, C | T, Q::LogGroup),
    w(LOGS, "StartQuery", 5, H, Q::LogGroup, Resp::Null),
    r(LOGS, "GetQueryResults", 15, H, Q::Null),
    w(LOGS, "PutRetentionPolicy", 2, T, Q::LogGroup, Resp::Null),
    // CloudTrail
    r(TRAIL, "DescribeTrails", 20, H | C | T, Q::TrailList),
    r(TRAIL, "GetTrailStatus", 20, H | C, Q::TrailName),
    r(TRAIL, "GetEventSelectors", 10, C, Q::TrailName),
    r(TRAIL, "GetInsightSelectors", 2, C, Q::TrailName),
    r(TRAIL, "ListTrails", 5, C, Q::Null),
    r(TRAIL, "LookupEvents", 25, H, Q::LookupEvents),
    w(TRAIL, "StopLogging", 0, H, Q::TrailName, Resp::Null),
    w(TRAIL, "DeleteTrail", 0, H, Q::TrailName, Resp::Null),
    w(TRAIL, "StartLogging", 0, T, Q::TrailName, Resp::Null),
    w(TRAIL, "UpdateTrail", 0, T, Q::TrailName, Resp::Null),
    w(TRAIL, "PutEventSelectors", 0, T, Q::TrailName, Resp::Null),
    // RDS
    r(RDS, "DescribeDBInstances", 50, H | C | T, Q::DbInstance),
    r(RDS, "DescribeDBClusters", 20, H | C | T, Q::Null),
    r(RDS, "DescribeDBSnapshots", 20, C | B, Q::DbInstance),
    r(RDS, "DescribeDBSubnetGroups", 5, C | T, Q::Null),
    r(RDS, "DescribeDBParameterGroups", 5, C, Q::Null),
    r(RDS, "DescribeEvents", 10, C, Q::Null),
    w(RDS, "CreateDBSnapshot", 2, B, Q::DbInstance, Resp::Null),
    w(RDS, "ModifyDBInstance", 1, T, Q::DbInstance, Resp::Null),
    // DynamoDB (management plane only; item reads are data events not recorded here)
    r(DDB, "DescribeTable", 60, W | L | C | T, Q::Table),
    r(DDB, "ListTables", 30, H | C | T, Q::Null),
    r(DDB, "DescribeContinuousBackups", 10, C | T, Q::Table),
    r(DDB, "DescribeTimeToLive", 10, C | T, Q::Table),
    r(DDB, "ListTagsOfResource", 10, C | T, Q::Table),
    w(DDB, "UpdateTable", 1, T, Q::Table, Resp::Null),
    w(DDB, "CreateBackup", 2, B, Q::Table, Resp::Null),
    // SNS / SQS
    r(SNS, "ListTopics", 20, H | C, Q::Null),
    r(SNS, "GetTopicAttributes", 20, C | T, Q::Topic),
    r(SNS, "ListSubscriptionsByTopic", 10, C, Q::Topic),
    w(SNS, "Subscribe", 1, T, Q::Topic, Resp::Null),
    w(SNS, "SetTopicAttributes", 1, T, Q::Topic, Resp::Null),
    r(SQS, "ListQueues", 15, H | C, Q::Null),
    r(SQS, "GetQueueAttributes", 40, W | L | C | T, Q::Queue),
    r(SQS, "GetQueueUrl", 30, W | L, Q::QueueName),
    r(SQS, "ListQueueTags", 10, C, Q::Queue),
    w(SQS, "SetQueueAttributes", 1, T, Q::Queue, Resp::Null),
    w(SQS, "CreateQueue", 1, T, Q::QueueName, Resp::Null),
    // ELB
    r(ELB, "DescribeLoadBalancers", 40, H | C | T, Q::Null),
    r(ELB, "DescribeTargetGroups", 30, C | T, Q::Null),
    r(ELB, "DescribeTargetHealth", 40, W | C, Q::TargetGroup),
    r(ELB, "DescribeListeners", 20, C | T, Q::Null),
    r(ELB, "DescribeLoadBalancerAttributes", 10, C | T, Q::Null),
    w(ELB, "RegisterTargets", 5, W, Q::TargetGroup, Resp::Null),
    w(ELB, "DeregisterTargets", 5, W, Q::TargetGroup, Resp::Null),
    w(ELB, "ModifyTargetGroup", 1, T, Q::TargetGroup, Resp::Null),
    // Auto Scaling
    r(ASG, "DescribeAutoScalingGroups", 50, W | C | T, Q::AsgNames),
    r(ASG, "DescribeAutoScalingInstances", 20, W, Q::Null),
    r(ASG, "DescribeLaunchConfigurations", 5, C, Q::Null),
    r(ASG, "DescribeScalingActivities", 10, H, Q::AsgNames),
    r(ASG, "DescribePolicies", 5, C, Q::Null),
    w(ASG, "SetDesiredCapacity", 2, T, Q::AsgNames, Resp::Null),
    w(ASG, "UpdateAutoScalingGroup", 2, T, Q::AsgNames, Resp::Null),
    w(ASG, "CompleteLifecycleAction", 3, W, Q::AsgNames, Resp::Null),
    // ECR
    r(ECR, "GetAuthorizationToken", 110, W | T, Q::Null),
    r(ECR, "BatchGetImage", 70, W, Q::Repo),
    r(ECR, "GetDownloadUrlForLayer", 130, W, Q::RepoLayer),
    r(ECR, "BatchCheckLayerAvailability", 30, T, Q::Repo),
    r(ECR, "DescribeRepositories", 20, C | T, Q::Null),
    r(ECR, "DescribeImages", 20, H | C | T, Q::Repo),
    r(ECR, "ListImages", 10, T, Q::Repo),
    w(ECR, "PutImage", 5, T, Q::Repo, Resp::Null),
    w(ECR, "InitiateLayerUpload", 5, T, Q::Repo, Resp::Null),
    w(ECR, "CompleteLayerUpload", 5, T, Q::Repo, Resp::Null),
    w(ECR, "UploadLayerPart", 5, T, Q::Repo, Resp::Null),
    // ECS / EKS
    r(ECS, "ListClusters", 20, H | C, Q::Null),
    r(ECS, "DescribeClusters", 20, C, Q::Cluster),
    r(ECS, "ListServices", 20, H | C | T, Q::Cluster),
    r(ECS, "DescribeServices", 30, H | C | T, Q::Services),
    r(ECS, "DescribeTaskDefinition", 20, T, Q::TaskDef),
    r(ECS, "ListTasks", 20, W, Q::Cluster),
    r(ECS, "DescribeTasks", 30, W, Q::Tasks),
    w(ECS, "UpdateService", 3, T, Q::Services, Resp::Null),
    w(ECS, "RegisterTaskDefinition", 2, T, Q::TaskDef, Resp::Null),
    r(EKS, "DescribeCluster", 60, W | H | T, Q::ClusterName),
    r(EKS, "ListClusters", 20, H | C, Q::Null),
    r(EKS, "ListNodegroups", 10, C, Q::ClusterName),
    r(EKS, "DescribeNodegroup", 10, C | T, Q::ClusterName),
    r(EKS, "ListAddons", 5, C, Q::ClusterName),
    r(EKS, "ListAccessEntries", 5, C, Q::ClusterName),
    // CloudFormation
    r(CFN, "DescribeStacks", 60, H | C | T, Q::Stack),
    r(CFN, "ListStacks", 20, H | C, Q::Null),
    r(CFN, "DescribeStackEvents", 30, H | T, Q::Stack),
    r(CFN, "GetTemplate", 10, T, Q::Stack),
    r(CFN, "DescribeStackResources", 20, T, Q::Stack),
    r(CFN, "ListStackResources", 10, C, Q::Stack),
    r(CFN, "DescribeChangeSet", 5, T, Q::Stack),
    w(CFN, "CreateChangeSet", 2, T, Q::Stack, Resp::Null),
    w(CFN, "ExecuteChangeSet", 2, T, Q::Stack, Resp::Null),
    w(CFN, "UpdateStack", 1, T, Q::Stack, Resp::Null),
    // Route 53 (global)
    r(R53, "ListHostedZones", 20, H | C | T, Q::Null),
    r(R53, "GetHostedZone", 10, C | T, Q::HostedZone),
    r(R53, "ListResourceRecordSets", 20, H | C | T, Q::HostedZone),
    r(R53, "GetChange", 5, T, Q::HostedZone),
    w(R53, "ChangeResourceRecordSets", 2, T | W, Q::HostedZone, Resp::Null),
    // Organizations (global)
    r(ORGS, "DescribeOrganization", 20, H | C | T, Q::Null),
    r(ORGS, "ListAccounts", 10, H | C, Q::Null),
    r(ORGS, "DescribeAccount", 5, C, Q::AccountId),
    r(ORGS, "ListRoots", 3, C, Q::Null),
    r(ORGS, "ListOrganizationalUnitsForParent", 3, C, Q::Null),
    w(ORGS, "LeaveOrganization", 0, H, Q::Null, Resp::Null),
    // Config, GuardDuty
    r(CONFIG, "DescribeConfigurationRecorders", 5, C, Q::Null),
    r(CONFIG, "DescribeConfigRules", 5, H | C, Q::Null),
    r(CONFIG, "DescribeComplianceByConfigRule", 5, H, Q::Null),
    r(CONFIG, "DescribeDeliveryChannels", 3, C, Q::Null),
    w(CONFIG, "PutEvaluations", 40, L, Q::Null, Resp::Null),
    r(GD, "ListDetectors", 15, H | C, Q::Null),
    r(GD, "GetDetector", 10, C, Q::Detector),
    r(GD, "ListFindings", 15, H, Q::Detector),
    r(GD, "GetFindings", 15, H, Q::Detector),
    r(GD, "GetFindingsStatistics", 5, H, Q::Detector),
    // CloudFront (global)
    r(CF, "ListDistributions", 10, H | C | T, Q::Null),
    r(CF, "GetDistribution", 5, T, Q::Distribution),
    r(CF, "GetDistributionConfig", 5, T, Q::Distribution),
    w(CF, "CreateInvalidation", 3, T, Q::Distribution, Resp::Null),
    // Backup
    r(BACKUP, "ListBackupJobs", 5, H, Q::Null),
    r(BACKUP, "ListBackupVaults", 5, C, Q::Null),
    r(BACKUP, "ListBackupPlans", 5, C, Q::Null),
    w(BACKUP, "StartBackupJob", 5, B, Q::BackupJob, Resp::Null),
    Api {
        svc: BACKUP,
        name: "BackupJobCompleted",
        read_only: false,
        weight: 4,
        who: X,
        req: Q::Null,
        resp: Resp::Null,
        cat: EventCategory::ServiceEvent,
    },
    // EC2 Instance Connect, Bedrock, Athena, Glue
    w(EIC, "SendSSHPublicKey", 5, H, Q::SshKey, Resp::SshKey),
    r(BEDROCK, "GetFoundationModelAvailability", 12, H | C, Q::ModelId),
    r(BEDROCK, "ListFoundationModels", 5, H, Q::Null),
    w(ATHENA, "StartQueryExecution", 15, H | T, Q::Null, Resp::QueryExecution),
    r(ATHENA, "GetQueryExecution", 40, H, Q::QueryExecution),
    r(ATHENA, "GetQueryResults", 30, H, Q::QueryExecution),
    r(ATHENA, "ListWorkGroups", 5, C, Q::Null),
    r(ATHENA, "GetWorkGroup", 10, H, Q::Null),
    r(GLUE, "GetTable", 30, H, Q::GlueTable),
    r(GLUE, "GetDatabase", 10, H, Q::GlueDatabase),
    r(GLUE, "GetTables", 10, C, Q::GlueDatabase),
    r(GLUE, "GetDatabases", 10, C, Q::Null),
    r(GLUE, "GetPartitions", 20, H, Q::GlueTable),
    // Sign-in and the IAM Identity Center portal
    Api {
        svc: SIGNIN,
        name: "ConsoleLogin",
        read_only: false,
        weight: 0,
        who: H,
        req: Q::Null,
        resp: Resp::ConsoleLogin,
        cat: EventCategory::SignIn,
    },
    r(SSO, "GetRoleCredentials", 0, H, Q::RoleCredentials),
    r(SSO, "ListAccounts", 0, H, Q::Null),
    r(SSO, "ListAccountRoles", 0, H, Q::AccountId),
];

/// Index of an API by event name (and service where names repeat).
pub fn find(svc: AwsService, name: &str) -> u16 {
    APIS.iter()
        .position(|a| a.svc == svc && a.name == name)
        .unwrap_or_else(|| panic!("{name} is in the catalogue")) as u16
}

/// Per-caller weighted API tables, built once.
pub struct Tables {
    pub human: Weighted<u16>,
    pub instance: Weighted<u16>,
    pub lambda: Weighted<u16>,
    pub config: Weighted<u16>,
    pub ci: Weighted<u16>,
    pub backup: Weighted<u16>,
    pub aws: Weighted<u16>,
    pub integration: Weighted<u16>,
    pub portal: Weighted<u16>,
    pub console_login: u16,
}

fn table(bit: u8) -> Weighted<u16> {
    let pairs: Vec<(u16, u64)> = APIS
        .iter()
        .enumerate()
        .filter(|(_, a)| a.who & bit != 0)
        .map(|(i, a)| (i as u16, a.weight as u64))
        .collect();
    Weighted::new(&pairs)
}

pub fn tables() -> &'static Tables {
    static T_: OnceLock<Tables> = OnceLock::new();
    T_.get_or_init(|| Tables {
        human: table(H),
        instance: table(W),
        lambda: table(L),
        config: table(C),
        ci: table(T),
        backup: table(B),
        integration: table(C | I),
        aws: Weighted::new(&[
            (find(STS, "AssumeRole"), 90),
            (find(KMS, "RotateKey"), 2),
            (find(BACKUP, "BackupJobCompleted"), 4),
        ]),
        portal: Weighted::new(&[
            (find(SSO, "GetRoleCredentials"), 6),
            (find(SSO, "ListAccounts"), 2),
            (find(SSO, "ListAccountRoles"), 2),
        ]),
        console_login: find(SIGNIN, "ConsoleLogin"),
    })
}
