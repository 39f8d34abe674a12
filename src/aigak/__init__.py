"""aigak (Kazakh «айғақ», evidence): testimonies and news reports turned into verified, source-grounded case files."""

__all__ = ["__version__"]
__version__ = "0.1.0"
