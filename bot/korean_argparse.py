"""argparse in Korean for the staff commands: usage errors, the usage line and the help screen
(argparse's own are English).

`axbot`'s top parser is a KoreanArgumentParser, so every subcommand's parser is one too (argparse
builds a subparser with the class of its parent unless told otherwise). argparse builds each
message from an English template; the ones staff can meet are matched and said again in Korean,
any other is shown as argparse wrote it.
"""

import argparse
import re
import sys
from typing import NoReturn

from bot import texts

_CHOICES = r"\(choose from (?P<choices>.+)\)"
_MESSAGES = (
    (re.compile(r"argument (?P<option>\S+): expected one argument"), texts.CLI_ARG_NEEDS_VALUE),
    (re.compile(r"the following arguments are required: (?P<options>.+)"), texts.CLI_ARG_REQUIRED),
    (re.compile(r"unrecognized arguments: (?P<arguments>.+)"), texts.CLI_ARG_UNKNOWN),
    # A subcommand (COMMAND, ACTION) or an option's value not among the choices: "axbot bookings foo".
    (re.compile(rf"argument (?P<option>[A-Z_]+|\{{.*\}}): invalid choice: '?(?P<value>.*?)'? {_CHOICES}"), texts.CLI_ARG_UNKNOWN_COMMAND),
    (re.compile(rf"argument (?P<option>\S+): invalid choice: '?(?P<value>.*?)'? {_CHOICES}"), texts.CLI_ARG_INVALID_CHOICE),
    (re.compile(r"argument (?P<option>\S+): invalid (?:int|float) value: '?(?P<value>.*?)'?"), texts.CLI_ARG_NOT_A_NUMBER),
    # Our own type checks already speak Korean: only the English "argument --x:" goes.
    (re.compile(r"argument (?P<option>\S+): (?P<message>.*[가-힣].*)", re.DOTALL), "{option}: {message}"),
)


class KoreanHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, texts.CLI_USAGE_PREFIX if prefix is None else prefix)


class KoreanArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", KoreanHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title, self._optionals.title = texts.CLI_HELP_POSITIONALS, texts.CLI_HELP_OPTIONS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=texts.CLI_HELP_OPTION)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        explained = texts.CLI_FAILED.format(message=korean(message))
        self.exit(2, f"{explained}\n{texts.CLI_HELP_HINT.format(prog=self.prog)}\n")

    def parse_known_args(self, args=None, namespace=None):
        # Under a subcommand, arguments nobody knows would be refused by the top parser, in English.
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras


def korean(message: str) -> str:
    for pattern, template in _MESSAGES:
        if matched := pattern.fullmatch(message):
            fields = matched.groupdict()
            if "choices" in fields:  # 'list', 'export' (Python 3.11) or list, export (3.12.8+)
                fields["choices"] = ", ".join(choice.strip().strip("'") for choice in fields["choices"].split(","))
            return template.format(**fields)
    return message
