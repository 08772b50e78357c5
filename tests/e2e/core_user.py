"""A user of the channel-free core in the end-to-end tests: types, sends commands and presses
buttons by their action prefix, as the channels do."""

from bot.conversation import Incoming, Reply


class CoreUser:
    def __init__(self, assistant, user_id: str):
        self.assistant, self.user_id, self.last = assistant, user_id, []

    def say(self, text: str) -> list[Reply]:
        return self._turn(Incoming(self.user_id, text=text))

    def command(self, name: str) -> list[Reply]:
        return self._turn(Incoming(self.user_id, command=name))

    def press(self, prefix: str) -> list[Reply]:
        """The button on screen whose action starts with `prefix`."""
        action = next(b.action for reply in self.last for b in reply.buttons if b.action.startswith(prefix))
        return self._turn(Incoming(self.user_id, action=action))

    def buttons(self) -> list[str]:
        return [b.label for reply in self.last for b in reply.buttons]

    def _turn(self, incoming: Incoming) -> list[Reply]:
        self.last = self.assistant.handle(incoming)
        return self.last
