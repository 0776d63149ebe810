output "data_bucket" {
  description = "Input studies and pipeline results."
  value       = google_storage_bucket.data.name
}

output "artifacts_bucket" {
  description = "Flex Template specs (templates/<name>.json), checkpoints and the model registry; versioned."
  value       = google_storage_bucket.artifacts.name
}

output "temp_bucket" {
  description = "Dataflow staging and temporary files; emptied by its lifecycle rule."
  value       = google_storage_bucket.temp.name
}
