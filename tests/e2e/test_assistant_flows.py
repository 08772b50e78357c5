"""A booking in progress meets the rest of the conversation: the core, on the shipped knowledge."""

from bot import actions, texts
from bot.conversation import Incoming, Reply
from tests.e2e.core_user import CoreUser


class Manager(CoreUser):
    """A company manager talking to the core."""

    def at_topic_step(self) -> list[Reply]:
        self.say("상담 예약하고 싶어요")
        self.press("bk:ok")
        return self.press("bk:t:program")


def asks_for_a_day(replies: list[Reply]) -> bool:
    return any(b.action.startswith("bk:d:") for reply in replies for b in reply.buttons)


def test_start_mid_booking_sets_the_booking_aside_and_the_next_question_is_answered(make_assistant):
    user = Manager(make_assistant(), "tg:40")
    user.at_topic_step()
    user.press("bk:p:0")
    transcript = [line.text for line in user.assistant._stores.transcript.recent("tg:40", 20)]
    assert texts.TRANSCRIPT_BUTTON.format(label=texts.BOOKING_BUTTON_AGREE) in transcript  # a label, not "bk:ok"
    [welcome] = user.command("start")
    assert welcome.text.startswith(texts.BOOKING_SET_ASIDE) and texts.ASSISTANT_WELCOME in welcome.text
    [answer] = user.say("AX 실증산단 예산은 얼마예요?")
    assert answer.intent == "program_question" and "2,000억" in answer.text


def test_the_vendors_button_mid_booking_takes_the_next_message_as_the_need(make_assistant):
    user = Manager(make_assistant(), "tg:41")
    user.at_topic_step()
    user.press("bk:p:0")
    assert asks_for_a_day(user.last)
    [prompt] = user._turn(Incoming("tg:41", action=actions.VENDORS))
    assert prompt.text.startswith(texts.BOOKING_SET_ASIDE)
    user.say("창원 자동차부품 공장이에요")
    replies = user.say("용접 불량을 자동으로 잡고 싶어요")
    assert replies[0].intent == "vendor_request" and replies[0].vendors and not asks_for_a_day(replies)


def test_asking_for_a_consultant_mid_booking_hands_off_instead_of_taking_it_as_a_name(make_assistant):
    user = Manager(make_assistant(), "tg:42")
    user.at_topic_step()
    replies = user.say("상담원 연결해 주세요")
    assert replies[0].text.startswith(texts.BOOKING_SET_ASIDE) and replies[-1].intent != "booking"
    assert not asks_for_a_day(replies)


def test_a_question_without_a_question_mark_at_the_topic_step_is_answered_not_taken_as_the_topic(make_assistant):
    user = Manager(make_assistant(), "tg:43")
    user.at_topic_step()
    replies = user.say("근데 실증산단 예산 얼마에요")
    assert "2,000억" in replies[0].text and texts.BOOKING_RESUME in replies[-1].text
    assert not {actions.BOOK, actions.ASK} & {b.action for b in replies[0].buttons}  # start over / take a name as a question
    assert any(b.action == "bk:p:0" for b in replies[-1].buttons)  # the topic is asked again
    replies = user.say("어떤 로봇 업체가 맞을지 상담받고 싶어요")  # a topic, though it names vendors
    assert asks_for_a_day(replies)


def test_cancel_mid_booking_ends_it_and_every_ending_offers_the_menu(make_assistant):
    user = Manager(make_assistant(), "tg:44")
    user.at_topic_step()
    [cancelled] = user.command("cancel")
    assert cancelled.text == texts.BOOKING_FLOW_CANCELLED
    assert [b.action for b in cancelled.buttons] == [actions.ASK, actions.VENDORS, actions.BOOK, actions.HUMAN]
    [stale] = user._turn(Incoming("tg:44", action="bk:s:202612011000"))
    assert stale.buttons, "a stale booking button is no dead end"


