# One Docker repository for the Flex Template launcher images and the GPU worker image
# (templates/build.sh pushes both).
resource "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.location
  repository_id = var.repository_id
  format        = "DOCKER"
  description   = "TraumaFlow Flex Template launchers and Dataflow worker images"
  labels        = var.labels
}
