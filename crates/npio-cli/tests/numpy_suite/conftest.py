"""Run NumPy's own loadtxt / genfromtxt / savetxt tests against `npio convert`.

Loaded as a pytest plugin (see run.sh), this module replaces numpy.loadtxt,
numpy.genfromtxt and numpy.savetxt before NumPy's test modules are imported.
Each replacement writes the test's input to a temporary file, turns the
keyword arguments into `npio convert` flags, runs the command given in
$NPIO_BIN and loads its result, so NumPy's assertions check npio's output:

  loadtxt / genfromtxt:  text file -> npio convert in.txt out.npy ... -> np.load
  savetxt:               np.save(in.npy) -> npio convert in.npy out.txt ...
                         -> bytes copied to the test's file or stream

Calls a command line cannot express (Python callables as converters, unpack=,
like=, masked output, object dtypes, per-column missing values, ...) go to
NumPy's original function and are recorded as "not applicable". A failing
npio run raises the exception NumPy would most likely raise (ValueError
unless guessed otherwise) with npio's message; `warning:` lines on npio's
stderr become Python warnings. A JSON record of every test (outcome, npio
command lines, fallbacks and their reasons) is written to $NPIO_SUITE_JSON.
"""
import functools
import inspect
import json
import operator
import os
import re
import subprocess
import tempfile
import warnings

import numpy as np
import pytest
from numpy.lib import _npyio_impl
from numpy.lib._iotools import ConversionWarning, ConverterError

NPIO = os.environ.get("NPIO_BIN", "npio")
ORIGINAL = {name: getattr(np, name) for name in ("loadtxt", "genfromtxt", "savetxt")}
EVENTS = []    # what the current test did: npio runs and fallbacks
RESULTS = {}   # nodeid -> record, written at the end of the session


class NotExpressible(Exception):
    """The call has an argument with no `npio convert` equivalent."""


def need(ok, what):
    if not ok:
        raise NotExpressible(what)


def esc(text):
    """Option text as npio reads it: npio unescapes `\\t`, `\\\\`, `\\0`..."""
    if isinstance(text, bytes):
        text = text.decode("latin1")
    need(isinstance(text, str), f"non-text value {text!r}")
    return text.replace("\\", "\\\\").replace("\0", "\\0")


def is_int(value):
    try:
        operator.index(value)     # ints, NumPy integers, objects with __index__
        return not isinstance(value, bool)
    except TypeError:
        return False


def int_arg(value, name):
    need(is_int(value), f"{name}={value!r} (not an integer)")
    return str(operator.index(value))


def int_list(value, name, names_ok=False):
    """usecols / fixed widths: an int or a sequence of ints (or names)."""
    if names_ok and isinstance(value, str):
        return value                  # genfromtxt's "a, c": names, comma-separated
    items = [value] if is_int(value) or isinstance(value, str) else value
    try:
        items = list(items)
    except TypeError:
        raise NotExpressible(f"{name}={value!r}") from None
    need(all(is_int(v) or (names_ok and isinstance(v, str)) for v in items),
         f"{name}={value!r}")
    need(all("," not in str(v) for v in items), f"{name} holding a comma")
    return ",".join(v if isinstance(v, str) else str(operator.index(v)) for v in items)


