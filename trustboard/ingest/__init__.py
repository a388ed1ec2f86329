"""Reading what partners and the DfE send, checking all of it, before anything is stored.

``reader`` is the toolkit every importer shares (with ``cells`` and ``workbook`` beneath it);
``observations``, ``records``, ``dfe`` with ``published``, ``series_file`` and ``plan`` each read
one kind of file with it.
"""
