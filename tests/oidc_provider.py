"""A real OpenID Connect provider for tests: npm oidc-provider 8.x run by Node (tests/oidc/provider.mjs)."""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

PROVIDER_SCRIPT = Path(__file__).parent / "oidc" / "provider.mjs"
ACCOUNTS = json.loads((Path(__file__).parent / "oidc" / "accounts.json").read_text(encoding="utf-8"))
STARTUP_SECONDS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_provider(*, client: dict) -> tuple[subprocess.Popen, str]:
    """Start one provider with one registered client; return the process and its issuer once it answers."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node is needed for the OpenID Connect provider of the tests (tests/oidc/provider.mjs)")
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [node, str(PROVIDER_SCRIPT)],
        env={**os.environ, "OIDC_PORT": str(port), "OIDC_CLIENT": json.dumps(client)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the OpenID Connect provider stopped: {process.stderr.read() if process.stderr else ''}")
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                return process, issuer
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"the OpenID Connect provider did not answer on {issuer} within {STARTUP_SECONDS} s")


def stop_provider(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
