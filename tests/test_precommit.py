"""The pre-commit hook this repository publishes runs gio-lint on a fixture repository.

pre-commit installs gio-lint from this repository's last commit into an environment of
its own, as a user's pre-commit does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_2019, EXAMPLE_2021, ROOT, full_only


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs this repository's git history")
@full_only
def test_the_hook_runs_on_a_fixture_repository(tmp_path: Path) -> None:
    repo = tmp_path / "drafts"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    shutil.copy(EXAMPLE_2021, repo / "clean.txt")
    shutil.copy(EXAMPLE_2019, repo / "draft.txt")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "gio-lint", "--files"]
    clean = subprocess.run([*command, "clean.txt"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    draft = subprocess.run([*command, "draft.txt"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert draft.returncode == 1
    assert "draft.txt:27:1: T002 表二 第二十条第（一）项缺少「规章」行" in draft.stdout
    # a name in capitals is a report too
    shutil.copy(EXAMPLE_2019, repo / "DRAFT.TXT")
    _git(repo, "add", ".")
    upper = subprocess.run([*command, "DRAFT.TXT"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert upper.returncode == 1 and "DRAFT.TXT:27:1: T002" in upper.stdout
