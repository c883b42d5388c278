#!/usr/bin/env python3
"""Runs one CLI transcript file (tests/cli/transcripts/*.test) and reports every mismatch.

    run_transcripts.py --touchpoint build/native/cli/touchpoint --source . tests/cli/transcripts/glossary.test

The format is described in tests/cli/README.md. Exit status: 0 when every case matches, 1 when
a case does not (each mismatch is printed with its file and line, expected against actual), 2
when the file cannot be read as a transcript or a command cannot be started.
"""

import argparse
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

DEFAULT_TOLERANCE = 1e-6
COMMAND_TIMEOUT_SECONDS = 900
BLANK_LINE = "<blank>"
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class TranscriptError(Exception):
    """The file breaks the format: reported with its line, exit status 2."""


class Case:
    def __init__(self, line):
        self.line = line  # of the `command` line
        self.arguments = []
        self.exit_status = 0
        self.stream = "stdout"
        self.contains = False
        self.tolerance = DEFAULT_TOLERANCE
        self.expected = []  # (line number, text, tolerant)


def parse_transcript(path):
    with open(path, encoding="utf-8") as file:
        lines = file.read().split("\n")
    cases = []
    case = None
    in_block = False
    for number, text in enumerate(lines, start=1):
        if in_block:
            if text == "" or text.startswith("command "):
                in_block = False  # the case ends; a `command` line starts the next one
                case = None
                if text == "":
                    continue
            else:
                tolerant = text.startswith("~ ") or text == "~"
                if tolerant:
                    text = text[2:]
                if text == BLANK_LINE:
                    text = ""
                case.expected.append((number, text, tolerant))
                continue
        if text == "" or text.startswith("#"):
            continue
        word, _, rest = text.partition(" ")
        if word == "command":
            if case is not None:
                raise TranscriptError(f"{path}:{number}: the case of line {case.line} has no `----` line")
            case = Case(number)
            try:
                case.arguments = shlex.split(rest)
            except ValueError as error:
                raise TranscriptError(f"{path}:{number}: {error}") from None
            if not case.arguments or case.arguments[0] != "touchpoint":
                raise TranscriptError(f"{path}:{number}: a command starts with `touchpoint`")
            cases.append(case)
            continue
        if case is None:
            raise TranscriptError(f"{path}:{number}: `{text}` outside a case (a case starts with `command touchpoint ...`)")
        if text == "----":
            in_block = True
        elif word == "expect-exit":
            try:
                case.exit_status = int(rest)
            except ValueError:
                raise TranscriptError(f"{path}:{number}: expect-exit takes a whole number, got '{rest}'") from None
        elif text == "stderr":
            case.stream = "stderr"
        elif text == "contains":
            case.contains = True
        elif word == "tolerance":
            try:
                case.tolerance = float(rest)
            except ValueError:
                raise TranscriptError(f"{path}:{number}: tolerance takes a number, got '{rest}'") from None
        else:
            raise TranscriptError(f"{path}:{number}: unknown directive `{text}` (expect-exit N, stderr, contains, tolerance T, ----)")
    if case is not None and not in_block:
        raise TranscriptError(f"{path}:{case.line}: the case has no `----` line")
    if not cases:
        raise TranscriptError(f"{path}: no cases")
    return cases


def expand(text, places):
    for name, value in places.items():
        text = text.replace("{" + name + "}", value)
    return text


def numbers_match(expected, actual, tolerance):
    """Same text around the numbers (runs of spaces may differ), each number within the tolerance."""
    expected_numbers = NUMBER.findall(expected)
    actual_numbers = NUMBER.findall(actual)
    squeeze = lambda parts: [re.sub(r" +", " ", part) for part in parts]
    if len(expected_numbers) != len(actual_numbers) or squeeze(NUMBER.split(expected)) != squeeze(NUMBER.split(actual)):
        return False
    for want, got in zip(expected_numbers, actual_numbers):
        want_value, got_value = float(want), float(got)
        if abs(want_value - got_value) > max(tolerance, tolerance * abs(want_value)):
            return False
    return True


def line_matches(expected_line, actual_line, case):
    _, text, tolerant = expected_line
    if tolerant:
        return numbers_match(text, actual_line, case.tolerance)
    return text == actual_line


