from .declarations import Declaration, DeclarationStatus

__all__ = ["Declaration", "DeclarationStatus"]
