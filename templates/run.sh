#!/usr/bin/env bash
# Launches a job from a template that build.sh published, on GPU workers (one NVIDIA L4 each,
# Runner v2, the CUDA worker image). Template parameters follow the template name as KEY=VALUE
# (templates/TEMPLATE/metadata.json lists them):
#
#   export PROJECT=my-project REGION=us-central1 ARTIFACTS_BUCKET=my-project-traumaflow-artifacts \
#     TEMP_BUCKET=my-project-traumaflow-temp WORKER_SERVICE_ACCOUNT=traumaflow-worker@my-project.iam.gserviceaccount.com
#   templates/run.sh preprocess input=gs://my-data/rsna output=gs://my-results/preprocess
#   templates/run.sh train-segmentation input=gs://my-data/rsna output=gs://my-data/seg-fold0
#   templates/run.sh make-volumes input=gs://my-data/rsna output=gs://my-data/stage2 segmentationModel=gs://my-data/seg-fold0
#   templates/run.sh train spec=gs://my-artifacts/train-zoo.yaml data=gs://my-data/stage2 output=gs://my-data/zoo
#   templates/run.sh score input=gs://my-data/rsna output=gs://my-results/scored \
#     ensemble=gs://my-artifacts/ensemble.yaml runs=gs://my-artifacts/zoo segmentationModel=gs://my-artifacts/seg-fold0
set -euo pipefail
template="${1:?usage: templates/run.sh TEMPLATE KEY=VALUE ...}"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${ARTIFACTS_BUCKET:?set ARTIFACTS_BUCKET}"
: "${TEMP_BUCKET:?set TEMP_BUCKET}" "${WORKER_SERVICE_ACCOUNT:?set WORKER_SERVICE_ACCOUNT}"
REPOSITORY="${REPOSITORY:-traumaflow}"
TAG="${TAG:-$(git -C "$root" rev-parse --short HEAD)}"
MACHINE_TYPE="${MACHINE_TYPE:-g2-standard-8}"
MAX_WORKERS="${MAX_WORKERS:-4}"
worker_image="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY/traumaflow-worker-gpu:$TAG"
template_path="gs://$ARTIFACTS_BUCKET/templates/$template.json"
[ -f "$root/templates/$template/metadata.json" ] || { echo "run.sh: no templates/$template/metadata.json" >&2; exit 2; }
# Values may hold commas (patients=1,2 splits=train,test): gcloud's ^~^ prefix makes ~ the separator.
parameters="$(IFS='~'; echo "$*")"

# Semicolons, not commas, separate the accelerator's fields: commas would split the option list.
gcloud dataflow flex-template run "traumaflow-$template-$(date -u +%Y%m%d-%H%M%S)" \
  --project="$PROJECT" \
  --region="$REGION" \
  --template-file-gcs-location="$template_path" \
  --service-account-email="$WORKER_SERVICE_ACCOUNT" \
  --temp-location="gs://$TEMP_BUCKET/tmp" \
  --staging-location="gs://$TEMP_BUCKET/staging" \
  --worker-machine-type="$MACHINE_TYPE" \
  --max-workers="$MAX_WORKERS" \
  --additional-experiments=use_runner_v2 \
  --additional-pipeline-options="sdkContainerImage=$worker_image,dataflowServiceOptions=worker_accelerator=type:nvidia-l4;count:1;install-nvidia-driver" \
  ${parameters:+--parameters="^~^$parameters"}