def test_frustration_gets_an_apology_and_a_consultant_not_thanks(make_assistant):
    assistant = make_assistant()
    for number, text in enumerate(["👎", "😡😡😡", "야 이거 왜이렇게 답답하냐", "빨리요 급해요"]):
        [reply] = assistant.handle(Incoming(f"tg:5{number}", text=text))
        assert reply.text == texts.ASSISTANT_NEGATIVE and any(b.action == actions.HUMAN for b in reply.buttons), text
    [noise] = assistant.handle(Incoming("tg:59", text="가" * 300))
    assert noise.text == texts.ASSISTANT_HELP
    [need] = assistant.handle(Incoming("tg:58", text="재고 관리가 너무 답답해요"))  # a problem, not a complaint
    assert need.text != texts.ASSISTANT_NEGATIVE


def test_an_english_question_the_documents_cannot_answer_is_asked_for_in_korean(make_assistant):
    [reply] = make_assistant().handle(Incoming("tg:60", text="How do I apply for the AX Caravan program?"))
    assert reply.text == texts.ASSISTANT_DECLINE_FOREIGN


def test_profile_fields_are_edited_by_a_sentence_and_deletion_is_offered_when_asked(make_assistant):
    assistant = make_assistant()
    [saved] = assistant.handle(Incoming("tg:61", text="지역 김해로 바꿔주세요"))
    assert saved.text.startswith(texts.PROFILE_SAVED) and "경남" in saved.text
    [asked] = assistant.handle(Incoming("tg:61", text="회사명 바꾸고 싶어요"))
    assert asked.text == texts.PROFILE_ASK["company_name"]
    [renamed] = assistant.handle(Incoming("tg:61", text="(주)대한정밀"))
    assert "대한정밀" in renamed.text
    [one_field] = assistant.handle(Incoming("tg:61", text="내 정보에서 지역 지워 주세요"))
    assert one_field.intent != "delete_data"
    [erase] = assistant.handle(Incoming("tg:61", text="내 정보 삭제해줘"))
    assert erase.intent == "delete_data" and any(b.action == "bk:del:y" for b in erase.buttons)


def test_a_short_question_after_an_answer_is_a_follow_up_not_chit_chat(make_assistant):
    assistant = make_assistant()
    assistant.handle(Incoming("tg:70", text="AX 카라반 행사는 몇 번 열려요?"))
    [follow_up] = assistant.handle(Incoming("tg:70", text="몇번 한다고?"))
    assert follow_up.intent == "program_question" and "9회" in follow_up.text
    [fresh] = assistant.handle(Incoming("tg:71", text="몇번 한다고?"))  # with nothing before it, it is not one
    assert fresh.intent != "program_question"
    assistant.handle(Incoming("tg:72", text="AX 카라반 행사는 몇 번 열려요?"))
    need = assistant.handle(Incoming("tg:72", text="프레스 고장 잡는 업체 있어요?"))
    assert need[0].intent == "vendor_request"  # a need right after an answer is still a need
    assistant.handle(Incoming("tg:73", text="AX 카라반 행사는 몇 번 열려요?"))
    [weather] = assistant.handle(Incoming("tg:73", text="날씨 어때요?"))
    assert "9회" not in weather.text


def test_right_after_proposals_a_vendor_named_or_numbered_shows_its_details(make_assistant):
    assistant = make_assistant()
    [proposals] = assistant.handle(Incoming("tg:80", text="창원 자동차부품 공장인데 용접 불량 잡는 업체 추천해줘요"))
    assert len(proposals.vendors) == 3
    [which] = assistant.handle(Incoming("tg:80", text="거기 설치 기간은 얼마나 걸려요"))  # none opened yet
    assert which.text == texts.ASSISTANT_WHICH_VENDOR
    assert [b.action for b in which.buttons] == [actions.VENDOR_DETAILS + doc_id for doc_id in proposals.vendors]
    [which_again] = assistant.handle(Incoming("tg:80", text="설치 기간은 얼마나 걸려요"))  # no program named: the vendors
    assert which_again.text == texts.ASSISTANT_WHICH_VENDOR
    [second] = assistant.handle(Incoming("tg:80", text="두번째 거 연락처 좀"))
    assert second.intent == "vendor_details" and second.vendors == (proposals.vendors[1],) and "연락처" in second.text
    [there] = assistant.handle(Incoming("tg:80", text="거기 설치 기간은 얼마나 걸려요"))  # the one just opened
    assert there.vendors == (proposals.vendors[1],)
    for about_the_list in ("세 곳 중에 어디가 제일 싸요?", "그 회사 말고 다른 데 없어요?", "거기서 거기네요"):
        [reply] = assistant.handle(Incoming("tg:80", text=about_the_list))
        assert reply.intent != "vendor_details" and reply.text != texts.ASSISTANT_WHICH_VENDOR, about_the_list
    assistant.handle(Incoming("tg:80", text="AX 실증산단 예산은 얼마예요?"))  # a program answer in between
    [program] = assistant.handle(Incoming("tg:80", text="두번째 거 연락처 좀"))
    assert program.intent != "vendor_details"


