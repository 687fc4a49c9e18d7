"""``strukturer new``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from strukturer.cli._app import UsageFailure, quiet_option

_DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command("new")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--agency", help="The agency that reports, e.g. 'Myndigheten för vård- och …'.")
@click.option("--department", help="The department that gave the assignment.")
@click.option("--title", help="The assignment's title: 'Uppdrag att …'.")
@click.option("--report-title", help="The report's title.")
@click.option("--diarienummer", help="The government's diarienummer, e.g. S2024/01234.")
@click.option("--decision-date", type=_DATE, help="The date of the government's decision.")
@click.option("--deadline", type=_DATE, help="The date the assignment is to be reported.")
@click.option(
    "--deliverables",
    metavar="NAME,...",
    help="The deliverables (default: all; see `strukturer templates`).",
)
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: what is not given is a placeholder.")
@quiet_option
def new_command(
    *,
    folder: Path,
    agency: str | None,
    department: str | None,
    title: str | None,
    report_title: str | None,
    diarienummer: str | None,
    decision_date: datetime | None,
    deadline: datetime | None,
    deliverables: str | None,
    yes: bool,
    quiet: bool,
) -> None:
    """Start a project in FOLDER (new or empty): asks for what it needs to know.

    What is not known yet becomes a visible [[placeholder]]; the project builds and passes
    `strukturer check` at once.
    """
    from strukturer.scaffold import NewProject, deliverable_choices, new_project

    def ask(value: str | None, question: str, *, required: bool = False) -> str | None:
        if value is not None or yes:
            return value
        answer = click.prompt(question, default="" if not required else None, show_default=False)
        return str(answer).strip() or None

    def ask_date(value: datetime | None, question: str, *, required: bool = False) -> date | None:
        if value is None and not yes:
            value = click.prompt(question, type=_DATE, default="" if not required else None)
        return value.date() if isinstance(value, datetime) else None

    agency = ask(agency, "Myndighet (som redovisar uppdraget)", required=True)
    department = ask(department, "Departement (som gav uppdraget)", required=True)
    title = ask(title, "Uppdragets titel (Uppdrag att …; tomt: platshållare)")
    report_title = ask(report_title, "Rapportens titel (tomt: platshållare)")
    diarienummer = ask(diarienummer, "Regeringens diarienummer (tomt: platshållare)")
    decided = ask_date(decision_date, "Beslutsdatum ÅÅÅÅ-MM-DD (tomt: platshållare)")
    due = ask_date(deadline, "Redovisas senast ÅÅÅÅ-MM-DD", required=True)
    names = [t.name for t in deliverable_choices()]
    if deliverables is None and not yes:
        deliverables = click.prompt("Leveranser", default=",".join(names))
    if agency is None or department is None or due is None:
        given = (("--agency", agency), ("--department", department), ("--deadline", due))
        missing = ", ".join(option for option, value in given if value is None)
        raise UsageFailure(f"strukturer new --yes needs {missing}")
    written = new_project(
        folder,
        NewProject(
            agency=agency,
            department=department,
            deadline=due,
            title=title,
            project_title=report_title,
            diarienummer=diarienummer,
            decision_date=decided,
            deliverables=tuple(n.strip() for n in (deliverables or "").split(",") if n.strip()),
        ),
    )
    if not quiet:
        for path in written:
            click.echo(str(path))
        click.echo(f"\nNext: cd {folder} && strukturer preview", err=True)
