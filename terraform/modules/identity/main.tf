# Two service accounts with only what their work needs.
# - launcher: what Cloud Scheduler calls the Dataflow API as. It may launch jobs, let them run
#   as the worker account, and read template specs; it cannot read data.
# - worker: what the Flex Template launcher VM and the Dataflow workers run as. It may do
#   Dataflow work, pull the images, read artifacts, and read and write data and temp.

resource "google_service_account" "launcher" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-launcher"
  display_name = "TraumaFlow template launcher (Cloud Scheduler)"
}

resource "google_service_account" "worker" {
  project      = var.project_id
  account_id   = "${var.name_prefix}-worker"
  display_name = "TraumaFlow Dataflow workers"
}

resource "google_project_iam_member" "launcher_launches_jobs" {
  project = var.project_id
  role    = "roles/dataflow.developer"
  member  = "serviceAccount:${google_service_account.launcher.email}"
}

resource "google_service_account_iam_member" "launcher_runs_jobs_as_worker" {
  service_account_id = google_service_account.worker.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.launcher.email}"
}

resource "google_storage_bucket_iam_member" "launcher_reads_templates" {
  bucket = var.artifacts_bucket
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.launcher.email}"
}

resource "google_project_iam_member" "worker_runs_dataflow_work" {
  project = var.project_id
  role    = "roles/dataflow.worker"
  member  = "serviceAccount:${google_service_account.worker.email}"
}

resource "google_artifact_registry_repository_iam_member" "worker_pulls_images" {
  project    = var.project_id
  location   = var.repository_location
  repository = var.repository_id
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.worker.email}"
}

resource "google_storage_bucket_iam_member" "worker_reads_artifacts" {
  bucket = var.artifacts_bucket
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.worker.email}"
}

# Beam writes outputs as temporary objects and renames them, which deletes: objectAdmin, on these
# two buckets only.
resource "google_storage_bucket_iam_member" "worker_writes_data" {
  bucket = var.data_bucket
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.worker.email}"
}

resource "google_storage_bucket_iam_member" "worker_writes_temp" {
  bucket = var.temp_bucket
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.worker.email}"
}
