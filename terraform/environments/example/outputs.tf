output "data_bucket" {
  description = "Put studies here and point the template's input and output at it."
  value       = module.storage.data_bucket
}

output "artifacts_bucket" {
  description = "ARTIFACTS_BUCKET for templates/build.sh: template specs, checkpoints, registry."
  value       = module.storage.artifacts_bucket
}

output "temp_bucket" {
  description = "TEMP_BUCKET for templates/run.sh."
  value       = module.storage.temp_bucket
}

output "repository_url" {
  description = "Where templates/build.sh pushes images (REGION, PROJECT and REPOSITORY)."
  value       = module.registry.repository_url
}

output "launcher_service_account" {
  description = "Service account of the nightly launch."
  value       = module.identity.launcher_email
}

output "worker_service_account" {
  description = "WORKER_SERVICE_ACCOUNT for templates/run.sh: what Dataflow jobs run as."
  value       = module.identity.worker_email
}

output "scheduler_job" {
  description = "Name of the nightly Cloud Scheduler job."
  value       = module.scheduler.job_name
}

output "template_path" {
  description = "Template spec the nightly job launches; `templates/build.sh score` must have published it."
  value       = module.scheduler.template_path
}
