"""Publishing to calendar servers: the CalDAV client side of ``tripplan publish``.

:mod:`tripplan.publish.target` reads the collection URL and finds the credentials;
:mod:`tripplan.publish.caldav_sync` compares the trip's calendar objects with the
collection's and writes the difference. The use case is :mod:`tripplan.app.publish`.
"""
