"""The Jinja sandbox for the teams' letter templates, with limits on size and time.

Jinja's own sandbox stops a template from reaching into Python (`''.__class__`),
but not from asking for a billion characters (`{{ 'x' * 100000000 }}`) or a
billion loop turns. Here every operation that can make a value large is checked
before it runs (repetition, concatenation, padding widths, replacements), numbers
stay small, the output of a part is capped, and a deadline is checked while the
template's code runs. A template that breaks a limit raises `TemplateLimitError`,
a `SecurityError`, like the sandbox's own refusals.
"""

from __future__ import annotations

import math
import re
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType, TracebackType
from typing import Any

from django.utils.translation import gettext as _
from jinja2 import StrictUndefined, Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

# A letter is a few pages: far below these, far above anything a letter needs.
MAX_VALUE_CHARS = 200_000  # one value (a string or list) made inside a template
MAX_OUTPUT_CHARS = 5_000_000  # the rendered XML of one part (body, a header, a footer)
MAX_NUMBER = 100_000  # a number given to an operation (a width, a count, a repetition)
MAX_POWER_BITS = 256  # the size of a ** result
RENDER_SECONDS = 0.5  # the time one part may take to fill in

TEMPLATE_FILENAME = "<template>"
# A width or precision of six digits or a "*" in a %- or {}-format string.
_BIG_FORMAT = re.compile(r"\d{6,}|%[#0\- +]*\*|%[^a-zA-Z%]*\.\*")


class TemplateLimitError(SecurityError):
    """A template asked for more than a letter may hold, or took too long."""


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _too_big() -> TemplateLimitError:
    return TemplateLimitError(
        _("it would make a text of more than %(limit)s characters") % {"limit": MAX_VALUE_CHARS}
    )


def _check_size(value: Any) -> Any:
    if _size(value) > MAX_VALUE_CHARS:
        raise _too_big()
    return value


def _check_numbers(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and abs(value) > MAX_NUMBER
        ):
            raise TemplateLimitError(
                _("it uses the number %(number)s; at most %(limit)s is allowed")
                % {"number": value, "limit": MAX_NUMBER}
            )


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _BIG_FORMAT.search(text):
        raise TemplateLimitError(_("it asks for a format width that is too large"))


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = text.count(old) if old else len(text) + 1
        if len(text) + count * len(new) > MAX_VALUE_CHARS:
            raise _too_big()


def _guard_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses large numbers, large format widths and large results."""

    def guarded(*args: Any, **kwargs: Any) -> Any:
        # The first argument may be the environment or a context (pass_environment …).
        values = [
            a for a in args if not isinstance(a, SandboxedEnvironment | Context | EvalContext)
        ]
        _check_numbers(tuple(values[1:]), kwargs)
        if name == "format" and values:
            _check_format(values[0])
        if name == "replace" and len(values) >= 3:
            _check_replace(values[0], values[1], values[2])
        return _check_size(function(*args, **kwargs))

    for attribute in ("jinja_pass_arg",):
        if hasattr(function, attribute):
            setattr(guarded, attribute, getattr(function, attribute))
    return guarded


class _CheckedConcat(CodeGenerator):
    """`a ~ b` goes through the size check as well (Jinja has no hook for it)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_size(")
        super().visit_Concat(node, frame)
        self.write(")")


class LimitedTemplate(Template):
    """A template part rendered under the environment's deadline and output cap."""

    environment: LimitedSandbox

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = self.new_context(dict(*args, **kwargs))
        try:
            return self.environment.run(self.root_render_func(context))
        except Exception as exc:
            # Where it broke, for the message (Jinja's own traceback rewriting is skipped).
            exc.template_lineno = template_lineno(self, exc.__traceback__)  # type: ignore[attr-defined]
            raise


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox of the letter templates: Jinja's, plus limits on size and time."""

    code_generator_class = _CheckedConcat
    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *, seconds: float = RENDER_SECONDS, **options: Any) -> None:
        options.setdefault("undefined", StrictUndefined)
        super().__init__(**options)
        self.seconds = seconds
        self.deadline = math.inf
        self.last_source = ""
        # No generated filler text; every filter guarded.
        self.globals.pop("lipsum", None)
        self.filters = {name: _guard_filter(name, f) for name, f in self.filters.items()}

    def from_string(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        # Kept to name the paragraph of an error (docxtpl renders a part from a string).
        self.last_source = source if isinstance(source, str) else ""
        return super().from_string(source, *args, **kwargs)

    # -- the checks -------------------------------------------------------------------
    def checked_size(self, value: Any) -> Any:
        return _check_size(value)

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            count, sized = (right, left) if _size(left) else (left, right)
            if _size(sized) and isinstance(count, int) and _size(sized) * count > MAX_VALUE_CHARS:
                raise _too_big()
        elif operator_ == "**":
            if isinstance(left, int | float) and isinstance(right, int | float):
                bits = abs(right) * math.log2(abs(left) + 2)
                if bits > MAX_POWER_BITS:
                    raise TemplateLimitError(_("it computes a number that is too large"))
        elif operator_ == "%":
            _check_format(left)
        elif operator_ == "+" and _size(left) + _size(right) > MAX_VALUE_CHARS:
            raise _too_big()
        return _check_size(self.binop_table[operator_](left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_numbers(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if (
            isinstance(owner, str)
            and getattr(__obj, "__name__", "") == "replace"
            and len(args) >= 2
        ):
            _check_replace(owner, args[0], args[1])
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # "{:>999999999}".format(1): the width is refused before the sandbox formats it.
        if getattr(value, "__name__", "") in {"format", "format_map"}:
            _check_format(getattr(value, "__self__", None))
        return super().wrap_str_format(value)

    # -- the deadline and the output cap ----------------------------------------------
    def run(self, parts: Iterator[str]) -> str:
        """Join the rendered parts, checking the output's size and the time as they come."""
        self.deadline = time.monotonic() + self.seconds
        previous = sys.gettrace()
        sys.settrace(self._trace_calls)
        out: list[str] = []
        size = 0
        try:
            for part in parts:
                size += len(part)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateLimitError(
                        _("the filled-in letter would be longer than %(limit)s characters")
                        % {"limit": MAX_OUTPUT_CHARS}
                    )
                out.append(part)
        finally:
            sys.settrace(previous)
            self.deadline = math.inf
        return "".join(out)

    def _late(self) -> TemplateLimitError:
        return TemplateLimitError(
            _("it takes longer than %(seconds)s seconds to fill in") % {"seconds": self.seconds}
        )

    def _trace_calls(self, frame: FrameType, event: str, arg: Any) -> Any:
        # Every Python call checks the clock; the template's own code, line by line
        # (so that an empty loop cannot run on for ever).
        if time.monotonic() > self.deadline:
            raise self._late()
        return self._trace_lines if frame.f_code.co_filename == TEMPLATE_FILENAME else None

    def _trace_lines(self, frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line" and time.monotonic() > self.deadline:
            raise self._late()
        return self._trace_lines


def template_lineno(template: Template, traceback: TracebackType | None) -> int | None:
    """The template line (a paragraph, for docxtpl sources) where an error happened."""
    found = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == TEMPLATE_FILENAME:
            found = template.get_corresponding_lineno(traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


__all__ = [
    "MAX_NUMBER",
    "MAX_OUTPUT_CHARS",
    "MAX_VALUE_CHARS",
    "RENDER_SECONDS",
    "LimitedSandbox",
    "TemplateLimitError",
    "template_lineno",
]
