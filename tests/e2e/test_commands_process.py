"""In a group, the bot takes `/vincular@its_own_name` (its username from getMe at start) and a code
after a newline, and leaves another bot's `/vincular@other_bot` alone."""
from tests.fakeapi.server import BOT_USERNAME

GROUP_ID = -100777


async def test_a_group_command_for_another_bot_is_left_alone(api, bot):
    await bot.start("run")
    await bot.ready()
    group = api.group(GROUP_ID, title="Instancia")
    member = api.user(5551, first_name="Ana").in_group(group)
    await member.send("/vincular@otro_bot ABC123")
    await member.send(f"/vincular@{BOT_USERNAME}\nABC123")
    [answer] = await member.wait_for("no sirve para vincular", timeout=20)
    await member.send("/vincular\u00a0ABC123")
    await member.wait_for("no sirve para vincular", timeout=20)
    answers = [m for m in api.bot_messages(GROUP_ID, include_deleted=True) if "vincular" in (m.text or "")]
    assert len(answers) == 2, [m.text for m in answers]  # ours twice; the other bot's, never
