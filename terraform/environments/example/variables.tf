variable "project_id" {
  description = "Google Cloud project to create everything in."
  type        = string
  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id: 6 to 30 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "Region of the buckets, the image repository, the scheduler job and the Dataflow jobs; one with L4 GPUs, e.g. us-central1."
  type        = string
  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region: a Google Cloud region such as us-central1 or europe-west4."
  }
}

variable "name_prefix" {
  description = "Prefix of service account ids and (after the project id) of bucket names."
  type        = string
  default     = "traumaflow"
}

variable "template_parameters" {
  description = "Parameters of the nightly score template (templates/score/metadata.json): input, output, ensemble, runs and the optional ones, e.g. { input = \"gs://<data bucket>/rsna\", output = \"gs://<data bucket>/scored\", ensemble = \"gs://<artifacts bucket>/ensemble.yaml\", runs = \"gs://<artifacts bucket>/zoo\" }."
  type        = map(string)
}

variable "schedule" {
  description = "When the score template is launched, in cron syntax (minute hour day-of-month month day-of-week)."
  type        = string
  default     = "0 2 * * *"
}

variable "time_zone" {
  description = "IANA time zone the schedule is read in."
  type        = string
  default     = "Etc/UTC"
}

variable "image_tag" {
  description = "Tag of the worker image templates/build.sh pushed (TAG; by default the commit it built)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag: a Docker tag (letters, digits, _, . and -, at most 128)."
  }
}

variable "machine_type" {
  description = "Dataflow worker machine type; G2 for L4 GPUs."
  type        = string
  default     = "g2-standard-8"
}

variable "accelerator_count" {
  description = "NVIDIA L4 GPUs per worker."
  type        = number
  default     = 1
}

variable "max_workers" {
  description = "Most Dataflow workers a nightly job may scale to."
  type        = number
  default     = 4
}

variable "temp_retention_days" {
  description = "Days before Dataflow's staged and temporary files are deleted from the temp bucket."
  type        = number
  default     = 7
}

variable "labels" {
  description = "Labels for the buckets and the repository."
  type        = map(string)
  default     = { app = "traumaflow" }
}
