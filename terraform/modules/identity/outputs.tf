output "launcher_email" {
  description = "Service account Cloud Scheduler launches templates as."
  value       = google_service_account.launcher.email
}

output "worker_email" {
  description = "Service account the Dataflow launcher VM and workers run as (serviceAccountEmail)."
  value       = google_service_account.worker.email
}