def dtype_arg(dtype):
    """A dtype as --dtype's value: a descr string or a JSON field list."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise NotExpressible(f"dtype={dtype!r} (not a NumPy dtype)") from None
    need(not dt.hasobject, f"dtype={dtype!r} (object)")
    if dt.names is None:
        need(dt.subdtype is None, f"dtype={dtype!r} (subarray)")
        if dt.kind in "US" and dt.itemsize == 0:
            return dt.kind                      # 'U' / 'S': longest value
        return dt.str
    return json.dumps(dt.descr)


def no_callables(a):
    need(a.get("converters") is None, "converters=")
    need(not a.get("unpack"), "unpack=")
    need(a.get("like") is None, "like=")


def comments_args(comments, several):
    if comments is None:
        return ["--no-comments"]
    if isinstance(comments, (str, bytes)):
        comments = [comments]
    comments = list(comments)
    need(several or len(comments) == 1, "several comment markers")
    if comments == ["#"]:
        return []
    return ["--comments=" + esc(c) for c in comments]


def loadtxt_flags(a):
    no_callables(a)
    flags = ["--dtype=" + dtype_arg(a["dtype"])] if a["dtype"] is not float else []
    flags += comments_args(a["comments"], several=True)
    if a["delimiter"] is not None:
        flags.append("--delimiter=" + esc(a["delimiter"]))
    if a["skiprows"] != 0:
        flags.append("--skip-rows=" + int_arg(a["skiprows"], "skiprows"))
    if a["usecols"] is not None:
        flags.append("--usecols=" + int_list(a["usecols"], "usecols"))
    if a["ndmin"] != 0:
        flags.append(f"--ndmin={a['ndmin']}")
    if a["max_rows"] is not None:
        flags.append("--max-rows=" + int_arg(a["max_rows"], "max_rows"))
    if a["quotechar"] is not None:
        flags.append("--quotechar=" + esc(a["quotechar"]))
    return flags


GENFROMTXT_DEFAULTS = {name: p.default for name, p in
                       inspect.signature(ORIGINAL["genfromtxt"]).parameters.items()}


def genfromtxt_flags(a):
    no_callables(a)
    for name in ("excludelist", "deletechars", "replace_space", "case_sensitive",
                 "defaultfmt", "usemask", "loose"):
        need(a[name] == GENFROMTXT_DEFAULTS[name], f"{name}={a[name]!r}")
    flags = ["--genfromtxt"]
    if a["dtype"] is None:
        flags.append("--dtype=auto")
    elif a["dtype"] is not float:
        flags.append("--dtype=" + dtype_arg(a["dtype"]))
    flags += comments_args(a["comments"], several=False)
    d = a["delimiter"]
    if isinstance(d, (str, bytes)):
        flags.append("--delimiter=" + esc(d))
    elif d is not None:
        flags.append("--delimiter=" + int_list(d, "delimiter"))
    for name, flag in (("skip_header", "--skip-header"), ("skip_footer", "--skip-footer"),
                       ("max_rows", "--max-rows")):
        if a[name] not in (0, None):
            flags.append(f"{flag}={int_arg(a[name], name)}")
    mv = a["missing_values"]
    if mv is not None:
        need(not isinstance(mv, (list, tuple, dict)), "missing_values per column")
        flags.append("--missing-values=" + esc(mv if isinstance(mv, (str, bytes)) else str(mv)))
    fv = a["filling_values"]
    if fv is not None:
        need(not isinstance(fv, dict), "filling_values as a dict")
        values = list(fv) if isinstance(fv, (list, tuple)) else [fv]
        values = [v.decode("latin1") if isinstance(v, bytes) else str(v) for v in values]
        need(all("," not in v for v in values), "filling value holding a comma")
        flags.append("--filling-values=" + ",".join(values))
    if a["usecols"] is not None:
        flags.append("--usecols=" + int_list(a["usecols"], "usecols", names_ok=True))
    names = a["names"]
    if names is True:
        flags.append("--names")
    elif names:
        names = names if isinstance(names, str) else ",".join(names)
        flags.append("--names=" + names)
    if a["autostrip"]:
        flags.append("--autostrip")
    if not a["invalid_raise"]:
        flags.append("--no-invalid-raise")
    if a["ndmin"] != 0:
        flags.append(f"--ndmin={a['ndmin']}")
    return flags


def compression(path):
    """The compression suffix NumPy would act on (npio chooses by suffix too)."""
    return next((s for s in (".gz", ".bz2", ".xz", ".lzma") if path.endswith(s)), "")


class LinesNotExpressible(NotExpressible):
    """Lines already read from a generator, to hand to NumPy instead."""
    def __init__(self, reason, lines):
        super().__init__(reason)
        self.lines = lines


def text_input(fname, encoding, quoted, tmp):
    """Writes a loadtxt/genfromtxt input to a file; returns (path, flags).

    A path is given to npio as a copy (keeping a .gz/.bz2/.xz/.lzma suffix,
    for npio to decompress), or as a missing file when it does not exist. A file
    object's content is written as read; the items of a list or generator
    become lines. Bytes are written as given (NumPy decodes them as latin1
    unless told otherwise); text is encoded with the requested encoding, or
    utf-8."""
    if isinstance(fname, os.PathLike):
        fname = os.fspath(fname)
    if isinstance(fname, str):
        path = os.path.join(tmp, "in.txt" + compression(fname))
        if os.path.exists(fname):
            with open(fname, "rb") as src, open(path, "wb") as dst:
                dst.write(src.read())
        return path, ["--encoding=" + encoding] if encoding else []
    try:
        iter(fname)
    except TypeError:
        raise NotExpressible("input not a path, file or iterable") from None
    if hasattr(fname, "read"):
        items = [fname.read()]
    else:
        items = list(fname)
        if not all(isinstance(x, (str, bytes)) for x in items):
            raise LinesNotExpressible("input lines not str/bytes", items)
        if not quoted and any(re.search(r"[\r\n](?!\n?$)", x if isinstance(x, str)
                                        else x.decode("latin1")) for x in items):
            raise LinesNotExpressible("a list item holding several lines", items)
        nl = {str: ("\n", "\r"), bytes: (b"\n", b"\r")}
        items = [x if i == len(items) - 1 or x.endswith(nl[type(x)]) else x + nl[type(x)][0]
                 for i, x in enumerate(items)]
    if all(isinstance(x, bytes) for x in items):
        data, encoding = b"".join(items), encoding or "latin1"
    else:
        text = "".join(x.decode(encoding if encoding not in (None, "bytes") else "latin1")
                       if isinstance(x, bytes) else x for x in items)
        if encoding in (None, "bytes"):
            encoding = encoding or "utf-8"
            data = text.encode("utf-8")
        else:
            try:
                data = text.encode(encoding)
            except (LookupError, UnicodeError):
                encoding, data = "utf-8", text.encode("utf-8")
    path = os.path.join(tmp, "in.txt")
    with open(path, "wb") as f:
        f.write(data)
    return path, ["--encoding=" + encoding]


CONTROL_CHARACTER = re.compile(
    r"control characters .* are incompatible|cannot include the delimiter"
    r"|cannot be a newline|must be one character|'--(quotechar|delimiter) ")


def guess_error(func, message):
    """The exception NumPy would most likely raise for npio's error."""
    if "No such file" in message or "not found" in message:
        return FileNotFoundError(message)
    if CONTROL_CHARACTER.search(message):   # NumPy's parser: TypeError
        return TypeError(message)
    if re.search(r"invalid UTF-|not ASCII|decode", message):
        return UnicodeDecodeError("utf-8", b"", 0, 1, message)
    if func == "genfromtxt" and re.search(r"conver", message, re.I):
        return ConverterError(message)
    return ValueError(message)


