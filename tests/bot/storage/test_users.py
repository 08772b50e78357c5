from bot.storage import UserStore


def test_touch_creates_a_user_then_updates_last_seen(database):
    store = UserStore(database)
    store.touch("tg:1", "tg", "김대리")
    first = store.get("tg:1")
    store.touch("tg:1", "tg", None)
    again = store.get("tg:1")
    assert (again.channel, again.display_name) == ("tg", "김대리")
    assert again.created_at == first.created_at and again.last_seen_at >= first.last_seen_at
    store.touch("tg:1", "tg", "김과장")
    assert store.get("tg:1").display_name == "김과장"


def test_unknown_users_and_deletion(database):
    store = UserStore(database)
    assert store.get("tg:404") is None
    store.touch("console:local", "console", "🙂" * 300)
    store.delete_user_data("console:local")
    assert store.get("console:local") is None
