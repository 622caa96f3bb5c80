"""`make local`: the whole service on loopback, with Cognito and DynamoDB emulated by a moto server.

Everything is built from template.yaml (tables, user pool, app client, groups, routes, the functions'
environment, the rollup schedule), so what runs locally is what `sam deploy` would deploy, minus AWS. No Docker
and no AWS account: the handlers run in this process, behind a gateway that checks tokens as API Gateway does.

    python -m devkit.stack [--template template.yaml]
    LOCAL_API_PORT (3000), LOCAL_AWS_PORT (4566): 0 picks a free port; LOCAL_STATE_DIR (.local) holds stack.json.
    LOCAL_DYNAMODB=strict: DynamoDB's transaction conflicts over moto (devkit.strict_dynamodb), each
    transaction holding its items for LOCAL_DYNAMODB_HOLD_MS (40).

Every AWS call a function's code makes here meets AWS's rules that moto lacks: IAM (each function's role as
template.yaml makes it, devkit.iam) and the request limits (devkit.aws_limits). A call the role would deny fails
as on AWS, is logged, and is appended to `iam-denials.jsonl` in the state directory, which the e2e tests read.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Iterable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from devkit import aws_limits, cognito, cognito_proxy, event_sources, iam, messaging, runtime_schedules, template
from devkit.botocalls import intercepting
from devkit.gateway import FunctionRuntime, Gateway, GatewayServer, openapi_source
from devkit.jwt_verify import JwtVerifier
from devkit.strict_dynamodb import StrictRules, StrictWsgi

log = logging.getLogger("devkit.stack")

DEFAULT_API_PORT = 3000
DEFAULT_AWS_PORT = 4566
HOST = "127.0.0.1"
ROLLUP_FIRST_RUN_S = 3.0
"""The first scheduled run comes shortly after start, so the health check has a snapshot to report."""
TABLE_PREFIX = "taskexec-local-"
EXAMPLE_AUTOMATION = {
    "name": "Weekly report",
    "trigger": {"schedule": "cron(0 9 ? * MON *)", "timeZone": "Europe/Berlin"},
    "actions": [{"message": "Create the weekly marketing report task"}],
}
"""The automation the banner shows being created."""
INTEGRATION_SOURCE = "demo.crm"
"""The demo integration: a source registered as the INTEGRATION user row `integration:demo.crm`."""
DENIALS_FILE = "iam-denials.jsonl"
"""One JSON line per call a function's role denied (devkit.iam.Denial's fields), in the state directory."""


class MotoServer:
    """moto's server on a loopback port, handling one request at a time.

    moto's backends are not thread-safe: two concurrent conditional writes or transactions on the same items can
    both pass their conditions. Real DynamoDB makes them atomic, and the service relies on that (load counters,
    idempotency records), so the WSGI app runs under one lock and its whole response body is produced inside
    it. The server itself stays threaded, so a slow or idle keep-alive connection cannot stall the others.

    With `strict` rules, DynamoDB requests pass through them first: a transaction's hold happens outside the
    lock, so overlapping requests overlap as they do on DynamoDB, and conflicts are refused as DynamoDB does.
    """

    def __init__(self, port: int, host: str = HOST, strict: StrictRules | None = None) -> None:
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        app = DomainDispatcherApplication(create_backend_app)
        lock = threading.Lock()

        def serialized(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            with lock:
                result = app(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()

        self.strict = strict
        served = serialized if strict is None else StrictWsgi(serialized, strict)
        self._server = make_server(host, port, served, threaded=True, request_handler=MotoRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self._server.server_port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


class Scheduler:
    """Runs Schedule events' functions at their rate (first run shortly after start) in a background thread."""

    def __init__(self, schedules: list[template.Schedule], first_run_s: float = ROLLUP_FIRST_RUN_S) -> None:
        self._jobs = [(schedule, FunctionRuntime(schedule.function, max_environments=1)) for schedule in schedules]
        self._first_run_s = first_run_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)

    def start(self) -> None:
        if self._jobs:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _run(self) -> None:
        due = [time.monotonic() + self._first_run_s] * len(self._jobs)
        while not self._stop.is_set():
            now = time.monotonic()
            for index, (schedule, runtime) in enumerate(self._jobs):
                if now >= due[index]:
                    due[index] = now + schedule.period_s
                    self._fire(schedule, runtime)
            if self._stop.wait(max(0.0, min(due) - time.monotonic())):
                return

    @staticmethod
    def _fire(schedule: template.Schedule, runtime: FunctionRuntime) -> None:
        """One invocation with the event the schedule sends; failures are logged, as a failed scheduled Lambda
        would be, and the schedule goes on."""
        event = scheduled_event(schedule, datetime.now(UTC))
        try:
            runtime.invoke(event)
            log.info("scheduled %s (%s) ran", schedule.function.logical_id, schedule.expression)
        except Exception:
            log.exception("scheduled %s failed", schedule.function.logical_id)


