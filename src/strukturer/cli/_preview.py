"""``strukturer preview``."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import click
from rich.markup import escape

from strukturer.cli._app import err, example_option, resolve_project, shown
from strukturer.cli._build import open_engines


@click.command("preview")
@click.argument("project", required=False, type=click.Path(path_type=Path))
@example_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 (0: a free one).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the page in a web browser.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=0.3,
    show_default=True,
    help="Seconds between looks for changed files.",
)
def preview_command(
    *, project: Path | None, example: bool, port: int, no_browser: bool, interval: float
) -> None:
    """Show PROJECT's pages (default: the project of the current folder) in the browser,
    rebuilt whenever a content or template file is saved. Stop with Ctrl-C.

    Prints the page's address first. The check's diagnostics are shown beside the pages;
    a content error shows on the page and here, and the last good pages stay.
    """
    import webbrowser

    from strukturer.preview import Preview, PreviewServer

    path = resolve_project(project, example, "preview")
    engines = open_engines(["pdf"], 1, None)  # kept warm for every rebuild
    work = Path(tempfile.mkdtemp(prefix="strukturer-preview-"))
    server: PreviewServer | None = None
    try:
        session = Preview(
            path,
            work,
            engine=engines,
            say=lambda line: err.print(escape(shown(line)), soft_wrap=True),
        )
        server = PreviewServer(session.state, session.images, port)
        server.start()
        click.echo(f"preview: {server.url}")
        if not no_browser:
            webbrowser.open(server.url)
        session.start()
        while True:
            time.sleep(interval)
            session.poll()
    except KeyboardInterrupt:
        err.print("preview stopped")
    finally:
        if server is not None:
            server.stop()
        if engines is not None:
            engines.close()
        shutil.rmtree(work, ignore_errors=True)
