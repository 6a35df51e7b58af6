"""What the forkserver of exporting/pdf_join.py's process pool loads before it forks any child:
Django set up (the parts' render functions live in apps and read settings and static files),
WeasyPrint imported and its fonts found once. Every child is then forked from that one
single-threaded process, never from the asking one: a web or task worker runs threads, and a
child forked from it could inherit a lock one of them held (once seen: a child hung on a futex).
Nothing here opens a database connection; the children only turn HTML into PDF files."""

import django

django.setup()

from weasyprint import HTML  # noqa: E402  (after setup: the import is the point)

HTML(string="<p>Aa 中文</p>").render()  # fontconfig and Pango's font map, loaded once
