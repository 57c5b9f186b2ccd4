"""Downloads: the transfer engine, the queue, its persistence, and endpoints/mirrors/offline.

Submodules are imported explicitly (``from hfmanager.core.downloads import endpoints``);
nothing is re-exported here so that importing one part never drags in the others.
"""