def scheduled_event(schedule: template.Schedule, at: datetime) -> dict[str, Any]:
    """What one run at `at` hands the function: the schedule's own Input with Scheduler's context attributes
    filled in, as AWS fills them (the rollup reads `<aws.scheduler.scheduled-time>`), or else the event an
    EventBridge rule sends."""
    arn = f"arn:aws:scheduler:{cognito.LOCAL_REGION}:123456789012:schedule/default/{schedule.function.logical_id}"
    if schedule.input is not None:
        values = {
            "schedule-arn": arn,
            "scheduled-time": runtime_schedules.scheduled_time(at),
            "execution-id": str(uuid.uuid4()),
            "attempt-number": "1",
        }
        filled: dict[str, Any] = json.loads(runtime_schedules.fill_context(json.dumps(schedule.input), values))
        return filled
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": template.PSEUDO_PARAMETERS["AWS::AccountId"],
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": cognito.LOCAL_REGION,
        "resources": [f"arn:aws:events:{cognito.LOCAL_REGION}:123456789012:rule/{schedule.function.logical_id}"],
        "detail": {},
    }


def local_environment(endpoint: str, table_names: dict[str, str], refs: dict[str, str], path: Path) -> dict[str, str]:
    """The functions' environment as the template's Globals set it, pointed at the local emulator."""
    from taskexec import config

    env = {
        "POWERTOOLS_SERVICE_NAME": "taskexec",
        "POWERTOOLS_METRICS_NAMESPACE": "TaskExecution",
        "STAGE": str(template.parameter_defaults(path).get("Stage", "dev")),
        **{
            config.TABLE_ENV[logical_id]: name
            for logical_id, name in table_names.items()
            if logical_id in config.TABLE_ENV
        },
    }
    env.update(template.function_environment({**table_names, **refs}, {}, path))
    env.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": cognito.LOCAL_REGION,
            "AWS_DEFAULT_REGION": cognito.LOCAL_REGION,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "POWERTOOLS_TRACE_DISABLED": "true",
        }
    )
    return env


def stream_arns(client: Any, table_names: dict[str, str]) -> dict[str, str]:
    """Each streamed table's stream ARN, by table logical id."""
    found = {}
    for logical_id, name in table_names.items():
        arn = client.describe_table(TableName=name)["Table"].get("LatestStreamArn")
        if arn:
            found[logical_id] = arn
    return found


def register_integration(client: Any, table_name: str, source: str) -> None:
    """The INTEGRATION user row of a demo integration source, as PUT /integrations/{source} would register it.

    Written with the low-level client (the attributes `user_store.put_integration` writes): the stores are not
    pointed at the local tables yet when the stack starts."""
    at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    client.put_item(
        TableName=table_name,
        Item={
            "id": {"S": f"integration:{source}"},
            "username": {"S": source},
            "role": {"S": "INTEGRATION"},
            "status": {"S": "ACTIVE"},
            "openTasks": {"N": "0"},
            "createdAt": {"S": at},
            "updatedAt": {"S": at},
        },
        ConditionExpression="attribute_not_exists(id)",
    )


