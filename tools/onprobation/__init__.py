"""Convert plain-text dumps of the "On Probation" blog into MyST pages.

The pipeline is ``decode`` (bytes -> text) -> ``parse`` (text -> posts) ->
``structure`` (body lines -> blocks) -> ``myst`` / ``pages`` (model -> MyST)
-> ``convert`` (write pages atomically, only when they changed).
"""

__version__ = "0.1.0"