def test_short_unmistakable_answers_at_a_step_are_read_before_any_rule(make_assistant):
    user = Manager(make_assistant(), "tg:90")
    user.say("상담 예약하고 싶어요")
    user.say("네 뭐 괜찮아요")  # consent
    topic = user.say("업체 추천 상담이요")  # the vendor consult, not a vendor request
    assert any(b.action == "bk:p:0" for reply in topic for b in reply.buttons)
    day = user.say("스마트공장 지원금 얼마 받을 수 있는지 궁금해요")  # a topic
    assert asks_for_a_day(day)
    soonest = user.say("제일 빠른 날 언제예요")
    assert soonest[0].text.startswith(texts.BOOKING_OPEN_TIMES) and asks_for_a_day(soonest)
    user.press("bk:d:")
    user.press("bk:s:")
    user.say("홍길동 010-1234-5678")
    done = user.say("네 예약 확인했어요")  # at the confirm step: yes, not 내 예약
    assert "예약을 접수했어요" in done[0].text


def test_other_vendors_for_the_same_need_come_next_until_none_is_left(make_assistant):
    assistant = make_assistant()
    [first] = assistant.handle(Incoming("tg:95", text="창원 자동차부품 공장인데 용접 불량 잡는 업체 추천해줘요"))
    seen = set(first.vendors)
    for _ in range(10):
        [more] = assistant.handle(Incoming("tg:95", text="다른 업체도 추천해 주세요"))
        if more.text == texts.ASSISTANT_NO_MORE_VENDORS:
            break
        assert more.intent == "vendor_request" and more.vendors and not seen & set(more.vendors)
        seen |= set(more.vendors)
    else:
        raise AssertionError("the matcher never ran out of vendors for one need")
    assert len(seen) > len(first.vendors)  # at least one more round was shown


def test_a_comparison_answers_each_program_under_its_own_name(make_assistant):
    user = Manager(make_assistant(), "tg:48")
    [answer] = user.say("실증산단이랑 카라반 차이가 뭐예요?")
    text = answer.text
    assert text.startswith(texts.ANSWER_COMPARE_INTRO)
    testbed = text.index(texts.ANSWER_COMPARE_PROGRAM.format(title="AX 실증산단 구축사업"))
    caravan = text.index(texts.ANSWER_COMPARE_PROGRAM.format(title="산업단지 AX 카라반"))
    assert testbed < caravan  # in the order the user named them
    assert "10개 산업단지" in text[testbed:caravan] and "찾아가" in text[caravan:]
    assert {source.doc_id for source in answer.sources} <= {"ax-testbed", "ax-testbed-faq", "ax-caravan", "ax-caravan-faq", "ax-caravan-events"}


def test_a_compared_detail_is_quoted_per_program_and_an_unpublished_side_says_so(make_assistant):
    [answer] = Manager(make_assistant(), "tg:49").say("실증단지랑 카라반 예산 차이 알려 주세요")
    caravan = answer.text.index(texts.ANSWER_COMPARE_PROGRAM.format(title="산업단지 AX 카라반"))
    assert "2,000억" in answer.text[:caravan]  # the testbed's budget stays on the testbed's side
    assert "2,000억" not in answer.text[caravan:] and texts.ANSWER_COMPARE_NOT_PUBLISHED in answer.text[caravan:]


