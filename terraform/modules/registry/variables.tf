variable "project_id" {
  description = "Google Cloud project that owns the repository."
  type        = string
}

variable "location" {
  description = "Region of the repository; the Dataflow region, so workers pull images within it."
  type        = string
}

variable "repository_id" {
  description = "Repository name; templates/build.sh pushes to <location>-docker.pkg.dev/<project>/<repository_id>."
  type        = string
  default     = "traumaflow"
  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", var.repository_id))
    error_message = "repository_id: lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "labels" {
  description = "Labels for the repository."
  type        = map(string)
  default     = {}
}
