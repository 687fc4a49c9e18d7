"""Context-manager support shared by the engines."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """Use as ``with X() as x:``; leaving the block calls :meth:`close`."""

    def close(self) -> None:
        """Release what the object holds."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
