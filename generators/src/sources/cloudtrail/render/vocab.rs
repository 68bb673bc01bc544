//! The resource names CloudTrail records refer to (functions, buckets, secrets, tables…) and
//! how a record's random bits pick among them.

use crate::rng::mix64;

pub const FUNCTIONS: &[&str] = &[
    "order-processor",
    "image-resizer",
    "s3-event-handler",
    "nightly-report",
    "auth-token-refresh",
    "slack-notifier",
    "etl-transform",
    "cost-anomaly-alert",
    "config-rule-tagging",
    "ses-bounce-handler",
];
pub(super) const BUCKETS: &[&str] = &[
    "app-data",
    "logs",
    "artifacts",
    "backups",
    "terraform-state",
    "static-assets",
    "data-lake",
    "athena-results",
];
pub(super) const OBJECT_PREFIXES: &[&str] = &[
    "uploads/",
    "exports/",
    "reports/daily/",
    "releases/",
    "raw/events/",
    "tmp/",
    "models/",
    "config/",
];
pub(super) const OBJECT_EXTS: &[&str] = &[".json", ".parquet", ".gz", ".csv", ".zip", ".png"];
pub(super) const SECRETS: &[&str] = &[
    "prod/app/db-credentials",
    "prod/api/stripe-key",
    "staging/app/db-credentials",
    "shared/datadog-api-key",
    "ci/github-token",
    "prod/payments/jwt-signing-key",
    "airflow/connections/warehouse",
    "prod/redis/auth-token",
];
pub(super) const PARAMS: &[&str] = &[
    "/app/prod/db/host",
    "/app/prod/feature-flags",
    "/config/log-level",
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    "/app/prod/db/password",
    "/cloudwatch-agent/config",
    "/eks/cluster/endpoint",
    "/app/staging/api-url",
];
pub(super) const PARAM_PATHS: &[&str] =
    &["/app/prod/", "/app/staging/", "/config/", "/platform/shared/"];
pub(super) const TABLES: &[&str] =
    &["orders", "sessions", "user-profiles", "inventory", "terraform-locks", "idempotency-keys"];
pub(super) const QUEUES: &[&str] =
    &["order-events", "image-jobs", "email-outbound", "dead-letter", "etl-batches"];
pub(super) const TOPICS: &[&str] =
    &["alerts-critical", "order-notifications", "budget-alarms", "deploy-events"];
pub(super) const ECS_CLUSTERS: &[&str] = &["prod-services", "batch-workers", "internal-tools"];
pub(super) const EKS_CLUSTERS: &[&str] = &["platform-prod", "platform-staging", "data-eks"];
pub(super) const STACKS: &[&str] = &[
    "network-baseline",
    "app-prod",
    "monitoring",
    "data-pipeline",
    "iam-roles",
    "StackSet-guardrails",
];
pub(super) const DBS: &[&str] =
    &["orders-db", "analytics-replica", "keycloak-db", "billing-aurora-instance-1"];
pub(super) const REPOS: &[&str] =
    &["api-server", "web-frontend", "worker", "nginx-proxy", "data-jobs"];
pub(super) const ASGS: &[&str] = &["eks-ng-general", "web-asg", "batch-spot-asg"];
pub(super) const TARGET_GROUPS: &[&str] = &["web-tg", "api-tg", "grpc-internal"];
pub(super) const MODELS: &[&str] = &[
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "amazon.titan-embed-text-v2:0",
    "meta.llama3-70b-instruct-v1:0",
];
pub(super) const GLUE_DBS: &[&str] = &["raw", "curated", "cloudtrail_logs", "marketing"];
pub(super) const GLUE_TABLES: &[&str] =
    &["events", "orders_daily", "sessions", "cloudtrail", "web_logs"];
pub(super) const USER_POLICIES: &[&str] = &[
    "ReadOnlyAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonEC2ReadOnlyAccess",
    "CloudWatchReadOnlyAccess",
    "IAMUserChangePassword",
];
pub(super) const ROLE_POLICIES: &[&str] = &[
    "AmazonSSMManagedInstanceCore",
    "CloudWatchAgentServerPolicy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AWSLambdaBasicExecutionRole",
];
pub(super) const TRAILS: &[&str] = &["management-events", "org-trail", "security-audit-trail"];
pub(super) const ALNUM: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
pub(super) const ALNUM_MIXED: &[u8; 62] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The `k`-th independent choice from `items` drawn from a record's random bits.
#[inline]
pub(super) fn pick<'x>(items: &[&'x str], bits: u64, k: u32) -> &'x str {
    items[(mix64(bits ^ k as u64) % items.len() as u64) as usize]
}

pub(super) fn state_name(code: u8) -> &'static str {
    match code {
        0 => "pending",
        16 => "running",
        32 => "shutting-down",
        48 => "terminated",
        64 => "stopping",
        _ => "stopped",
    }
}
