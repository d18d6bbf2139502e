"""The optional C accelerator (warden/_speedups.c); everything else is in pyproject.toml."""
from setuptools import Extension, setup

setup(ext_modules=[Extension("warden._speedups", ["warden/_speedups.c"], optional=True)])
