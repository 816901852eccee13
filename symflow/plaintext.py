r"""LaTeX as a terminal reads it: the statements of the claims, shortened for ``symflow verify --list``.

Only the notation the sources use is translated (Greek letters, operators, ``\frac``, ``\sqrt``, fonts, spacing);
anything unknown keeps its name without the backslash, so nothing is lost silently.  The result is for reading,
never parsed back (statements as data live in :class:`symflow.claims.Statement`).

>>> to_text(r"$\frac{d}{dt}(u^j\odot u^j)=-2\,\theta\odot\nabla\mathcal{L}(\theta)$")
'd/dt(u^j⊙u^j)=-2 θ⊙∇L(θ)'
>>> shorten("a b c d e", 7)
'a b c…'
"""

from __future__ import annotations

import re

__all__ = ["to_text", "shorten"]

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "odot": "⊙", "bigodot": "⨀", "otimes": "⊗", "nabla": "∇", "partial": "∂", "sum": "∑", "prod": "∏",
    "int": "∫", "infty": "∞", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
    "equiv": "≡", "propto": "∝", "to": "→", "rightarrow": "→", "mapsto": "↦", "Rightarrow": "⇒", "iff": "⇔",
    "implies": "⇒", "forall": "∀", "exists": "∃", "cdot": "·", "times": "×", "pm": "±", "mp": "∓",
    "langle": "⟨", "rangle": "⟩", "|": "‖", "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|",
    "dots": "…", "ldots": "…", "cdots": "⋯", "top": "ᵀ", "circ": "∘", "star": "⋆", "ell": "ℓ",
    "{": "{", "}": "}", "%": "%", "&": "&", "_": "_", "#": "#", "min": "min", "max": "max", "log": "log",
    "exp": "exp", "sin": "sin", "cos": "cos", "det": "det", "arg": "arg", "sup": "sup", "inf": "inf",
    "lim": "lim", "asinh": "asinh", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh",
}
_RELATIONS = {"le", "leq", "ge", "geq", "neq", "ne", "in", "notin", "approx", "equiv", "to", "rightarrow", "mapsto",
              "Rightarrow", "iff", "implies", "subset", "subseteq", "sim", "propto"}
_SPACES = {",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "  "}
_DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "displaystyle", "limits",
         "nolimits", "textstyle"}
_FONTS = {"mathcal", "mathrm", "mathbf", "mathbb", "mathit", "mathsf", "boldsymbol", "bm", "operatorname", "text",
          "textrm", "textit", "textbf", "emph", "mbox", "hat", "tilde", "bar", "overline", "widehat", "widetilde",
          "dot", "ddot", "vec"}
_BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
_ACCENT = {"dot": "\u0307", "ddot": "\u0308", "vec": "\u20d7", "hat": "\u0302", "tilde": "\u0303", "bar": "\u0304",
           "overline": "\u0304", "widehat": "\u0302", "widetilde": "\u0303"}
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def _group(s: str, i: int) -> tuple[str, int]:
    """The argument starting at ``s[i]`` (a braced group or one character) and the index after it."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return "", i
    if s[i] != "{":
        if s[i] == "\\":
            m = _COMMAND.match(s, i)
            return m.group(0), m.end()
        return s[i], i + 1
    depth, j = 0, i
    while j < len(s):
        depth += {"{": 1, "}": -1}.get(s[j], 0)
        if depth == 0:
            return s[i + 1:j], j + 1
        j += 1
    return s[i + 1:], len(s)


def _wrap(text: str) -> str:
    """Parenthesize a translated argument unless it is a single token."""
    return text if re.fullmatch(r"[\w.′]+|\(.*\)", text) and text.count("(") <= 1 else f"({text})"


def _spaced(out: list, word: str) -> str:
    """A function name (log, arcsinh) gets a space after a letter or digit, so that θ_i log reads as two words."""
    prev = out[-1][-1:] if out else ""
    return " " + word if len(word) > 1 and word[0].isalpha() and prev.isalnum() else word


def _convert(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            m = _COMMAND.match(s, i)
            name, i = m.group(1), m.end()
            if name.isalpha():  # TeX ignores the spaces after a control word; a relation keeps one
                j = i
                while i < len(s) and s[i] == " ":
                    i += 1
                if i > j and (name in _RELATIONS or _SYMBOLS.get(name, "").isalpha() and len(_SYMBOLS[name]) > 1):
                    out.append(_spaced(out, _SYMBOLS[name]) + " ")  # a relation or a function name keeps a space
                    continue
            if name == "frac" or name in ("dfrac", "tfrac"):
                num, i = _group(s, i)
                den, i = _group(s, i)
                out.append(f"{_wrap(_convert(num))}/{_wrap(_convert(den))}")
            elif name == "sqrt":
                arg, i = _group(s, i)
                out.append(f"√{_wrap(_convert(arg))}")
            elif name in _FONTS:
                arg, i = _group(s, i)
                text = _convert(arg)
                if name == "mathbb":
                    text = "".join(_BLACKBOARD.get(ch, ch) for ch in text)
                elif name in _ACCENT and len(text) == 1:
                    text += _ACCENT[name]
                out.append(_spaced(out, text) if name == "operatorname" else text)
            elif name in _SPACES:
                out.append(_SPACES[name])
            elif name in _DROP:
                continue
            else:
                out.append(_spaced(out, _SYMBOLS.get(name, name)))
        elif c in "^_":
            arg, i = _group(s, i + 1)
            text = _convert(arg)
            out.append(c + (text if len(text) == 1 else f"({text})"))
        elif c in "{}$":
            i += 1
        elif c == "~":
            out.append(" ")
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def to_text(latex: str) -> str:
    r"""``latex`` (text with ``$…$`` math, as printed in the sources) as plain Unicode text on one line."""
    if not isinstance(latex, str):
        raise TypeError(f"latex={latex!r} ({type(latex).__name__}) must be a str")
    return " ".join(_convert(latex).split())


def shorten(text: str, width: int = 100) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if " " in cut:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip() + "…"
