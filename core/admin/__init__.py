"""Administration at run time: who may administer what (``access``) and the record of every change (``audit``)."""