def test_two_details_in_one_question_are_answered_one_by_one_even_when_one_is_unpublished(make_assistant):
    [answer] = Manager(make_assistant(), "tg:51").say("산단위크 기간이랑 참가비 알려줘요")
    text = answer.text
    assert text.startswith(texts.ANSWER_PARTS_INTRO)
    fee = text.index(texts.ANSWER_COMPARE_PROGRAM.format(title="참가비"))
    assert texts.ANSWER_COMPARE_PROGRAM.format(title="기간") in text[:fee] and "9월 8일" in text[:fee]
    assert texts.ANSWER_COMPARE_NOT_PUBLISHED in text[fee:] and "참가 비용" in text[fee:]


def test_company_facts_typed_under_the_profile_fill_it_and_a_need_there_is_still_a_need(make_assistant):
    user = Manager(make_assistant(), "tg:50")
    user.command("profile")
    [saved] = user.say("창원 금형 공장이고 직원 40명이에요")
    assert saved.intent == "profile" and saved.text.startswith(texts.PROFILE_SAVED)
    assert "경남" in saved.text and "금형" in saved.text and "40" in saved.text
    [need] = user.say("사출 불량을 줄이고 싶어요")  # the profile is still on screen: a need is not a fact
    assert need.intent == "vendor_request" and need.vendors
    user.command("profile")
    user.press(actions.MENU)
    [answer] = user.say("카라반 창원에도 와요?")  # a question, after the profile was left
    assert answer.intent == "program_question"


def test_small_talk_is_thanked_only_when_it_agrees_and_scorn_gets_an_apology(make_assistant):
    user = Manager(make_assistant(), "tg:51")
    assert user.say("네 알겠어요")[0].text == texts.ASSISTANT_SMALL_TALK
    assert user.say("너 로봇이지?")[0].text == texts.ASSISTANT_ABOUT_ME
    [scorn] = user.say("장난하나 진짜")
    assert scorn.intent == "negative_feedback" and any(b.action == actions.HUMAN for b in scorn.buttons)


def test_ending_a_consultation_that_is_not_there_says_so(make_assistant):
    [reply] = Manager(make_assistant(), "tg:52").say("상담 종료")
    assert reply.text == texts.ASSISTANT_NO_HANDOFF_TO_END and reply.buttons


def test_a_message_too_long_keeps_the_question_at_its_end(make_assistant):
    story = "저희 공장은 창원에서 30년째 금형을 하고 있고 요즘 인력이 부족해서 고민이 많아요. " * 60
    [answer] = Manager(make_assistant(), "tg:53").say(story + "그래서 여쭤보는데 AX 실증산단 예산은 얼마예요?")
    assert answer.text.startswith(texts.ASSISTANT_TOO_LONG.format(limit=2000))
    assert answer.intent == "program_question" and "2,000억" in answer.text


def test_asking_to_change_the_time_while_booking_changes_it_instead_of_opening_my_bookings(make_assistant):
    user = Manager(make_assistant(), "tg:54")
    user.at_topic_step()
    user.press("bk:p:0")
    user.press("bk:d:")
    user.press("bk:s:")  # now at the name step
    replies = user.say("예약 시간 바꿔 주세요")
    assert not replies[0].text.startswith(texts.BOOKING_SET_ASIDE)
    assert any(b.action.startswith("bk:s:") for reply in replies for b in reply.buttons)


def test_an_unpublished_answer_and_a_thumbs_down_are_kept_for_staff_once(make_assistant):
    assistant = make_assistant()
    user = Manager(assistant, "tg:55")
    [answer] = user.say("카라반 참가비 있어요?")
    assert answer.text.startswith(texts.ANSWER_NOT_PUBLISHED_INTRO)
    down = next(b.action for b in answer.buttons if b.action.startswith(actions.FEEDBACK_DOWN))
    up = next(b.action for b in answer.buttons if b.action.startswith(actions.FEEDBACK_UP))
    user._turn(Incoming("tg:55", action=down))
    user._turn(Incoming("tg:55", action=down))  # a double tap
    items = assistant._stores.unanswered.open_items()
    assert sorted(item.reason for item in items) == ["not_published", "thumbs_down"]
    assert {item.question for item in items} == {"카라반 참가비 있어요?"}
    [thanks] = user._turn(Incoming("tg:55", action=up))
    assert thanks.buttons  # never a dead end