def event_source_driver(
    endpoint: str, made: messaging.Messaging, streams: dict[str, str], path: Path
) -> event_sources.EventSourceDriver:
    """Pollers for every DynamoDB and SQS event of the template's functions, each function run in its own
    emulated environment (a mapping invokes one batch at a time per shard or poller)."""
    sources = template.event_sources(path)
    runtimes = {source.function.logical_id: FunctionRuntime(source.function, max_environments=1) for source in sources}
    pollers = event_sources.build_pollers(
        sources,
        {logical_id: runtime.invoke for logical_id, runtime in runtimes.items()},
        streams=cognito.local_client("dynamodbstreams", endpoint),
        sqs=cognito.local_client("sqs", endpoint),
        stream_arns=streams,
        queue_urls=made.queue_urls,
        queue_arns=made.queue_arns,
    )
    for poller in pollers:
        log.info("%s polls %s (%s)", poller.source.function.logical_id, poller.source.source, poller.source.kind)
    return event_sources.EventSourceDriver(pollers)


class LocalStack:
    """The emulator, tables, user pool, demo users, bus, queues, topics, gateway, scheduler and event source
    mappings, started and stopped together."""

    def __init__(self, api_port: int, aws_port: int, state_dir: Path, path: Path = template.TEMPLATE) -> None:
        self.path = path
        self.state_dir = state_dir
        self.moto = MotoServer(aws_port, strict=StrictRules.from_environment())
        self._api_port = api_port
        self.server: GatewayServer | None = None
        self.scheduler: Scheduler | None = None
        self.runtime_schedules: runtime_schedules.RuntimeSchedules | None = None
        self.event_sources: event_sources.EventSourceDriver | None = None
        self._server_thread: threading.Thread | None = None
        self._rules = ExitStack()
        self.info: dict[str, Any] = {}

    @property
    def stack_file(self) -> Path:
        return self.state_dir / "stack.json"

    def _denied(self, denial: iam.Denial) -> None:
        log.error("IAM would deny %s", denial.describe())
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with (self.state_dir / DENIALS_FILE).open("a", encoding="utf-8") as sink:
            sink.write(json.dumps(denial._asdict()) + "\n")

    def start(self) -> dict[str, Any]:
        """Bring everything up; returns (and writes) what stack.json holds."""
        self.moto.start()
        endpoint = self.moto.endpoint
        table_names = {logical_id: TABLE_PREFIX + logical_id for logical_id in template.table_logical_ids(self.path)}
        names = iam.emulated_refs(table_names, TABLE_PREFIX, cognito.LOCAL_REGION, self.path)
        (self.state_dir / DENIALS_FILE).unlink(missing_ok=True)
        check = iam.IamCheck(names, self.path, on_denial=self._denied)
        self._rules.enter_context(intercepting(aws_limits.intercept))
        self._rules.enter_context(intercepting(check.intercept))
        dynamodb = cognito.local_client("dynamodb", endpoint)
        template.create_tables(dynamodb, table_names, self.path)
        streams = stream_arns(dynamodb, table_names)
        made = messaging.create(
            cognito.local_client("sqs", endpoint),
            cognito.local_client("events", endpoint),
            cognito.local_client("sns", endpoint),
            prefix=TABLE_PREFIX,
            refs={**names, **table_names, **{f"{logical_id}.StreamArn": arn for logical_id, arn in streams.items()}},
            path=self.path,
        )
        scheduler = cognito.local_client("scheduler", endpoint)
        groups = runtime_schedules.create_schedule_groups(scheduler, TABLE_PREFIX, self.path)
        idp = cognito.local_client("cognito-idp", endpoint)
        pool = cognito.create_user_pool(idp, self.path)
        refs = {
            template.single_resource(kind, self.path)[0]: value
            for kind, value in (
                ("AWS::Cognito::UserPool", pool.user_pool_id),
                ("AWS::Cognito::UserPoolClient", pool.client_id),
            )
        }
        refs.update(groups)

        os.environ.pop("AWS_PROFILE", None)  # a named profile would take precedence over the dummy keys
        os.environ.update(local_environment(endpoint, table_names, {**made.refs, **refs}, self.path))
        layer = str(template.ROOT / "layers" / "common" / "python")
        if layer not in sys.path:
            sys.path.insert(0, layer)
        users = cognito.create_demo_users(idp, pool)
        register_integration(dynamodb, table_names["UsersTable"], INTEGRATION_SOURCE)

        routes = template.http_api_routes(self.path)
        verifier = JwtVerifier.for_user_pool(endpoint, pool.user_pool_id, [pool.client_id])
        openapi = openapi_source(template.ROOT / "docs" / "openapi.json", routes)
        proxy = cognito_proxy.CognitoProxy(endpoint, pool.user_pool_id)
        self.server = GatewayServer(Gateway(routes, verifier, openapi, cognito=proxy), self._api_port)
        api_url = f"http://{HOST}:{self.server.port}"
        # The console's page signs in through the gateway's stand-in for the user pool's API (same origin).
        os.environ["CONSOLE_COGNITO_ENDPOINT"] = api_url + cognito_proxy.PATH
        self._server_thread = threading.Thread(target=self.server.serve_forever, name="gateway", daemon=True)
        self._server_thread.start()
        self.scheduler = Scheduler(template.schedules(self.path))
        self.scheduler.start()
        # The schedules automations make at run time: moto stores them, this fires them.
        group_names = [
            groups[logical_id] for logical_id in template.resources(runtime_schedules.SCHEDULE_GROUP, self.path)
        ]
        self.runtime_schedules = runtime_schedules.RuntimeSchedules(
            scheduler, cognito.local_client("sqs", endpoint), group_names
        )
        self.runtime_schedules.start()
        self.event_sources = event_source_driver(endpoint, made, streams, self.path)
        self.event_sources.start()

        self.info = {
            "apiUrl": api_url,
            "consoleUrl": f"{api_url}/console",
            "awsEndpoint": endpoint,
            "region": cognito.LOCAL_REGION,
            "userPoolId": pool.user_pool_id,
            "userPoolClientId": pool.client_id,
            "tables": table_names,
            "demoUsers": cognito.demo_user_dicts(users),
            "eventBusName": made.bus_name,
            "eventsTapQueueUrl": made.tap_queue_url,
            "integrationSource": INTEGRATION_SOURCE,
            "automationRunQueueUrl": made.queue_urls.get("AutomationRunQueue", ""),
            "scheduleGroupNames": group_names,
        }
        if self.moto.strict is not None:
            self.info["dynamodbRules"] = {"mode": "strict", "holdMs": round(self.moto.strict.hold_s * 1000, 3)}
        self.state_dir.mkdir(parents=True, exist_ok=True)
        staging = self.stack_file.with_suffix(".json.tmp")
        staging.write_text(json.dumps(self.info, indent=2) + "\n", encoding="utf-8")
        staging.replace(self.stack_file)  # atomic: whoever waits for the file sees it whole
        return self.info

    def stop(self) -> None:
        """Event sources and scheduler, then gateway, then moto: nothing is left calling a server that is gone."""
        if self.event_sources is not None:
            self.event_sources.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        if self.runtime_schedules is not None:
            self.runtime_schedules.stop()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self._server_thread is not None:
            self._server_thread.join(timeout=10)
        self.moto.stop()
        self._rules.close()
        if self.moto.strict is not None:
            log.info("strict DynamoDB rules saw %s", self.moto.strict.snapshot())
        self.stack_file.unlink(missing_ok=True)  # stack.json describes a running stack only


