# Cloud Scheduler launches the score Flex Template every night through the Dataflow API, as the
# launcher service account, with the job running as the worker account on GPU workers.

locals {
  # Where `templates/build.sh score` publishes the template's spec.
  template_path = "gs://${var.artifacts_bucket}/templates/score.json"
  # Semicolons separate the accelerator's fields; commas would split the option list.
  accelerator = "worker_accelerator=type:${var.accelerator_type};count:${var.accelerator_count};install-nvidia-driver"
  job_name    = "traumaflow-score-nightly"
}

resource "google_cloud_scheduler_job" "nightly" {
  project          = var.project_id
  region           = var.region
  name             = local.job_name
  description      = "Scores the night's studies: launches the score Flex Template."
  schedule         = var.schedule
  time_zone        = var.time_zone
  attempt_deadline = "320s"

  # A launch is not retried: if its answer was lost after Dataflow accepted it, a retry would run
  # the night's work twice.
  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/${var.project_id}/locations/${var.region}/flexTemplates:launch"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode({
      launchParameter = {
        jobName              = local.job_name
        containerSpecGcsPath = local.template_path
        parameters           = var.parameters
        environment = {
          serviceAccountEmail       = var.worker_service_account
          tempLocation              = "gs://${var.temp_bucket}/tmp"
          stagingLocation           = "gs://${var.temp_bucket}/staging"
          machineType               = var.machine_type
          maxWorkers                = var.max_workers
          sdkContainerImage         = var.worker_image
          additionalExperiments     = ["use_runner_v2"]
          additionalPipelineOptions = ["dataflowServiceOptions=${local.accelerator}"]
        }
      }
    }))

    oauth_token {
      service_account_email = var.launcher_service_account
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }
}