def test_a_button_elsewhere_mid_prompt_means_the_next_message_is_not_its_answer(make_assistant):
    user = Manager(make_assistant(), "tg:56")
    user.command("profile")
    [prompt] = user.press(actions.PROFILE_EDIT + "industry")
    assert [b.action for b in prompt.buttons] == [actions.PROFILE, actions.MENU]  # a way back
    user.press(actions.PROFILE)  # "바꾸지 않기"
    user.press(actions.MENU)
    [reply] = user.say("좋아요")  # had been saved as the industry
    assert reply.intent == "small_talk"
    profile = user.assistant._stores.profiles.get("tg:56")
    assert profile is None or profile.industry is None


def test_an_attachment_reads_in_korean_with_its_caption_in_the_transcript(make_assistant):
    assistant = make_assistant()
    assistant.handle(Incoming("tg:57", attachment="photo", text="공장 사진이에요"))
    assistant.handle(Incoming("tg:57", attachment="voice"))
    lines = [line.text for line in assistant._stores.transcript.recent("tg:57", 10) if line.role == "user"]
    assert lines == ["(사진) 공장 사진이에요", "(음성 메시지)"]


def test_no_bookings_yet_offers_the_way_to_book(make_assistant):
    [mine] = Manager(make_assistant(), "tg:58").command("mybookings")
    assert mine.text == texts.BOOKING_MY_EMPTY and actions.BOOK in [b.action for b in mine.buttons]


def test_a_vendor_named_without_proposals_opens_it_and_company_facts_alone_ask_for_the_need(make_assistant):
    user = Manager(make_assistant(), "tg:59")
    [details] = user.say("비전메이트 연락처 알려주세요")
    assert details.intent == "vendor_details" and "비전메이트" in details.text
    user.say("창원 자동차부품 공장이에요")
    [asked] = user.say("대구 섬유 직원 15명 정도 됩니더")
    assert not asked.vendors and "직원 수 15명" in asked.text and texts.PROFILE_FACTS_NEXT in asked.text


def test_a_short_question_after_an_answer_is_about_it_not_a_vendor_request(make_assistant):
    user = Manager(make_assistant(), "tg:60")
    user.say("AX 카라반이 뭐예요?")
    [reply] = user.say("우리 공장도 받을 수 있나?")
    assert reply.intent == "program_question"
    [menu] = user.say("처음으로")
    assert menu.intent == "help"


def test_a_booking_button_leaves_a_profile_prompt_behind(make_assistant):
    user = Manager(make_assistant(), "tg:61")
    user.command("profile")
    user.press(actions.PROFILE_EDIT + "company_name")
    user._turn(Incoming("tg:61", action="bk:my"))  # 내 예약, e.g. from an old reminder
    user.say("감사합니다")
    profile = user.assistant._stores.profiles.get("tg:61")
    assert profile is None or profile.company_name is None


def test_company_facts_after_a_new_vendor_search_ask_for_the_need_not_the_old_one(make_assistant):
    user = Manager(make_assistant(), "tg:62")
    user.say("창원 자동차부품 공장이에요")
    user.say("용접 불량을 자동으로 잡고 싶어요")
    user._turn(Incoming("tg:62", action=actions.VENDORS))  # a new search: the old proposals are not what comes next
    [asked] = user.say("대구 섬유 직원 15명이에요")
    assert not asked.vendors


def test_the_transcript_keeps_the_end_of_a_long_message_the_bot_answered(make_assistant):
    assistant = make_assistant()
    story = "저희 공장 사정을 말씀드리면요. " * 200
    assistant.handle(Incoming("tg:63", text=story + "카라반 신청은 어떻게 해요?"))
    [line] = [line.text for line in assistant._stores.transcript.recent("tg:63", 5) if line.role == "user"]
    assert line.endswith("카라반 신청은 어떻게 해요?") and len(line) <= 2000


