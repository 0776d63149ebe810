variable "project_id" {
  description = "Google Cloud project that owns the buckets."
  type        = string
}

variable "name_prefix" {
  description = "Bucket names start with this (bucket names are global): <prefix>-data, <prefix>-artifacts, <prefix>-temp."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9][-a-z0-9]{1,50}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix: 3 to 52 lower-case letters, digits and hyphens, not starting or ending with a hyphen."
  }
}

variable "location" {
  description = "Where the buckets live; the Dataflow region, so workers read and write without crossing regions."
  type        = string
}

variable "temp_retention_days" {
  description = "Days after which objects in the temp bucket (staged jars, temporary files) are deleted."
  type        = number
  default     = 7
  validation {
    condition     = var.temp_retention_days >= 1
    error_message = "temp_retention_days must be at least 1."
  }
}

variable "artifact_versions_kept" {
  description = "How many older versions of each artifact (checkpoint, registry) are kept besides the live one."
  type        = number
  default     = 5
  validation {
    condition     = var.artifact_versions_kept >= 1
    error_message = "artifact_versions_kept must be at least 1, or a bad publish could not be rolled back."
  }
}

variable "labels" {
  description = "Labels for every bucket."
  type        = map(string)
  default     = {}
}