def run_npio(func, argv, tmp, twin):
    """Runs npio; relays its warnings; raises on failure.

    `twin` runs NumPy's own function on the same file and arguments. With
    NPIO_SUITE_WORDING=numpy, an error that NumPy raises too is re-raised as
    NumPy's exception, and NumPy's warnings replace npio's: the tests then
    get past differences in exception classes and wording and show only
    differences in what is accepted and what comes out."""
    proc = subprocess.run([NPIO, "convert", *argv, "-q"], capture_output=True)
    stderr = proc.stderr.decode("utf-8", "replace")
    shown = [line.replace(tmp + os.sep, "") for line in stderr.splitlines()]
    EVENTS.append({"func": func, "argv": [a.replace(tmp + os.sep, "") for a in argv],
                   "rc": proc.returncode, "stderr": "\n".join(shown)})
    errors = [re.sub(r"^error: ((in|out)\.\w+(\.\w+)?: )?", "", line)
              for line in shown if not line.startswith("warning: ")]
    error = proc.returncode and guess_error(
        func, "\n".join(errors) or f"npio exit status {proc.returncode}")
    if os.environ.get("NPIO_SUITE_WORDING") == "numpy":
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                twin()
                twin_error = None
            except Exception as e:
                twin_error = e
        for w in caught:
            warnings.warn(w.message, w.category, stacklevel=3)
        if error and twin_error:
            raise twin_error
        if error:
            raise error
        return
    for line in shown:
        if line.startswith("warning: "):
            text = re.sub(r"^warning: (in\.txt\S*: )?", "", line)
            if "is deprecated" in text:
                kind = np.exceptions.VisibleDeprecationWarning
            elif func == "genfromtxt" and "mpty" not in text:
                kind = ConversionWarning
            else:
                kind = UserWarning
            warnings.warn(text, kind, stacklevel=3)
    if error:
        raise error


def fall_back(func, reason, *args, **kwargs):
    EVENTS.append({"func": func, "fallback": reason})
    return ORIGINAL[func](*args, **kwargs)