def test_a_self_introduction_is_saved_and_facts_typed_under_proposals_refine_them(make_assistant):
    user = Manager(make_assistant(), "tg:64")
    [hello] = user.say("안녕하세요 창원에서 자동차부품 공장 하고 있는데요")
    assert hello.text.startswith(texts.PROFILE_FACTS_SAVED.format(facts="업종 자동차부품, 지역 경남 창원"))
    assert texts.PROFILE_FACTS_NEXT in hello.text and not hello.vendors
    assert [b.action for b in hello.buttons] == [actions.ASK, actions.VENDORS, actions.BOOK, actions.HUMAN]
    [proposals] = user.say("용접 불량 검사 자동화 업체 추천해 주세요")  # the profile is known: no question first
    assert len(proposals.vendors) == 3
    [again] = user.say("경남 창원 자동차부품 45명")
    assert again.text.startswith(texts.VENDORS_FACTS_APPLIED.format(facts="업종 자동차부품, 지역 경남 창원, 직원 수 45명"))
    assert again.vendors and again.vendors[0] == proposals.vendors[0]
    profile = user.assistant._stores.profiles.get("tg:64")
    assert (profile.industry, profile.region, profile.employees) == ("자동차부품", "경남 창원", 45)
    [question] = user.say("창원도 실증산단에 들어가나요?")  # a question naming a place is still a question
    assert question.intent == "program_question"


def test_that_vendor_is_the_one_on_screen_and_ordinals_need_a_list(make_assistant):
    user = Manager(make_assistant(), "tg:65")
    user.say("창원 자동차부품 공장이에요")
    [proposals] = user.say("용접 불량 검사 자동화 업체 추천해 주세요")
    first, second = proposals.vendors[:2]
    assert user.say("두번째 업체는요?")[0].vendors == (second,)
    [contact] = user.say("아까 그 업체 연락처")
    assert contact.vendors == (second,) and contact.text != texts.ASSISTANT_WHICH_VENDOR
    assert user.say("첫번째 업체 비용은 얼마예요?")[0].vendors == (first,)
    [deadline] = user.say("그건 언제까지예요?")  # about the vendor on screen, not an older program question
    name = user.assistant._vendors.name_of(first)
    assert deadline.text == texts.ASSISTANT_VENDOR_NOT_IN_BRIEF.format(name=name)
    assert {actions.VENDOR_BOOK + first, actions.HUMAN} <= {b.action for b in deadline.buttons}
    user.say("AX 실증산단 예산은 얼마예요?")  # a program answer: the proposals are off screen
    [no_list] = user.say("두번째 업체는요?")
    assert no_list.text == texts.ASSISTANT_NO_VENDOR_LIST and any(b.action == actions.VENDORS for b in no_list.buttons)
    assert user.say("비전메이트 연락처 알려주세요")[0].intent == "vendor_details"
    assert user.say("두번째 업체는요?")[0].text == texts.ASSISTANT_NO_VENDOR_LIST  # one vendor opened by name is no list
    assert user.say("그 업체 연락처 다시 알려 주세요")[0].vendors == (user.assistant._vendors.named_in("비전메이트"),)
    stranger = Manager(user.assistant, "tg:66")
    stranger.say("실증산단이 뭔가요?")
    [never_proposed] = stranger.say("두번째 업체는요?")
    assert never_proposed.text == texts.ASSISTANT_NO_VENDOR_LIST  # never the previous program answer


