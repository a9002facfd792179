"""Which ``torch`` and ``torchvision`` names a snippet module uses, read with ``ast``.

No regular expression on source text: the module is parsed, its imports give the
aliases (``import torch.nn as nn``, ``from torch.nn import functional as F``,
``from torch.utils.data import DataLoader``), and every name is resolved on the
installed packages (``getattr`` on the real objects), so ``nn.Linear`` is
``torch.nn.Linear`` and ``F.relu`` is ``torch.nn.functional.relu``.

Methods are named where the receiver's type is clear from the code:

- an instance of a torch class: ``model = nn.Linear(...)``, ``opt = optim.Adam(...)``,
  a parameter annotated ``x: torch.Tensor`` or ``model: nn.Module``, ``self`` in a
  class of the module that subclasses one (its own methods excluded);
- a tensor: what a tensor function (``torch.randn``, ``F.relu``), a tensor method, an
  operator on a tensor or an index of one returns; what calling a module returns
  when its ``forward`` is annotated ``-> Tensor`` (``nn.Linear``, the losses, a class
  of the module annotated so).

A method is named after the public class that defines it (``model.parameters()`` is
``torch.nn.Module.parameters``; any tensor method is ``torch.Tensor.<name>``).

An attribute that does not exist on a torch module or class (``nn.Linearr``, an API
renamed in a new release) raises :class:`ApiNameError` naming the file and line: the
build stops rather than list a name that is not there.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import types
from dataclasses import dataclass

from scripts.apiref.objects import (
    NOT_TENSOR,
    PACKAGES,
    ApiNameError,
    Inst,
    LocalClass,
    Ref,
    forward_returns_tensor,
    indexable,
    is_tensor_function,
    method_name,
    tensor_type,
)

#: Re-exported: the API index hook and the tests import it from here.
__all__ = ["ApiNameError", "Use", "module_uses", "section_ranges"]


@dataclass
class Use:
    """One use of a name, at a line of the module."""

    line: int
    name: str


def _is_tensor(value) -> bool:
    return isinstance(value, Inst) and issubclass(value.cls, tensor_type())


class _Analyzer:
    def __init__(self, path: str) -> None:
        self.path = path
        self.uses: list[Use] = []

    # -- resolution ---------------------------------------------------------------

    def import_ref(self, dotted: str) -> Ref | None:
        if dotted.split(".")[0] not in PACKAGES:
            return None
        try:
            return Ref(dotted, importlib.import_module(dotted))
        except ImportError:
            head, _, attr = dotted.rpartition(".")
            parent = self.import_ref(head) if head else None
            if parent is not None and hasattr(parent.obj, attr):
                return Ref(dotted, getattr(parent.obj, attr))
            raise ApiNameError(f"{self.path}: `import {dotted}` não existe") from None

    def resolve(self, node: ast.AST, env: dict):
        """What an expression is: a Ref, an Inst, a LocalClass, or None."""
        if isinstance(node, ast.Name):
            return env.get(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, self.resolve(node.value, env))
        if isinstance(node, ast.Call):
            return self._call(self.resolve(node.func, env))
        if isinstance(node, ast.BinOp):
            sides = (self.resolve(node.left, env), self.resolve(node.right, env))
            return Inst(tensor_type()) if any(map(_is_tensor, sides)) else None
        if isinstance(node, ast.UnaryOp):
            inner = self.resolve(node.operand, env)
            return inner if _is_tensor(inner) else None
        if isinstance(node, ast.Subscript):
            inner = self.resolve(node.value, env)
            return Inst(tensor_type()) if _is_tensor(inner) else None
        return None

    def _attribute(self, node: ast.Attribute, base):
        """``base.attr``: a torch object or a method (unknown attributes of a torch
        module or class fail the build)."""
        if isinstance(base, Ref):
            if not hasattr(base.obj, node.attr):
                if isinstance(base.obj, types.ModuleType) or inspect.isclass(base.obj):
                    raise ApiNameError(
                        f"{self.path}:{node.lineno}: {base.name}.{node.attr} "
                        "não existe no torch/torchvision instalado"
                    )
                return None
            obj = getattr(base.obj, node.attr)
            if inspect.isclass(base.obj) and not inspect.isclass(obj):
                name = method_name(base.obj, node.attr)
                return Ref(name, obj) if name else None
            return Ref(f"{base.name}.{node.attr}", obj)
        if isinstance(base, Inst):
            if node.attr in base.local:
                return None
            name = method_name(base.cls, node.attr)
            if name:
                return Ref(name, ("method", base.cls, node.attr))
        return None

    @staticmethod
    def _call(func):
        """What calling ``func`` returns, where the type is clear."""
        if isinstance(func, LocalClass) and func.base is not None:
            return Inst(func.base, frozenset(func.methods), func.returns_tensor)
        if isinstance(func, Inst):
            return Inst(tensor_type()) if func.returns_tensor else None
        if not isinstance(func, Ref):
            return None
        if isinstance(func.obj, tuple) and func.obj[0] == "method":
            _, cls, attr = func.obj
            if issubclass(cls, tensor_type()) and attr not in NOT_TENSOR:
                return Inst(tensor_type())
            return None
        if inspect.isclass(func.obj) and func.name.split(".")[0] in PACKAGES:
            return Inst(func.obj, returns_tensor=forward_returns_tensor(func.obj))
        if is_tensor_function(func):
            return Inst(tensor_type())
        return None

    def annotation(self, node: ast.AST | None, env: dict):
        if node is None:
            return None
        if isinstance(node, ast.BinOp):  # `torch.Tensor | None`: not clear, skip
            return None
        ref = self.resolve(node, env)
        if isinstance(ref, Ref) and inspect.isclass(ref.obj):
            return Inst(ref.obj, returns_tensor=forward_returns_tensor(ref.obj))
        if isinstance(ref, LocalClass) and ref.base is not None:
            return Inst(ref.base, frozenset(ref.methods), ref.returns_tensor)
        return None

    # -- uses ------------------------------------------------------------------------

    def record(self, node: ast.AST | None, env: dict) -> None:
        """Every indexed name an expression (or statement part) uses."""
        if node is None:
            return
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Name, ast.Attribute)) and isinstance(
                sub.ctx, ast.Load
            ):
                ref = self.resolve(sub, env)
                if isinstance(ref, Ref) and indexable(ref):
                    self.uses.append(Use(sub.lineno, ref.name))

    # -- statements ------------------------------------------------------------------

    def bind(self, target: ast.AST, value, env: dict) -> None:
        if isinstance(target, ast.Name):
            if value is None:
                env.pop(target.id, None)
            else:
                env[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self.bind(elt, None, env)

    def imports(self, node: ast.Import | ast.ImportFrom, env: dict) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in PACKAGES:
                    continue
                if alias.asname:
                    env[alias.asname] = self.import_ref(alias.name)
                else:
                    top = alias.name.split(".")[0]
                    self.import_ref(alias.name)  # must exist
                    env[top] = self.import_ref(top)
            return
        if node.level or not node.module or node.module.split(".")[0] not in PACKAGES:
            return
        module = self.import_ref(node.module)
        for alias in node.names:
            if not hasattr(module.obj, alias.name):
                try:
                    ref = self.import_ref(f"{node.module}.{alias.name}")
                except ApiNameError:
                    raise ApiNameError(
                        f"{self.path}:{node.lineno}: `from {node.module} import "
                        f"{alias.name}` não existe no torch/torchvision instalado"
                    ) from None
            else:
                ref = Ref(
                    f"{node.module}.{alias.name}", getattr(module.obj, alias.name)
                )
            env[alias.asname or alias.name] = ref
            if indexable(ref):
                self.uses.append(Use(node.lineno, ref.name))

    def function(self, node, env: dict, self_value=None) -> None:
        for decorator in node.decorator_list:
            self.record(decorator, env)
        local = dict(env)
        args = node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        for default in [*args.defaults, *args.kw_defaults]:
            self.record(default, env)
        for i, arg in enumerate(every):
            if i == 0 and self_value is not None:
                local[arg.arg] = self_value
                continue
            value = self.annotation(arg.annotation, env)
            self.bind(ast.Name(arg.arg, ast.Store()), value, local)
        self.body(node.body, local)

    def klass(self, node: ast.ClassDef, env: dict) -> None:
        base = None
        for b in node.bases:
            self.record(b, env)
            ref = self.resolve(b, env)
            if isinstance(ref, Ref) and inspect.isclass(ref.obj):
                base = base or ref.obj
            elif isinstance(ref, LocalClass):
                base = base or ref.base
        methods = {
            s.name
            for s in node.body
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        forward = next(
            (
                s
                for s in node.body
                if isinstance(s, ast.FunctionDef) and s.name == "forward"
            ),
            None,
        )
        returns = (
            forward is not None
            and isinstance(self.annotation(forward.returns, env), Inst)
            and issubclass(self.annotation(forward.returns, env).cls, tensor_type())
        )
        local = LocalClass(base, methods, returns)
        env[node.name] = local
        self_value = (
            Inst(base, frozenset(methods), returns) if base is not None else None
        )
        for stmt in node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                is_static = any(
                    isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod")
                    for d in stmt.decorator_list
                )
                self.function(stmt, env, None if is_static else (self_value or False))
            else:
                self.statement(stmt, env)

    def body(self, stmts: list[ast.stmt], env: dict) -> None:
        for stmt in stmts:
            self.statement(stmt, env)

    # One branch per kind of statement, each a call or two: a dispatch table.
    def statement(self, stmt: ast.stmt, env: dict) -> None:  # noqa: C901, PLR0912
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.imports(stmt, env)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            env[stmt.name] = None
            self.function(stmt, env)
        elif isinstance(stmt, ast.ClassDef):
            self.klass(stmt, env)
        elif isinstance(stmt, ast.Assign):
            self.record(stmt.value, env)
            value = self.resolve(stmt.value, env)
            for target in stmt.targets:
                self.bind(target, value, env)
                if not isinstance(target, ast.Name):
                    self.record(target, env)
        elif isinstance(stmt, ast.AnnAssign):
            self.record(stmt.value, env)
            value = self.annotation(stmt.annotation, env) or (
                self.resolve(stmt.value, env) if stmt.value else None
            )
            self.bind(stmt.target, value, env)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.record(stmt.iter, env)
            self.bind(stmt.target, None, env)
            self.body(stmt.body, env)
            self.body(stmt.orelse, env)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                self.record(item.context_expr, env)
                if item.optional_vars is not None:
                    self.bind(item.optional_vars, None, env)
            self.body(stmt.body, env)
        elif isinstance(stmt, (ast.If, ast.While)):
            self.record(stmt.test, env)
            self.body(stmt.body, env)
            self.body(stmt.orelse, env)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self.body(stmt.body, env)
            for handler in stmt.handlers:
                self.record(handler.type, env)
                self.body(handler.body, env)
            self.body(stmt.orelse, env)
            self.body(stmt.finalbody, env)
        else:
            self.record(stmt, env)


def module_uses(source: str, path: str) -> list[Use]:
    """Every indexed name a module's source uses, with its line (in source order)."""
    analyzer = _Analyzer(path)
    analyzer.body(ast.parse(source, filename=path).body, {})
    return sorted(analyzer.uses, key=lambda u: (u.line, u.name))


def section_ranges(
    source: str, markers: list[tuple[int, str, str]]
) -> dict[str, tuple[int, int]]:
    """Section name -> (first line, last line) between its markers (1-based)."""
    starts: dict[str, int] = {}
    ranges: dict[str, tuple[int, int]] = {}
    for line, kind, name in markers:
        if kind == "start":
            starts[name] = line
        elif name in starts:
            ranges[name] = (starts.pop(name), line)
    return ranges
