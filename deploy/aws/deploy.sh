#!/usr/bin/env bash
# Pushes a Microblog image to ECR and deploys it to the ECS service, blue/green through CodeDeploy.
# The GitHub Actions workflow and the Jenkinsfile both call it, so that the two pipelines deploy
# in exactly the same way; an operator can run it too (docs/deploy.md).
#
#   deploy/aws/deploy.sh push LOCAL_IMAGE TAG   push LOCAL_IMAGE as <repository>:TAG (skipped when
#                                               the tag exists: tags are immutable)
#   deploy/aws/deploy.sh release TAG            new task definition revision with image TAG, run
#                                               the migrations with it, then deploy it blue/green
#   deploy/aws/deploy.sh redeploy TASKDEF       deploy an existing revision (family:revision or ARN)
#                                               blue/green, without migrations: a rollback, or a
#                                               restart that rereads the secrets
#   deploy/aws/deploy.sh migrate TASKDEF        only run the migrations with that revision (the
#                                               first deploy, before the service has tasks)
#
# Environment: AWS_REGION (required), APP_NAME (default microblog: cluster, service, task family,
# container, CodeDeploy application and deployment group), REPOSITORY (default microblog),
# DEPLOY_TIMEOUT_MINUTES (default 60), SITE_URL (optional: after a deploy, SITE_URL/readyz must
# answer 200), DD_AGENT_HOST (optional: each deploy and its failure is a Datadog event, sent by
# deploy/dd-event.sh with DD_DOGSTATSD_PORT, DD_ENV, DD_SERVICE). Needs the AWS CLI v2, jq, curl
# and, for push, docker.
# A release's revision carries DEPLOY_TIMESTAMP (when it was registered) and DEPLOY_COLOR=ecs in
# its environment: its tasks show microblog_deploy_timestamp_seconds (docs/observability.md).
# AWS credentials come from the environment: the Jenkins instance role, or the GitHub Actions
# OIDC role; both carry the application stack's DeployPolicy and nothing more.
set -euo pipefail

APP_NAME=${APP_NAME:-microblog}
REPOSITORY=${REPOSITORY:-microblog}
DEPLOY_TIMEOUT_MINUTES=${DEPLOY_TIMEOUT_MINUTES:-60}
: "${AWS_REGION:?set AWS_REGION}"
export AWS_REGION AWS_DEFAULT_REGION=$AWS_REGION AWS_PAGER=""

log() { printf '[deploy %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}
# Every AWS call is bounded: a hung connection fails the step instead of the whole pipeline
# waiting for its own time limit.
aws() { timeout 120 aws --cli-connect-timeout 10 --cli-read-timeout 60 "$@"; }

registry_host() {
  local account
  account=$(aws sts get-caller-identity --query Account --output text)
  echo "$account.dkr.ecr.$AWS_REGION.amazonaws.com"
}

cmd_push() {
  local local_image=$1 tag=$2 host
  host=$(registry_host)
  if aws ecr describe-images --repository-name "$REPOSITORY" --image-ids "imageTag=$tag" >/dev/null 2>&1; then
    log "$REPOSITORY:$tag is already in ECR; not pushing again"
    return
  fi
  aws ecr get-login-password | docker login --username AWS --password-stdin "$host"
  docker tag "$local_image" "$host/$REPOSITORY:$tag"
  timeout 1200 docker push "$host/$REPOSITORY:$tag"
  log "pushed $host/$REPOSITORY:$tag"
}

# Registers a new revision of the family: the newest revision (its environment, secrets, sizes:
# what the application stack last registered or the last deploy used) with only the image changed.
# Prints the new revision's ARN.
register_revision() {
  local image=$1
  aws ecs describe-task-definition --task-definition "$APP_NAME" --query taskDefinition --output json |
    jq --arg name "$APP_NAME" --arg image "$image" --arg now "$(date +%s)" '
      .containerDefinitions |= map(if .name == $name then .image = $image
        | .environment = ([(.environment // [])[] | select(.name != "DEPLOY_TIMESTAMP" and .name != "DEPLOY_COLOR")]
            + [{name: "DEPLOY_TIMESTAMP", value: $now}, {name: "DEPLOY_COLOR", value: "ecs"}])
        else . end)
      | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
            .registeredAt, .registeredBy, .deregisteredAt)' >"$workdir/taskdef.json"
  jq -e --arg name "$APP_NAME" 'any(.containerDefinitions[]; .name == $name)' "$workdir/taskdef.json" >/dev/null ||
    die "the task definition has no container named $APP_NAME"
  aws ecs register-task-definition --cli-input-json "file://$workdir/taskdef.json" \
    --query taskDefinition.taskDefinitionArn --output text
}

# Runs "microblog db upgrade" once, with the new revision, in the service's subnets and security
# group, and fails unless it exits 0. Migrations are expand-only (docs/deploy.md), so the tasks
# still running the previous release keep working on the upgraded schema.
migrate() {
  local taskdef=$1 network overrides task exit_code i
  network=$(aws ecs describe-services --cluster "$APP_NAME" --services "$APP_NAME" \
    --query 'services[0].networkConfiguration' --output json)
  [[ $network != null ]] || die "service $APP_NAME not found in cluster $APP_NAME"
  overrides=$(jq -cn --arg name "$APP_NAME" '{containerOverrides: [{name: $name, command: ["db", "upgrade"]}]}')
  task=$(aws ecs run-task --cluster "$APP_NAME" --launch-type FARGATE --task-definition "$taskdef" \
    --network-configuration "$network" --overrides "$overrides" --started-by deploy-migrate \
    --query 'tasks[0].taskArn' --output text)
  [[ $task == arn:* ]] || die "the migration task did not start"
  log "migration task ${task##*/} started"
  for ((i = 0; i < 90; i++)); do # 15 minutes
    [[ $(aws ecs describe-tasks --cluster "$APP_NAME" --tasks "$task" --query 'tasks[0].lastStatus' --output text) == STOPPED ]] && break
    sleep 10
  done
  exit_code=$(aws ecs describe-tasks --cluster "$APP_NAME" --tasks "$task" \
    --query "tasks[0].containers[?name=='$APP_NAME'].exitCode | [0]" --output text)
  aws logs get-log-events --log-group-name "/ecs/$APP_NAME" \
    --log-stream-name "$APP_NAME/$APP_NAME/${task##*/}" --query 'events[].message' --output text 2>/dev/null |
    tr '\t' '\n' | sed 's/^/  migrate: /' >&2 || true
  [[ $exit_code == 0 ]] || die "migration failed (exit code $exit_code); nothing was deployed"
  log "migrations applied"
}

# Starts a CodeDeploy blue/green deployment of a task definition revision and waits for it:
# green tasks start beside blue, pass /readyz, take traffic (as the deployment group's config
# says), and blue stops after the termination wait. An alarm or a failure rolls back by itself.
deploy_revision() {
  local taskdef=$1 appspec input id status i
  # Written out rather than built with jq, which would print the version 0.0 as 0.
  [[ $taskdef =~ ^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[A-Za-z0-9_-]+:[0-9]+$ ]] ||
    die "not a task definition revision ARN: $taskdef"
  [[ $APP_NAME =~ ^[a-z][a-z0-9-]*$ ]] || die "APP_NAME must be lower-case letters, digits and dashes"
  appspec=$(printf '{"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": "%s", "LoadBalancerInfo": {"ContainerName": "%s", "ContainerPort": 5000}}}}]}' \
    "$taskdef" "$APP_NAME")
  input=$(jq -cn --arg app "$APP_NAME" --arg content "$appspec" --arg desc "deploy ${taskdef##*/}" '{
    applicationName: $app, deploymentGroupName: $app, description: $desc,
    revision: {revisionType: "AppSpecContent", appSpecContent: {content: $content}}}')
  id=$(aws deploy create-deployment --cli-input-json "$input" --query deploymentId --output text)
  log "CodeDeploy deployment $id of ${taskdef##*/} started"
  for ((i = 0; i < DEPLOY_TIMEOUT_MINUTES * 4; i++)); do
    status=$(aws deploy get-deployment --deployment-id "$id" --query deploymentInfo.status --output text)
    case $status in
      Succeeded)
        log "deployment $id succeeded"
        deploy_event success "Deployed ${taskdef##*/}" "CodeDeploy deployment $id succeeded"
        return
        ;;
      Failed | Stopped)
        aws deploy get-deployment --deployment-id "$id" --query deploymentInfo.errorInformation --output json >&2 || true
        deploy_event error "Failed to deploy ${taskdef##*/}" "CodeDeploy deployment $id: $status, rolled back"
        die "deployment $id: $status (CodeDeploy rolled back to the previous task set)"
        ;;
    esac
    ((i % 8 == 0)) && log "deployment $id: $status"
    sleep 15
  done
  die "deployment $id still $status after $DEPLOY_TIMEOUT_MINUTES minutes (it goes on in CodeDeploy)"
}

