output "repository_id" {
  description = "The repository's name."
  value       = google_artifact_registry_repository.images.repository_id
}

output "repository_url" {
  description = "Docker address of the repository: images are <repository_url>/<image>:<tag>."
  value       = "${var.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}
