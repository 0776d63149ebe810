variable "project_id" {
  description = "Google Cloud project of the scheduler job and the Dataflow jobs it launches."
  type        = string
}

variable "region" {
  description = "Region of the scheduler job and of the Dataflow jobs."
  type        = string
}

variable "schedule" {
  description = "When to launch, in cron syntax (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\" for 02:00 every day."
  type        = string
  validation {
    condition     = length(split(" ", trimspace(var.schedule))) == 5
    error_message = "schedule: five cron fields separated by single spaces."
  }
}

variable "time_zone" {
  description = "IANA time zone the schedule is read in, e.g. \"Europe/Berlin\" or \"Etc/UTC\"."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$", var.time_zone))
    error_message = "time_zone: an IANA name such as Europe/Berlin or Etc/UTC."
  }
}

variable "parameters" {
  description = "The score template's parameters (templates/score/metadata.json), e.g. { input = \"gs://...\" (or dicomweb = \"https://...\"), output = \"gs://...\", ensemble = \"gs://.../ensemble.yaml\", runs = \"gs://...\" }."
  type        = map(string)
  validation {
    condition     = length(setsubtract(["output", "ensemble", "runs"], keys(var.parameters))) == 0 && length(setintersection(["input", "dicomweb"], keys(var.parameters))) == 1
    error_message = "parameters: the score template needs output, ensemble, runs and one of input and dicomweb (templates/score/metadata.json)."
  }
}

variable "artifacts_bucket" {
  description = "Bucket that templates/build.sh published the template spec to (ARTIFACTS_BUCKET)."
  type        = string
}

variable "temp_bucket" {
  description = "Bucket for Dataflow's staging and temporary files."
  type        = string
}

variable "launcher_service_account" {
  description = "Email of the service account Cloud Scheduler calls the Dataflow API as."
  type        = string
}

variable "worker_service_account" {
  description = "Email of the service account the Dataflow job runs as."
  type        = string
}

variable "worker_image" {
  description = "Runner v2 worker image with the CUDA natives (templates/worker/Dockerfile), as templates/build.sh pushed it."
  type        = string
}

variable "machine_type" {
  description = "Worker machine type; an L4 GPU needs a G2 machine."
  type        = string
  default     = "g2-standard-8"
  validation {
    condition     = startswith(var.machine_type, "g2-")
    error_message = "machine_type: a G2 machine type (g2-standard-4, -8, ...), the family that carries NVIDIA L4 GPUs."
  }
}

variable "accelerator_type" {
  description = "GPU type attached to each worker."
  type        = string
  default     = "nvidia-l4"
  validation {
    condition     = var.accelerator_type == "nvidia-l4"
    error_message = "accelerator_type: nvidia-l4, the GPU of G2 machines and the one the worker image's CUDA 12.4 libtorch is tested for."
  }
}

variable "accelerator_count" {
  description = "GPUs per worker."
  type        = number
  default     = 1
  validation {
    condition     = contains([1, 2, 4, 8], var.accelerator_count)
    error_message = "accelerator_count: 1, 2, 4 or 8 (what G2 machines carry)."
  }
}

variable "max_workers" {
  description = "Most workers Dataflow may scale to."
  type        = number
  default     = 4
  validation {
    condition     = var.max_workers >= 1 && var.max_workers <= 100
    error_message = "max_workers: 1 to 100."
  }
}
