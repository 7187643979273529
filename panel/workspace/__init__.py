"""The role-gated workspace: landing pages, queues, approvals, department scoping, field
permissions, privacy of phone numbers and evidence attachments.

Scoping and field permissions hold below the views: :mod:`panel.workspace.guard` runs in the
session's ``before_flush``; :mod:`panel.workspace.viewscope` narrows every model view's rows.
"""
