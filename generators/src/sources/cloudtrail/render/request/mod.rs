//! requestParameters: one JSON shape per [`Req`], filled from the record's resources. The
//! shapes are grouped by service family, one submodule each.

mod compute;
mod identity;
mod services;

use super::View;
use crate::sources::cloudtrail::catalogue::Req;
use crate::sources::cloudtrail::Record;

impl View<'_> {
    /// Writes the requestParameters object; false means `null`.
    pub fn push_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        match r.api().req {
            Req::Null => false,
            Req::Ec2Instances
            | Req::Ec2InstanceStatus
            | Req::Ec2InstanceIds
            | Req::Ec2Set(..)
            | Req::Ec2Filter
            | Req::Ec2Addresses
            | Req::Ec2Images
            | Req::Ec2AccountAttributes
            | Req::Ec2Azs
            | Req::InstanceId
            | Req::InstanceAttr
            | Req::Ec2CreateTags
            | Req::Ec2Volume
            | Req::Ec2Snapshot
            | Req::Ec2SgIngress
            | Req::Ec2RunInstances
            | Req::SshKey => self.push_ec2_request(r, out),
            Req::SsmFilters
            | Req::SsmAgent
            | Req::SsmInstance
            | Req::SsmAssocStatus
            | Req::ParamName
            | Req::ParamNames
            | Req::ParamPath
            | Req::CommandInvocation
            | Req::SendCommand
            | Req::StartSession
            | Req::SessionId => self.push_ssm_request(r, out),
            Req::UserName
            | Req::UserNameOpt
            | Req::RoleName
            | Req::PolicyArn
            | Req::UserPolicy
            | Req::RolePolicy
            | Req::AccessKeyId
            | Req::AssumeRole
            | Req::SessionToken
            | Req::RoleCredentials
            | Req::AccountId => self.push_identity_request(r, out),
            Req::S3Service
            | Req::Bucket(..)
            | Req::ListObjects
            | Req::Object
            | Req::SecretId
            | Req::KmsKey
            | Req::KmsCrypto
            | Req::KmsDataKey => self.push_storage_request(r, out),
            Req::TrailName
            | Req::TrailList
            | Req::LookupEvents
            | Req::LogStream
            | Req::LogGroup
            | Req::LogPrefix
            | Req::MetricData
            | Req::MetricStats
            | Req::Detector => self.push_monitoring_request(r, out),
            Req::FunctionName
            | Req::DbInstance
            | Req::Table
            | Req::Topic
            | Req::Queue
            | Req::QueueName
            | Req::TargetGroup
            | Req::AsgNames
            | Req::Repo
            | Req::RepoLayer
            | Req::Cluster
            | Req::ClusterName
            | Req::Services
            | Req::Tasks
            | Req::TaskDef
            | Req::Stack
            | Req::HostedZone
            | Req::ModelId
            | Req::QueryExecution
            | Req::GlueTable
            | Req::GlueDatabase
            | Req::BackupJob
            | Req::Distribution
            | Req::MaxResults(..)
            | Req::MaxRecords(..) => self.push_other_request(r, out),
        }
    }
}
