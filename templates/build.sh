#!/usr/bin/env bash
# Builds one Flex Template and the GPU worker image, and publishes both:
#
#   PROJECT=my-project REGION=us-central1 ARTIFACTS_BUCKET=my-project-traumaflow-artifacts \
#     templates/build.sh score
#
# TEMPLATE is a folder of templates/ with metadata.json and Dockerfile: preprocess, train-segmentation, make-volumes, train or score.
# The template spec lands at gs://$ARTIFACTS_BUCKET/templates/TEMPLATE.json; terraform's nightly
# scheduler launches the one of score. Images
# go to the Artifact Registry repository $REPOSITORY (default traumaflow) tagged $TAG (default: the
# commit). Needs Maven, Docker and gcloud, logged in to the project.
set -euo pipefail
template="${1:?usage: templates/build.sh TEMPLATE (a folder of templates/: preprocess, train-segmentation, make-volumes, train or score)}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${ARTIFACTS_BUCKET:?set ARTIFACTS_BUCKET}"
REPOSITORY="${REPOSITORY:-traumaflow}"
TAG="${TAG:-$(git -C "$root" rev-parse --short HEAD)}"
registry="$REGION-docker.pkg.dev/$PROJECT/$REPOSITORY"
launcher_image="$registry/traumaflow-$template-launcher:$TAG"
worker_image="$registry/traumaflow-worker-gpu:$TAG"
template_path="gs://$ARTIFACTS_BUCKET/templates/$template.json"
jar="traumaflow-0.1.0-SNAPSHOT-bundled.jar"
[ -f "$root/templates/$template/metadata.json" ] || { echo "build.sh: no templates/$template/metadata.json" >&2; exit 2; }

cd "$root"
gcloud auth configure-docker "$REGION-docker.pkg.dev" --quiet

# The job jar: every pipeline, Beam's runners and the CPU libtorch.
mvn -B -ntp package -DskipTests

# The worker image: Beam's SDK container with the CUDA libtorch of the gpu profile.
worker_context="$root/target/image-worker"
rm -rf "$worker_context" && mkdir -p "$worker_context"
mvn -B -ntp -Pgpu dependency:copy-dependencies -DincludeArtifactIds=pytorch-native-cu124 -DoutputDirectory="$worker_context"
cp scripts/engine-env "$worker_context/engine-env"
docker build -t "$worker_image" -f templates/worker/Dockerfile "$worker_context"
docker push "$worker_image"

# The launcher image: Google's Java 17 template launcher with the job jar.
launcher_context="$root/target/image-$template"
rm -rf "$launcher_context" && mkdir -p "$launcher_context"
ln "target/$jar" "$launcher_context/$jar" 2>/dev/null || cp "target/$jar" "$launcher_context/$jar"
cp scripts/engine-env "$launcher_context/engine-env"
docker build -t "$launcher_image" -f "templates/$template/Dockerfile" "$launcher_context"
docker push "$launcher_image"

gcloud dataflow flex-template build "$template_path" \
  --project="$PROJECT" \
  --image="$launcher_image" \
  --sdk-language=JAVA \
  --metadata-file="templates/$template/metadata.json"

echo "template:     $template_path"
echo "worker image: $worker_image"
