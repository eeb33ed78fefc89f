"""Entry point for WAGTAIL_FINISH_WORKFLOW_ACTION.

Wagtail imports this while its own models load, so everything is imported
when a workflow actually finishes.
"""


def finish_workflow(workflow_state, user=None):
    from procedures.lifecycle.issuing import finish_workflow as finish

    return finish(workflow_state, user=user)