def banner(info: dict[str, Any]) -> str:
    """What a new user needs on screen: the URL, who can sign in, how to get a token, one request to try."""
    first = next(
        (u for u in info["demoUsers"] if u["role"] == "ADMIN" and u["status"] == "ACTIVE"), info["demoUsers"][0]
    )
    lines = [
        "",
        f"Task execution service running locally at {info['apiUrl']}",
        f"  AWS services (moto) at {info['awsEndpoint']}, user pool {info['userPoolId']}",
        "",
        "Demo users (password for all: " + first["password"] + "):",
        *(f"  {u['username']:<24} {u['role']:<12} {u['status']}" for u in info["demoUsers"]),
        "",
        "Token for a user:   make token USER=" + first["username"],
        "Try it:",
        f"  TOKEN=$(make -s token USER={first['username']})",
        f'  curl -s -X POST {info["apiUrl"]}/ai/execute -H "Authorization: Bearer $TOKEN" \\',
        "       -H 'content-type: application/json' \\",
        '       -d \'{"message": "Create a campaign for the spring sale by Friday"}\'',
        f'  curl -s "{info["apiUrl"]}/tasks?scope=created" -H "Authorization: Bearer $TOKEN"',
        "An automation (a weekly report task, Mondays 09:00 Berlin time; docs/automations.md has more):",
        f'  curl -s -X POST {info["apiUrl"]}/automations -H "Authorization: Bearer $TOKEN" \\',
        "       -H 'content-type: application/json' \\",
        f"       -d '{json.dumps(EXAMPLE_AUTOMATION)}'",
        f"Console:            {info['consoleUrl']} (sign in as any demo user)",
        f"OpenAPI document:   {info['apiUrl']}/openapi.json",
        f"Swagger UI:         {info['apiUrl']}/docs (Authorize with a token from make token)",
        *event_lines(info),
        "Stop with Ctrl-C.",
        "",
    ]
    return "\n".join(lines)