def text_reader(func, build_flags):
    signature = inspect.signature(ORIGINAL[func])

    @functools.wraps(ORIGINAL[func])
    def wrapper(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return fall_back(func, "call NumPy rejects", *args, **kwargs)
        a = {n: p.default for n, p in signature.parameters.items()} | bound.arguments
        try:
            flags = build_flags(a)
            need(a["encoding"] is None or isinstance(a["encoding"], str), "encoding")
        except NotExpressible as e:
            return fall_back(func, str(e), *args, **kwargs)
        f = a["fname"]
        start = f.tell() if hasattr(f, "seekable") and f.seekable() else None
        rewind = (lambda: f.seek(start)) if start is not None else (lambda: None)
        with tempfile.TemporaryDirectory(prefix="npio-suite-") as tmp:
            try:
                path, enc_flags = text_input(a["fname"], a["encoding"],
                                             a.get("quotechar") is not None, tmp)
            except LinesNotExpressible as e:
                bound.arguments["fname"] = e.lines
                return fall_back(func, str(e), *bound.args, **bound.kwargs)
            except NotExpressible as e:
                return fall_back(func, str(e), *args, **kwargs)
            out = os.path.join(tmp, "out.npy")
            encoding = enc_flags[0].split("=", 1)[1] if enc_flags else a["encoding"]
            same = dict(a, fname=path, encoding=encoding)
            twin = functools.partial(ORIGINAL[func], **same)
            try:
                run_npio(func, [path, out, *enc_flags, *flags], tmp, twin)
            except Exception:
                rewind()   # NumPy rejects bad options before reading a stream
                raise
            return np.load(out)
    return wrapper


def savetxt(fname, X, fmt="%.18e", delimiter=" ", newline="\n", header="",
            footer="", comments="# ", encoding=None):
    call = (fname, X, fmt, delimiter, newline, header, footer, comments, encoding)
    try:
        X = np.asarray(X)
        need(not X.dtype.hasobject, "object array")
        if isinstance(fmt, (list, tuple)):
            need(all(isinstance(f, (str, bytes)) for f in fmt), f"fmt={fmt!r}")
            flags = ["--fmt=" + (f.decode("latin1") if isinstance(f, bytes) else f) for f in fmt]
        else:
            need(isinstance(fmt, (str, bytes)), f"fmt={fmt!r}")
            fmt = fmt.decode("latin1") if isinstance(fmt, bytes) else fmt
            flags = [] if fmt == "%.18e" else ["--fmt=" + fmt]   # taken as is
        for name, value, default in (("delimiter", delimiter, " "), ("newline", newline, "\n"),
                                     ("header", header, ""), ("footer", footer, ""),
                                     ("comments", comments, "# ")):
            if value != default:
                flags.append(f"--{name}=" + esc(value))
        is_path = isinstance(fname, (str, os.PathLike))
        need(is_path or hasattr(fname, "write"), "target not a path or file")
        need(not is_path or encoding in (None, "utf-8", "utf8", "UTF-8"),
             f"encoding={encoding!r} for a file (npio writes UTF-8)")
    except NotExpressible as e:
        return fall_back("savetxt", str(e), *call)
    with tempfile.TemporaryDirectory(prefix="npio-suite-") as tmp:
        src = os.path.join(tmp, "in.npy")
        np.save(src, X, allow_pickle=False)
        suffix = compression(os.fspath(fname)) if is_path else ""
        out = os.path.join(tmp, "out.txt" + suffix)
        twin = functools.partial(ORIGINAL["savetxt"], os.path.join(tmp, "twin" + suffix),
                                 *call[1:])
        run_npio("savetxt", [src, out, *flags], tmp, twin)
        with open(out, "rb") as f:
            data = f.read()
    if is_path:
        with open(fname, "wb") as f:
            f.write(data)
        return
    text = data.decode("utf-8")
    try:                       # as NumPy: text streams take str, others bytes
        fname.write(text)
    except TypeError:
        fname.write(text.encode(encoding or "latin1"))


REPLACEMENTS = {
    "loadtxt": text_reader("loadtxt", loadtxt_flags),
    "genfromtxt": text_reader("genfromtxt", genfromtxt_flags),
    "savetxt": functools.wraps(ORIGINAL["savetxt"])(savetxt),
}
for _name, _func in REPLACEMENTS.items():
    setattr(np, _name, _func)
    setattr(_npyio_impl, _name, _func)   # recfromcsv & co. call these


# ---- bookkeeping: what each test did, written as JSON at the end ----------

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    EVENTS.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    rec = RESULTS.setdefault(item.nodeid, {"outcome": "passed"})
    if report.failed:
        rec["outcome"] = "failed"
        rec["error"] = report.longreprtext[-3000:]
        if call.excinfo is not None:
            rec["exception"] = call.excinfo.exconly()[:1000]
    elif report.skipped and rec["outcome"] != "failed":
        rec["outcome"] = "xfailed" if hasattr(report, "wasxfail") else "skipped"
    if report.when == "teardown":
        rec["npio"] = [e for e in EVENTS if "fallback" not in e]
        rec["fallbacks"] = sorted({e["fallback"] for e in EVENTS if "fallback" in e})
        rec["mode"] = ("npio" if rec["npio"] and not rec["fallbacks"] else
                       "mixed" if rec["npio"] else
                       "fallback" if rec["fallbacks"] else "no call")
    return report


def pytest_terminal_summary(terminalreporter):
    counts = {}
    for rec in RESULTS.values():
        key = (rec.get("mode", "no call"), rec["outcome"])
        counts[key] = counts.get(key, 0) + 1
    terminalreporter.section("npio numpy suite")
    for (mode, outcome), n in sorted(counts.items()):
        terminalreporter.write_line(f"{mode:>10} {outcome:<8} {n}")
    path = os.environ.get("NPIO_SUITE_JSON")
    if path:
        with open(path, "w") as f:
            json.dump(RESULTS, f, indent=1)
        terminalreporter.write_line(f"details: {path}")
