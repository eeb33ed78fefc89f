"""The quality objectives a document cites (its "Quality objectives" blocks), shown live on its
reading page under the frozen body: the issue keeps only the heading and the year; the figures
are those of the moment the page is read, from the app that keeps the objectives (qms.registry),
never imported here."""

import re

from django.utils.module_loading import import_string

from qms import registry

CITED = re.compile(r'data-objectives-year="(\d{4})"')


def cited_years(body_html):
    return sorted({int(year) for year in CITED.findall(str(body_html))})


def live_objectives(agency_id, body_html):
    """[(year, [objective rows])] for each year the body cites; [] without a source or a citation."""
    years = cited_years(body_html)
    sources = registry.quality_objectives_sources()
    if not years or not sources or agency_id is None:
        return []
    source = import_string(sources[0])
    return [(year, source(agency_id, year)) for year in years]
