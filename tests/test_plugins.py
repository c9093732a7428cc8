"""Plugin discovery: entry points, LOKET_PLUGINS, core defaults, and a third-party plugin taking effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from loket.core.errors import ConfigurationError
from loket.core.plugins import DEFAULT_PLUGINS, enabled_plugin_names, get_plugin_manager
from loket.core.settings import Settings
from tests.plugins.installation import installed_plugin

BUNDLED = ["helpus", "kemsos", "spse"]


@pytest.fixture
def sample_installed(tmp_path: Path):
    with installed_plugin(tmp_path / "site", name="sample", module="tests.plugins.loket_sample_desk"):
        yield


def test_bundled_plugins_are_found_through_their_entry_points():
    pm = get_plugin_manager(Settings(plugins="all"))
    assert enabled_plugin_names(pm) == BUNDLED
    for name in BUNDLED:
        assert pm.get_plugin(name).__name__ == f"loket.plugins.{name}"


def test_core_defaults_are_registered_like_plugins():
    pm = get_plugin_manager(Settings(plugins="none"))
    assert enabled_plugin_names(pm) == []
    assert [name for name, _ in pm.list_name_plugin()] == list(DEFAULT_PLUGINS)


def test_loket_plugins_enables_only_the_named_plugins():
    pm = get_plugin_manager(Settings(plugins="kemsos, spse"))
    assert enabled_plugin_names(pm) == ["kemsos", "spse"]


def test_unknown_plugin_name_is_a_clear_configuration_error():
    with pytest.raises(ConfigurationError) as raised:
        get_plugin_manager(Settings(plugins="spse,bogus"))
    assert str(raised.value) == "LOKET_PLUGINS names unknown plugin(s): bogus (installed: helpus, kemsos, spse)"


def test_an_installed_third_party_plugin_is_discovered(sample_installed):
    pm = get_plugin_manager(Settings(plugins="all"))
    assert "sample" in enabled_plugin_names(pm)
    assert get_plugin_manager(Settings(plugins="spse")).get_plugin("sample") is None


def test_each_test_gets_a_fresh_plugin_manager():
    first, second = get_plugin_manager(Settings()), get_plugin_manager(Settings())
    assert first is not second
    assert first.hook.register_desks is not second.hook.register_desks


class TestThirdPartyPluginTakesEffect:
    """The sample plugin, enabled by LOKET_PLUGINS like any institution's, changes what GraphQL answers."""

    @pytest.fixture
    def settings(self, settings: Settings, sample_installed) -> Settings:
        return settings.model_copy(update={"plugins": "sample"})

    @pytest.fixture
    def plugins(self):
        return []

    async def test_its_desk_and_teams_are_served(self, client):
        desks = (await client.execute("{ desks { slug name language teams { slug tier } } }")).ok()["desks"]
        assert desks == [{"slug": "sample", "name": "Sample Institution Desk", "language": "en",
                          "teams": [{"slug": "first-line", "tier": 1}, {"slug": "experts", "tier": 2}]}]

    async def test_its_identity_provider_signs_users_in_and_creates_them_once(self, client):
        login = """mutation($c: String!) { loginExternal(input: {provider: "sample-sso", credential: $c}) {
                     token user { email displayName } } }"""
        first = (await client.execute(login, {"c": "ok:Siti@Bappenas.go.id:Siti Aminah"})).ok()["loginExternal"]
        assert first["user"] == {"email": "siti@bappenas.go.id", "displayName": "Siti Aminah"}
        me = (await client.execute("{ me { id email } }", token=first["token"])).ok()["me"]
        again = (await client.execute(login, {"c": "ok:siti@bappenas.go.id:Siti A."})).ok()["loginExternal"]
        me_again = (await client.execute("{ me { id displayName } }", token=again["token"])).ok()["me"]
        assert me_again == {"id": me["id"], "displayName": "Siti A."}, "the same person, name refreshed"

    async def test_a_refused_credential_gets_the_plugins_own_message(self, client):
        response = await client.execute(
            'mutation { loginExternal(input: {provider: "sample-sso", credential: "forged"}) { token } }',
            language="en")
        assert response.error_codes == ["SAMPLE_SSO_REFUSED"]
        assert response.errors[0]["message"] == "Sample SSO says no: bad credential"
        assert response.errors[0]["extensions"]["field"] == "input.credential"

    async def test_a_provider_no_plugin_knows_is_refused(self, client):
        response = await client.execute(
            'mutation { loginExternal(input: {provider: "nope", credential: "x"}) { token } }')
        assert response.error_codes == ["UNKNOWN_PROVIDER"]
        assert "'nope'" in response.errors[0]["message"]
