from bot.storage import UnansweredLog


def test_open_items_come_newest_first_and_resolving_closes_one(database):
    log = UnansweredLog(database)
    first = log.record("tg:1", "로봇 임대도 지원돼요?", "low_confidence", 0.21)
    second = log.record("tg:2", "주식 추천해 주세요", "out_of_scope", 0.0)
    assert [item.id for item in log.open_items(10)] == [second, first]
    assert log.resolve(first)
    assert not log.resolve(first) and not log.resolve(999_999)
    items = log.open_items(10)
    assert [(item.question, item.reason, item.status) for item in items] == [("주식 추천해 주세요", "out_of_scope", "open")]
    assert items[0].created_at.tzinfo is not None


def test_limits_and_odd_inputs(database):
    log = UnansweredLog(database)
    for text in ("", "x" * 20_000, "😀😀", "What is AX?"):
        log.record("tg:1", text, "low_confidence", float("inf"))
    assert len(log.open_items(2)) == 2 and log.open_items(0) == [] and log.open_items(-1) == []
    assert all(item.confidence is None for item in log.open_items(10))


def test_deleting_a_users_data_keeps_other_users_items(database):
    log = UnansweredLog(database)
    log.record("tg:1", "q1", "low_confidence", 0.1)
    log.record("tg:2", "q2", "low_confidence", 0.1)
    log.delete_user_data("tg:1")
    assert [item.user_id for item in log.open_items(10)] == ["tg:2"]


def test_the_same_question_asked_again_is_one_group_and_the_most_asked_comes_first(database):
    log = UnansweredLog(database)
    once = log.record("tg:1", "주식 추천해 주세요", "out_of_scope", 0.0)
    first = log.record("tg:2", "카라반 숙박 지원돼요?", "low_confidence", 0.3)
    again = log.record("tg:3", "카라반 숙박 지원 돼요", "thumbs_down", 0.8)
    groups = log.open_groups()
    assert [group.ids for group in groups] == [(again, first), (once,)]
    assert groups[0].question == "카라반 숙박 지원 돼요" and groups[0].reasons == ("thumbs_down", "low_confidence")
    assert log.open_groups(limit=1) == groups[:1] and log.open_groups(limit=0) == []


def test_resolving_one_item_closes_the_questions_asked_the_same_way_only(database):
    log = UnansweredLog(database)
    first = log.record("tg:1", "카라반 숙박 지원돼요?", "low_confidence", 0.3)
    again = log.record("tg:2", "카라반 숙박 지원 돼요", "thumbs_down", 0.8)
    other = log.record("tg:3", "주식 추천", "out_of_scope", 0.0)
    assert log.resolve_group(first) == (again, first)
    assert log.resolve_group(first) == () and [item.id for item in log.open_items()] == [other]
