output "job_name" {
  description = "Name of the Cloud Scheduler job (and of the Dataflow jobs it launches)."
  value       = google_cloud_scheduler_job.nightly.name
}

output "template_path" {
  description = "Template spec the job launches."
  value       = local.template_path
}
