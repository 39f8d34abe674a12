"""`aigak user add|list|role|disable|enable|reset` and `aigak serve --help`, run as a user would."""

from __future__ import annotations

import json

import pytest

from aigak.store.audit import audit_history
from aigak.store.engine import open_store
from aigak.store.users import authenticate

PASSWORD = "a long enough password"


def _users(run_cli) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    result = run_cli("user", "list", "--json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_first_admin_is_created_from_a_piped_password(run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("user", "add", "ana", "--role", "admin", "--password-stdin", stdin=f"{PASSWORD}\n".encode())
    assert result.code == 0, result.stderr
    assert "Created ana (admin)" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert [(u["username"], u["role"], u["active"]) for u in _users(run_cli)] == [("ana", "admin", True)]
    store = open_store(sqlite_url)
    with store.transaction() as conn:
        assert authenticate(conn, "ana", PASSWORD) is not None
        assert [(r.action, r.target) for r in audit_history(conn, "user:ana")] == [("user_add", "user:ana")]
    store.close()


def test_new_accounts_are_viewers_unless_told(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("user", "add", "bo", "--password-stdin", stdin=f"{PASSWORD}\n".encode()).code == 0
    assert _users(run_cli)[0]["role"] == "viewer"


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["user", "add", "ana", "--password-stdin"], b"short\n", "too short"),
    (["user", "add", "ana", "--password-stdin"], b"", "No password on standard input"),
    (["user", "add", "ana"], b"", "not a terminal"),
    (["user", "add", "ana", "--role", "owner", "--password-stdin"], PASSWORD.encode(), "owner"),
    (["user", "disable", "nobody"], b"", "No user named 'nobody'"),
    (["user", "reset", "nobody", "--password-stdin"], PASSWORD.encode(), "No user named 'nobody'"),
], ids=["short-password", "empty-stdin", "no-terminal", "unknown-role", "disable-missing", "reset-missing"])
def test_user_command_errors_say_what_to_do(run_cli, args: list[str], stdin: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(*args, stdin=stdin)
    assert result.code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_user_is_refused(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("user", "add", "ana", "--password-stdin", stdin=f"{PASSWORD}\n".encode()).code == 0
    result = run_cli("user", "add", "ana", "--password-stdin", stdin=f"{PASSWORD}\n".encode())
    assert result.code == 1 and "exists already" in result.stderr


def test_disable_enable_and_reset(run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("user", "add", "cy", "--role", "editor", "--password-stdin", stdin=f"{PASSWORD}\n".encode()).code == 0
    assert run_cli("user", "disable", "cy").code == 0
    assert _users(run_cli)[0]["active"] is False
    store = open_store(sqlite_url)
    with store.transaction() as conn:
        assert authenticate(conn, "cy", PASSWORD) is None
    assert run_cli("user", "enable", "cy").code == 0
    result = run_cli("user", "reset", "cy", "--password-stdin", stdin=b"a brand new password\n")
    assert result.code == 0 and "New password set for cy" in result.stdout
    with store.transaction() as conn:
        assert authenticate(conn, "cy", "a brand new password") is not None
        assert authenticate(conn, "cy", PASSWORD) is None
        actions = [r.action for r in audit_history(conn, "user:cy")]
    assert actions == ["user_reset", "user_enable", "user_disable", "user_add"]
    store.close()


def test_role_change_is_audited_and_the_last_admin_is_kept(run_cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    for name, role in (("ana", "admin"), ("cy", "viewer")):
        assert run_cli("user", "add", name, "--role", role, "--password-stdin", stdin=f"{PASSWORD}\n".encode()).code == 0
    result = run_cli("user", "role", "cy", "editor")
    assert result.code == 0 and "cy is now editor (was viewer)" in result.stdout
    refused = run_cli("user", "role", "ana", "viewer")
    assert refused.code != 0 and "only active admin" in refused.stderr and "Traceback" not in refused.stderr
    assert run_cli("user", "role", "cy", "admin").code == 0
    assert run_cli("user", "role", "ana", "viewer").code == 0  # another admin exists now
    assert {u["username"]: u["role"] for u in _users(run_cli)} == {"ana": "viewer", "cy": "admin"}
    store = open_store(sqlite_url)
    with store.read() as conn:
        changes = [(r.before, r.after) for r in audit_history(conn, "user:cy") if r.action == "user_role"]
    store.close()
    assert changes == [({"role": "editor"}, {"role": "admin"}), ({"role": "viewer"}, {"role": "editor"})]


def test_user_list_table(run_cli) -> None:  # type: ignore[no-untyped-def]
    run_cli("user", "add", "dana", "--role", "editor", "--password-stdin", stdin=f"{PASSWORD}\n".encode())
    result = run_cli("user", "list")
    assert result.code == 0 and "dana" in result.stdout and "editor" in result.stdout and "active" in result.stdout


@pytest.mark.parametrize("command", [["user", "--help"], ["user", "add", "--help"], ["serve", "--help"]],
                         ids=["user", "user-add", "serve"])
def test_commands_have_help(run_cli, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(*command)
    assert result.code == 0 and "Usage" in result.stdout


def test_serve_defaults_to_loopback(run_cli) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(run_cli("serve", "--help").stdout.split())
    assert "127.0.0.1" in text and "--public" in text and "--port" in text


def test_serve_answers_on_loopback_and_stops_on_interrupt(sqlite_url: str) -> None:
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "AIGAK_DATABASE_URL": sqlite_url, "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "aigak", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and "Sign in" in response.text
        assert httpx.get(f"http://127.0.0.1:{port}/sources").status_code == 303
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert "127.0.0.1" in out.decode()
    assert "No accounts yet" in err.decode()
