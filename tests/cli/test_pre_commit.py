"""Real pre-commit, in a throwaway git repository, with the configuration the README shows.

Nothing is downloaded: the README's `repo: local` hooks run the kzfacts of this environment.
The published hooks' manifest and the README's remote configuration are validated by
pre-commit itself, and the remote configuration's `rev` must name a commit whose manifest
has the hooks it uses.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT, SEEDS

pytestmark = pytest.mark.sqlite_only
BIN = Path(sys.executable).parent
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def readme_configs() -> list[str]:
    """The .pre-commit-config.yaml blocks of the README's pre-commit section."""
    section = README[README.index("### pre-commit") : README.index("## What kzfacts refuses")]
    return re.findall(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", section, re.S)


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False, env=ENV
    )


ENV = {
    **os.environ,
    "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    "GIT_AUTHOR_NAME": "Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def test_the_published_manifest_and_the_readme_configs_are_valid(tmp_path: Path) -> None:
    pre_commit = str(BIN / "pre-commit")
    env = {**ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    manifest = subprocess.run(
        [pre_commit, "validate-manifest", str(PROJECT / ".pre-commit-hooks.yaml")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    configs = readme_configs()
    assert len(configs) == 2
    for number, config in enumerate(configs):
        path = tmp_path / f"config-{number}.yaml"
        path.write_text(config, encoding="utf-8")
        checked = subprocess.run(
            [pre_commit, "validate-config", str(path)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_readme_rev_names_a_commit_with_the_hooks_it_uses() -> None:
    if not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout: the rev cannot be looked up")
    remote = yaml.safe_load(readme_configs()[0])["repos"][0]
    rev, ids = remote["rev"], [hook["id"] for hook in remote["hooks"]]
    shown = git(PROJECT, "show", f"{rev}:.pre-commit-hooks.yaml")
    shallow = git(PROJECT, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    if shown.returncode != 0 and shallow:
        pytest.skip("a shallow clone does not hold the rev")
    assert shown.returncode == 0, f"rev {rev} is not a commit of this repository"
    published = {hook["id"] for hook in yaml.safe_load(shown.stdout)}
    assert set(ids) <= published
    manifest = (PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    current = {hook["id"] for hook in yaml.safe_load(manifest)}
    assert published <= current


UNCITED = "# Note\n\nEvgeniy Zhovtis was sentenced to four years' imprisonment in 2009.\n"
CITED = (
    "# Note\n\nEvgeniy Zhovtis was sentenced to four years' imprisonment in 2009 "
    "[@zhovtis-sentence-length-2009].\n"
)


def test_pre_commit_blocks_uncited_figures_and_edited_sources(tmp_path: Path) -> None:
    repo = tmp_path / "notes"
    repo.mkdir()
    shutil.copytree(SEEDS, repo / "seeds")
    (repo / "drafts").mkdir()
    (repo / ".pre-commit-config.yaml").write_text(readme_configs()[1], encoding="utf-8")
    (repo / ".gitignore").write_text("kzfacts.db*\n", encoding="utf-8")
    env = {k: v for k, v in ENV.items() if k not in ("KZFACTS_DB", "KZFACTS_ROOT")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "cache")
    assert git(repo, "init", "-q", "-b", "main").returncode == 0
    installed = subprocess.run(
        [str(BIN / "pre-commit"), "install"], cwd=repo, capture_output=True, text=True,
        env=env, check=False,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr

    def commit(message: str) -> tuple[int, str]:
        """git commit's exit code and what the hooks printed."""
        assert git(repo, "add", "-A").returncode == 0
        done = subprocess.run(
            ["git", "commit", "-q", "-m", message], cwd=repo, capture_output=True, text=True,
            env=env, check=False,
        )  # fmt: skip
        return done.returncode, done.stdout + done.stderr

    # The seeds as shipped: the fresh audit passes (no draft changed, so no check runs).
    code, output = commit("seeds")
    assert code == 0, output

    # The drafts hook needs the database; without it, one line says how to make it.
    (repo / "drafts" / "note.md").write_text(CITED, encoding="utf-8")
    code, output = commit("a cited draft, but no database")
    assert code != 0
    assert (
        "kzfacts: no database at kzfacts.db to check the drafts against: create it with "
        "`kzfacts init && kzfacts load FOLDER` (or set KZFACTS_DB to yours)\n"
    ) in output.replace(str(repo) + os.sep, "")
    for command in (["init"], ["load", "seeds"]):
        made = subprocess.run(
            [str(BIN / "kzfacts"), *command], cwd=repo, capture_output=True, text=True, env=env,
            check=False,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr

    (repo / "drafts" / "note.md").write_text(UNCITED, encoding="utf-8")
    code, output = commit("an uncited figure")
    assert code != 0
    assert (
        "error   unsourced-claim      3:34: claim 'four years' cites no fact: cite the fact "
        "that states it, e.g. [@zhovtis-sentence-length-2009]"
    ) in output
    assert re.search(r"kzfacts check \(drafts\)\.+Failed", output)
    assert git(repo, "log", "--oneline").stdout.count("\n") == 1

    (repo / "drafts" / "note.md").write_text(CITED, encoding="utf-8")
    code, output = commit("the figure cites its fact")
    assert code == 0, output
    assert git(repo, "log", "--oneline").stdout.count("\n") == 2

    letter = next((repo / "seeds").glob("000_*.txt"))
    letter.write_text(
        letter.read_text(encoding="utf-8").replace("four years'", "three years'"),
        encoding="utf-8",
    )
    code, output = commit("an edited source text")
    assert code != 0
    assert re.search(r"kzfacts audit \(fresh database\)\.+Failed", output)
    assert (
        "('zhovtis-sentence-length-2009'): quote-altered: the quote differs from the source "
        "in protected words: 'four' → source 'three' (number)"
    ) in output
    assert git(repo, "log", "--oneline").stdout.count("\n") == 2
