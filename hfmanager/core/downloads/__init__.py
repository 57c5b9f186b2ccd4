"""Downloads: the transfer engine, the queue and its persistence (the network a job uses
is decided by :mod:`hfmanager.core.network`).

Submodules are imported explicitly (``from hfmanager.core.downloads import service``);
nothing is re-exported here so that importing one part never drags in the others.
"""
