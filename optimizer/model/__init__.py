"""The linear program: columns, constraint families, objectives and their assembly."""

from optimizer.model.build import Model, build

__all__ = ["Model", "build"]
