"""The build of the package (its metadata is in pyproject.toml). The default theme lives in the
repository's `templates/`, where the demo site and an editable install read it; a wheel or an
install from source carries a copy of it as `site_builder/theme/`.

setuptools works in `.setuptools-build/`, not in its usual `build/`: that is the site's output."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTheme(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            self.copy_tree("templates", str(Path(self.build_lib) / "site_builder" / "theme"))


setup(
    cmdclass={"build_py": BuildWithTheme},
    options={"build": {"build_base": ".setuptools-build"}},
)
