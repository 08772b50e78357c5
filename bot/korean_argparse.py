"""argparse with its usage errors in Korean, for the staff commands (argparse's own are English).

Used as `add_subparsers(parser_class=KoreanArgumentParser)`. argparse builds each message from
an English template; the ones staff can meet are matched and said again in Korean, any other is
shown as argparse wrote it.
"""

import argparse
import re
import sys
from typing import NoReturn

from bot import texts

_MESSAGES = (
    (re.compile(r"argument (?P<option>\S+): expected one argument"), texts.CLI_ARG_NEEDS_VALUE),
    (re.compile(r"the following arguments are required: (?P<options>.+)"), texts.CLI_ARG_REQUIRED),
    (re.compile(r"unrecognized arguments: (?P<arguments>.+)"), texts.CLI_ARG_UNKNOWN),
)


class KoreanArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, texts.CLI_FAILED.format(message=korean(message)) + "\n")

    def parse_known_args(self, args=None, namespace=None):
        # Under a subcommand, arguments nobody knows would be refused by the top parser, in English.
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras


def korean(message: str) -> str:
    for pattern, template in _MESSAGES:
        if matched := pattern.fullmatch(message):
            return template.format(**matched.groupdict())
    return message
