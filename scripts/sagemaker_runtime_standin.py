#!/usr/bin/env python3
"""A stand-in for SageMaker's runtime front end, for testing the container
without AWS.

It answers ``POST /endpoints/{name}/invocations`` (what the
``sagemaker-runtime`` client's ``invoke_endpoint`` sends) by forwarding the
body with its ``Content-Type`` and ``Accept`` to the container's
``POST /invocations`` and returning the container's answer, the way the real
front end does:

* a 2xx answer comes back as 200 with the container's body and content type
  and the ``x-Amzn-Invoked-Production-Variant`` header;
* a 4xx/5xx answer comes back as **424 ModelError**
  (``x-amzn-ErrorType: ModelError``, a JSON body with ``Message``,
  ``OriginalStatusCode``, ``OriginalMessage`` and ``LogStreamArn``: the
  members of botocore's ``ModelError`` shape), which boto3 raises as
  ``client.exceptions.ModelError``;
* an unknown endpoint name is a 400 ``ValidationError``, a container that
  cannot be reached a 503 ``ServiceUnavailable``.

Requests are not signature-checked: any credentials do.

    python3 scripts/sagemaker_runtime_standin.py --container http://127.0.0.1:8080 --port 8081

then, in Python::

    boto3.client("sagemaker-runtime", endpoint_url="http://127.0.0.1:8081",
                 region_name="us-east-1", aws_access_key_id="x",
                 aws_secret_access_key="x").invoke_endpoint(
        EndpointName="nayose", Body=b'{"clients": [{"name": "..."}]}',
        ContentType="application/json", Accept="application/json")
"""

from __future__ import annotations

import argparse
import http.server
import json
import re
import sys
import urllib.error
import urllib.request
import uuid

INVOCATIONS = re.compile(r"^/endpoints/(?P<name>[^/]+)/invocations/?$")
# SageMaker's limits: 6 MB of payload, 60 s for the container to answer.
MAX_PAYLOAD = 6 * 1024 * 1024
CONTAINER_TIMEOUT = 60.0
VARIANT = "AllTraffic"
REGION = "us-east-1"
ACCOUNT = "000000000000"


class Handler(http.server.BaseHTTPRequestHandler):
    """One request of the front end."""

    server: StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        sys.stderr.write("standin: " + (format % args) + "\n")

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, error_type: str, message: str, **members: object) -> None:
        body = json.dumps({"ErrorCode": error_type, "Message": message, **members}).encode()
        self._send(
            status,
            body,
            {"Content-Type": "application/json", "x-amzn-ErrorType": error_type},
        )

    def do_GET(self) -> None:  # noqa: N802
        self._error(404, "UnknownOperationException", f"no operation at GET {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        match = INVOCATIONS.match(self.path.split("?", 1)[0])
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if match is None:
            self._error(404, "UnknownOperationException", f"no operation at POST {self.path}")
            return
        name = urllib.request.unquote(match["name"])
        if self.server.endpoint_name is not None and name != self.server.endpoint_name:
            self._error(
                400,
                "ValidationError",
                f"Endpoint {name} of account {ACCOUNT} not found.",
            )
            return
        if length > MAX_PAYLOAD:
            self._error(400, "ValidationError", "Request payload is larger than 6 MB.")
            return

        headers = {}
        for key in ("Content-Type", "Accept", "X-Amzn-SageMaker-Custom-Attributes"):
            if self.headers.get(key):
                headers[key] = self.headers[key]
        request = urllib.request.Request(
            self.server.container + "/invocations", data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=CONTAINER_TIMEOUT) as answer:
                payload = answer.read()
                out = {
                    "Content-Type": answer.headers.get("Content-Type", "application/octet-stream"),
                    "x-Amzn-Invoked-Production-Variant": VARIANT,
                }
                if answer.headers.get("X-Amzn-SageMaker-Custom-Attributes"):
                    out["X-Amzn-SageMaker-Custom-Attributes"] = answer.headers[
                        "X-Amzn-SageMaker-Custom-Attributes"
                    ]
                self._send(200, payload, out)
        except urllib.error.HTTPError as error:
            original = error.read().decode("utf-8", "replace")
            kind = "client" if error.code < 500 else "server"
            self._error(
                424,
                "ModelError",
                f'Received {kind} error ({error.code}) from primary with message "{original}". '
                f"See https://{REGION}.console.aws.amazon.com/cloudwatch/home?region={REGION}"
                f"#logEventViewer:group=/aws/sagemaker/Endpoints/{name} in account {ACCOUNT} "
                "for more information.",
                OriginalStatusCode=error.code,
                OriginalMessage=original,
                LogStreamArn=(
                    f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/sagemaker/Endpoints/{name}"
                ),
            )
        except (urllib.error.URLError, OSError) as error:
            self._error(503, "ServiceUnavailable", f"the container cannot be reached: {error}")


class StandIn(http.server.ThreadingHTTPServer):
    """The front end: forwards to one container."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], container: str, endpoint_name: str | None):
        super().__init__(address, Handler)
        self.container = container.rstrip("/")
        self.endpoint_name = endpoint_name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--container", required=True, help="the container's base URL")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument(
        "--endpoint-name", default=None, help="the only endpoint name accepted (default: any)"
    )
    args = parser.parse_args()
    server = StandIn((args.host, args.port), args.container, args.endpoint_name)
    print(f"standin: listening on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