# A Datadog event when DD_AGENT_HOST is set (deploy/dd-event.sh does nothing otherwise).
deploy_event() { # TYPE TITLE TEXT
  "$(dirname "${BASH_SOURCE[0]}")/../dd-event.sh" --type "$1" --tag source:codedeploy \
    --tag "task_definition:${taskdef##*/}" "$2" "$3" || true
}

smoke_test() {
  [[ -n ${SITE_URL:-} ]] || return 0
  curl -fsS --max-time 10 --retry 5 --retry-delay 5 --retry-all-errors "${SITE_URL%/}/readyz" >/dev/null ||
    die "${SITE_URL%/}/readyz does not answer 200 after the deploy"
  log "${SITE_URL%/}/readyz answers 200"
}

cmd_release() {
  local tag=$1 host taskdef
  host=$(registry_host)
  aws ecr describe-images --repository-name "$REPOSITORY" --image-ids "imageTag=$tag" >/dev/null ||
    die "$REPOSITORY:$tag is not in ECR: push it first"
  taskdef=$(register_revision "$host/$REPOSITORY:$tag")
  log "registered ${taskdef##*/}"
  migrate "$taskdef"
  deploy_revision "$taskdef"
  smoke_test
}

revision_arn() {
  aws ecs describe-task-definition --task-definition "$1" --query taskDefinition.taskDefinitionArn --output text
}

cmd_redeploy() {
  local taskdef
  taskdef=$(revision_arn "$1")
  deploy_revision "$taskdef"
  smoke_test
}

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

case "${1:-}" in
  push)
    [[ $# -eq 3 ]] || die "usage: $0 push LOCAL_IMAGE TAG"
    cmd_push "$2" "$3"
    ;;
  release)
    [[ $# -eq 2 ]] || die "usage: $0 release TAG"
    cmd_release "$2"
    ;;
  redeploy)
    [[ $# -eq 2 ]] || die "usage: $0 redeploy TASKDEF"
    cmd_redeploy "$2"
    ;;
  migrate)
    [[ $# -eq 2 ]] || die "usage: $0 migrate TASKDEF"
    migrate "$(revision_arn "$2")"
    ;;
  -h | --help)
    sed -n '2,24s/^# \{0,1\}//p' "$0"
    ;;
  *) die "usage: $0 push LOCAL_IMAGE TAG | release TAG | redeploy TASKDEF | migrate TASKDEF (see --help)" ;;
esac