def test_a_follow_up_asks_about_the_last_thing_on_screen_whatever_laughter_surrounds_it(make_assistant):
    user = Manager(make_assistant(), "tg:67")
    user.say("카라반 신청은 어떻게 해요?")  # not published
    [deadline] = user.say("그건 언제까지예요?")
    assert "신청 기간" in deadline.text and "공개되지 않았" in deadline.text and "대상으로" not in deadline.text
    user.say("실증산단이 뭔가요?")
    user.say("ㅇㅇ")  # agreeing in between keeps the answer as the topic
    [laughing] = user.say("ㅋㅋㅋㅋ 그니까 그거 언제까지냐고요")
    assert laughing.intent == "program_question" and "2027년까지" in laughing.text
    user.say("창원 자동차부품 공장이에요")
    [proposals] = user.say("용접 불량 검사 자동화 업체 추천해 주세요")
    [about_vendors] = user.say("그건 언제까지예요?")  # the proposals are on screen now, not 실증산단
    assert about_vendors.text == texts.ASSISTANT_VENDORS_NOT_IN_BRIEF
    assert {actions.VENDOR_DETAILS + doc_id for doc_id in proposals.vendors} <= {b.action for b in about_vendors.buttons}


def test_a_vendor_named_in_a_booking_request_books_that_vendor_like_its_button(make_assistant):
    user = Manager(make_assistant(), "tg:68")
    user.say("비전메이트 상담 예약할게요")
    [topic] = user.press("bk:ok")
    assert topic.text == texts.BOOKING_ASK_TOPIC_VENDOR.format(vendor="비전메이트")
    assert [b.label for b in topic.buttons][0] == texts.BOOKING_TOPIC_VENDOR_DEFAULT.format(vendor="비전메이트")
    [generic] = Manager(user.assistant, "tg:69").say("상담 예약할게요")  # no vendor named: the usual flow
    assert generic.text.startswith("상담 예약을 위해")


def test_booking_with_that_vendor_books_the_vendor_opened_last(make_assistant):
    user = Manager(make_assistant(), "tg:58")
    user.say("비전메이트 연락처 알려주세요")
    user.say("아까 그 업체로 다시 예약할게요")
    [topic] = user.press("bk:ok")
    assert topic.text == texts.BOOKING_ASK_TOPIC_VENDOR.format(vendor="비전메이트")
    [generic] = Manager(user.assistant, "tg:59").say("그 업체로 예약할게요")  # nothing on screen: the usual flow
    assert generic.text.startswith("상담 예약을 위해")


def test_a_date_typed_at_a_vendor_topic_is_the_date_and_the_vendor_topic_is_taken(make_assistant):
    user = Manager(make_assistant(), "tg:57")
    user.say("비전메이트 연락처 알려주세요")
    user.press(actions.VENDOR_BOOK)
    user.press("bk:ok")
    [asked] = user.say("다음주 수요일 오전 10시")
    assert asked.text.startswith("말씀하신 ") and "(수) 오전 10시에 예약할 수 있어요." in asked.text  # the kept date, said back
    assert asked.text.endswith(texts.BOOKING_ASK_NAME)
    [summary] = user.say("박정훈 010-2222-3333")
    assert "상담 주제: 비전메이트 솔루션 도입 상담" in summary.text and "(수) 오전 10시" in summary.text
    [done] = user.press("bk:y")
    [booking] = user.assistant._booking_service.store.for_user("tg:57")
    assert done.text.startswith("예약을 접수했어요") and booking.vendor_name == "비전메이트" and booking.topic == "비전메이트 솔루션 도입 상담"


def test_a_pasted_paragraph_at_a_profile_prompt_gets_the_fields_length_message_and_the_prompt_stays(make_assistant):
    user = Manager(make_assistant(), "tg:52")
    user.command("profile")
    [asked] = user.press(f"{actions.PROFILE_EDIT}company_name")
    [too_long] = user.say("가나다라마바사 " * 80)
    assert too_long.intent == "profile" and too_long.text != asked.text and "50자" in too_long.text
    [saved] = user.say("대한정밀")
    assert saved.text.startswith(texts.PROFILE_SAVED) and "대한정밀" in saved.text


def test_a_city_named_in_company_facts_is_kept_with_its_province(make_assistant):
    user = Manager(make_assistant(), "tg:53")
    user.command("profile")
    [saved] = user.say("김해에서 금형 공장 해요")
    assert "경남 김해" in saved.text
