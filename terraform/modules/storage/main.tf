# The three buckets: data (input studies and results), artifacts (templates, checkpoints and the
# model registry, versioned so a bad publish can be rolled back) and temp (Dataflow staging and
# temporary files, deleted after a few days). None can be made public, and access is granted per
# bucket through IAM only (no object ACLs).

resource "google_storage_bucket" "data" {
  project                     = var.project_id
  name                        = "${var.name_prefix}-data"
  location                    = var.location
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = var.labels
}

resource "google_storage_bucket" "artifacts" {
  project                     = var.project_id
  name                        = "${var.name_prefix}-artifacts"
  location                    = var.location
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = var.labels

  versioning {
    enabled = true
  }

  # Old versions of a checkpoint or registry are kept for a while, not for ever.
  lifecycle_rule {
    condition {
      num_newer_versions = var.artifact_versions_kept
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_storage_bucket" "temp" {
  project                     = var.project_id
  name                        = "${var.name_prefix}-temp"
  location                    = var.location
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  labels                      = var.labels

  lifecycle_rule {
    condition {
      age = var.temp_retention_days
    }
    action {
      type = "Delete"
    }
  }
}