def event_lines(info: dict[str, Any]) -> list[str]:
    """How to trigger a task as the demo integration would, and how to watch the bus."""
    if not info.get("eventBusName"):
        return []
    aws = f"aws --endpoint-url {info['awsEndpoint']} --region {info['region']}"
    detail = json.dumps({"message": "Create a campaign for the spring sale by Friday", "correlationId": "demo-1"})
    entry = {"EventBusName": info["eventBusName"], "Source": info["integrationSource"], "DetailType": "TaskRequested"}
    entries = json.dumps([{**entry, "Detail": detail}])
    boto3_entry = repr(entry)[:-1] + ", 'Detail': json.dumps({'message': '...', 'correlationId': 'demo-1'})}"
    return [
        "",
        f"Events: bus {info['eventBusName']}, demo integration source {info['integrationSource']}.",
        "  Request a task as the integration (any credentials do locally):",
        "  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local",
        f"  {aws} events put-events --entries '{entries}'",
        "  or with boto3:",
        f"  boto3.client('events', endpoint_url='{info['awsEndpoint']}', region_name='{info['region']}')"
        f".put_events(Entries=[{boto3_entry}])",
        "  Every event on the bus (TaskRequestSucceeded / TaskRequestRejected, domain events) lands in the tap:",
        f"  {aws} sqs receive-message --queue-url {info['eventsTapQueueUrl']} --max-number-of-messages 10",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--template", type=Path, default=template.TEMPLATE, help="the SAM template to run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # moto's per-request access log and the SDKs' set-up chatter would bury the banner and the handlers' logs.
    for noisy in ("werkzeug", "botocore", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    stopping = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    stack = LocalStack(
        api_port=int(os.environ.get("LOCAL_API_PORT", DEFAULT_API_PORT)),
        aws_port=int(os.environ.get("LOCAL_AWS_PORT", DEFAULT_AWS_PORT)),
        state_dir=Path(os.environ.get("LOCAL_STATE_DIR", template.ROOT / ".local")),
        path=args.template.resolve(),
    )
    try:
        info = stack.start()
        print(banner(info), flush=True)
        while not stopping.wait(1.0):
            pass
        log.info("stopping")
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
