variable "project_id" {
  description = "Google Cloud project of the service accounts and the Dataflow jobs."
  type        = string
}

variable "name_prefix" {
  description = "Service account ids are <prefix>-launcher and <prefix>-worker."
  type        = string
  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,20}$", var.name_prefix))
    error_message = "name_prefix: 5 to 21 lower-case letters, digits and hyphens, starting with a letter (service account ids are 6 to 30 characters)."
  }
}

variable "data_bucket" {
  description = "Bucket of input studies and results; the workers read and write it."
  type        = string
}

variable "artifacts_bucket" {
  description = "Bucket of template specs and checkpoints; the launcher and the workers read it."
  type        = string
}

variable "temp_bucket" {
  description = "Bucket of Dataflow staging and temporary files; the workers read and write it."
  type        = string
}

variable "repository_location" {
  description = "Region of the Artifact Registry repository with the images."
  type        = string
}

variable "repository_id" {
  description = "Artifact Registry repository with the launcher and worker images; the workers pull from it."
  type        = string
}
