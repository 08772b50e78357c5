import pytest

from bot.storage import CompanyProfile, ProfileStore


def test_no_profile_until_something_is_saved(database):
    assert ProfileStore(database).get("tg:1") is None


def test_save_updates_only_the_fields_given(database):
    store = ProfileStore(database)
    store.save("tg:1", industry="자동차 부품", region="경기")
    first = store.get("tg:1")
    saved = store.save("tg:1", employees=45, complex_name="반월국가산업단지")
    assert saved == store.get("tg:1")
    assert (saved.industry, saved.region, saved.employees, saved.complex_name) == ("자동차 부품", "경기", 45, "반월국가산업단지")
    assert saved.company_name is None and saved.updated_at >= first.updated_at


def test_none_or_blank_clears_a_field_and_text_is_trimmed(database):
    store = ProfileStore(database)
    store.save("tg:1", company_name="  한빛정밀  ", interest="불량 검사 자동화", employees=10)
    profile = store.save("tg:1", interest="   ", employees=None)
    assert (profile.company_name, profile.interest, profile.employees) == ("한빛정밀", None, None)


def test_unknown_fields_and_impossible_employee_counts_are_refused(database):
    store = ProfileStore(database)
    with pytest.raises(TypeError):
        store.save("tg:1", phone="010-1234-5678")
    for bad in (-1, 10**12, "50명", 3.5, True):
        with pytest.raises(ValueError):
            store.save("tg:1", employees=bad)
    assert store.get("tg:1") is None


def test_any_text_is_stored_as_given(database):
    store = ProfileStore(database)
    odd = {"company_name": "🙂" * 100, "industry": "Automotive parts", "region": "上海", "interest": "가" * 12_000}
    assert {k: getattr(store.save("tg:1", **odd), k) for k in odd} == odd


def test_delete_removes_only_that_users_profile(database):
    store = ProfileStore(database)
    store.save("tg:1", region="울산")
    store.save("tg:2", region="창원")
    store.delete("tg:1")
    store.delete_user_data("tg:nobody")
    assert store.get("tg:1") is None and store.get("tg:2").region == "창원"


def test_the_profile_is_a_frozen_value():
    with pytest.raises(AttributeError):
        CompanyProfile().region = "부산"
