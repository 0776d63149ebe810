# An example environment: everything TraumaFlow needs in one project and region, and the nightly
# launch of the score template. Copy this folder per environment (dev, prod) and set its variables.

resource "google_project_service" "dataflow" {
  project            = var.project_id
  service            = "dataflow.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_service" "scheduler" {
  project            = var.project_id
  service            = "cloudscheduler.googleapis.com"
  disable_on_destroy = false
}

resource "google_project_service" "artifact_registry" {
  project            = var.project_id
  service            = "artifactregistry.googleapis.com"
  disable_on_destroy = false
}

module "storage" {
  source              = "../../modules/storage"
  project_id          = var.project_id
  name_prefix         = "${var.project_id}-${var.name_prefix}"
  location            = var.region
  temp_retention_days = var.temp_retention_days
  labels              = var.labels
}

module "registry" {
  source     = "../../modules/registry"
  project_id = var.project_id
  location   = var.region
  labels     = var.labels
  depends_on = [google_project_service.artifact_registry]
}

module "identity" {
  source              = "../../modules/identity"
  project_id          = var.project_id
  name_prefix         = var.name_prefix
  data_bucket         = module.storage.data_bucket
  artifacts_bucket    = module.storage.artifacts_bucket
  temp_bucket         = module.storage.temp_bucket
  repository_location = var.region
  repository_id       = module.registry.repository_id
}

module "scheduler" {
  source                   = "../../modules/scheduler"
  project_id               = var.project_id
  region                   = var.region
  schedule                 = var.schedule
  time_zone                = var.time_zone
  parameters               = var.template_parameters
  artifacts_bucket         = module.storage.artifacts_bucket
  temp_bucket              = module.storage.temp_bucket
  launcher_service_account = module.identity.launcher_email
  worker_service_account   = module.identity.worker_email
  worker_image             = "${module.registry.repository_url}/traumaflow-worker-gpu:${var.image_tag}"
  machine_type             = var.machine_type
  accelerator_count        = var.accelerator_count
  max_workers              = var.max_workers
  depends_on               = [google_project_service.scheduler, google_project_service.dataflow]
}