def output_lines(text):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def first_mismatch(case, expected, actual):
    """None when the output matches; else (expected line or None, what was found instead)."""
    if case.contains:
        position = 0
        for line in expected:
            while position < len(actual) and not line_matches(line, actual[position], case):
                position += 1
            if position == len(actual):
                return line, "(no such line in the output after the lines matched before it)"
            position += 1
        return None
    for index, line in enumerate(expected):
        if index >= len(actual):
            return line, "(the output ends here)"
        if not line_matches(line, actual[index], case):
            return line, actual[index]
    if len(actual) > len(expected):
        return None, actual[len(expected)]
    return None


def run_case(path, case, places, touchpoint, work_dir):
    arguments = [touchpoint] + [expand(argument, places) for argument in case.arguments[1:]]
    expected = [(number, expand(text, places), tolerant) for number, text, tolerant in case.expected]
    try:
        result = subprocess.run(arguments, cwd=work_dir, capture_output=True, timeout=COMMAND_TIMEOUT_SECONDS)
    except OSError as error:
        raise TranscriptError(f"{path}:{case.line}: cannot run {touchpoint}: {error}") from None
    except subprocess.TimeoutExpired:
        return [f"{path}:{case.line}: the command did not finish within {COMMAND_TIMEOUT_SECONDS} s"]
    stdout = result.stdout.decode("utf-8", errors="replace")
    stderr = result.stderr.decode("utf-8", errors="replace")
    problems = []
    if result.returncode != case.exit_status:
        problems.append("\n".join([f"{path}:{case.line}: exit status {result.returncode}, expected {case.exit_status}", "  stderr:"] +
                                   [f"    {line}" for line in output_lines(stderr)]))
    actual = output_lines(stdout if case.stream == "stdout" else stderr)
    mismatch = first_mismatch(case, expected, actual)
    if mismatch is not None:
        line, found = mismatch
        where = line[0] if line is not None else (expected[-1][0] + 1 if expected else case.line)
        mode = "contains, " if case.contains else ""
        report = [f"{path}:{where}: {case.stream} differs ({mode}case of line {case.line})"]
        report.append("  expected: " + (("~ " if line[2] else "") + line[1] if line is not None else "(the output ends here)"))
        report.append("  actual:   " + found)
        report.append(f"  whole {case.stream}, diff of expected against actual:")
        shown = [("~ " if tolerant else "") + text for _, text, tolerant in expected]
        diff = difflib.unified_diff(shown, actual, "expected", "actual", lineterm="", n=2)
        report.extend("    " + line for line in diff)
        problems.append("\n".join(report))
    return problems


def main():
    parser = argparse.ArgumentParser(description="Run one CLI transcript file (tests/cli/README.md).")
    parser.add_argument("--touchpoint", required=True, help="the built CLI")
    parser.add_argument("--source", required=True, help="the repository's root")
    parser.add_argument("--shared", help="the shared data folder (default: SOURCE/../shared/data)")
    parser.add_argument("--keep", action="store_true", help="keep {tmp} and print where it is")
    parser.add_argument("transcript")
    options = parser.parse_args()

    source = os.path.abspath(options.source)
    work_dir = tempfile.mkdtemp(prefix="touchpoint-transcript-")
    places = {
        "touchpoint": os.path.abspath(options.touchpoint),
        "source": source,
        "fixtures": os.path.join(source, "tests", "fixtures"),
        "shared": os.path.abspath(options.shared or os.path.join(source, "..", "shared", "data")),
        "tmp": work_dir,
    }
    failures = 0
    try:
        cases = parse_transcript(options.transcript)
        for case in cases:
            problems = run_case(options.transcript, case, places, os.path.abspath(options.touchpoint), work_dir)
            if problems:
                failures += 1
                print("\n".join(problems) + "\n", flush=True)
    except TranscriptError as error:
        print(error)
        return 2
    finally:
        if options.keep:
            print(f"{{tmp}} is {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    print(f"{options.transcript}: {len(cases) - failures} of {len(cases)} cases passed" +
          (f", {failures} failed" if failures else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
