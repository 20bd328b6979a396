import pytest

from auditor.checks.commons import CommonsCheck
from auditor.checks.consent import ConsentCheck
from auditor.checks.network_options import network_check_options
from auditor.errors import ConfigError


def test_nothing_asked_nothing_added():
    assert network_check_options() == ([], {})


def test_flags_become_check_options(tmp_path):
    names, opts = network_check_options(consent=True, commons=True, commons_api="http://127.0.0.1:9/w/api.php",
                                        fail_closed=True, allow_private_network=True, cache_dir=tmp_path,
                                        user_agent_contact="data-team@example.org")
    assert names == ["consent", "commons"]
    consent = ConsentCheck(opts["consent"]).options
    commons = CommonsCheck(opts["commons"]).options
    assert consent.fail_closed and consent.net.allow_private_network and consent.cache_dir == str(tmp_path)
    assert "contact: data-team@example.org" in consent.net.user_agent
    assert commons.api_url == "http://127.0.0.1:9/w/api.php" and commons.net.per_host_concurrency == 1


def test_bad_values_fail_early_naming_the_flag():
    with pytest.raises(ConfigError) as err:
        network_check_options(consent=True, cache_ttl=-1)
    assert err.value.column == "--cache-ttl" and "consent option" in str(err.value)
