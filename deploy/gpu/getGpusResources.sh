#!/usr/bin/env bash
# GPU discovery for Spark's resource scheduler (spark.{driver,executor,worker}.resource.gpu.discoveryScript):
# prints the addresses of this node's NVIDIA GPUs as Spark's ResourceInformation JSON, e.g.
#   {"name": "gpu", "addresses": ["0", "1"]}
# Spark then hands each task the addresses it was given (TaskContext.resources()).
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo '{"name": "gpu", "addresses": []}'
  exit 0
fi
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^ *//' -e 's/.*/"&"/' | paste -sd, -)
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
