"""The desks of a deployment: their specs checked and stored at start-up (``sync``), the registry every
service reads (``registry``), and teams, shared across desks or not (``teams``)."""
