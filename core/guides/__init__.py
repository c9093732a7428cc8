"""Self-service troubleshooting guides and FAQ articles.

A desk's guides come from two places: its plugin's catalogue (``TopicSpec.guides``) and the articles its admins
write at run time (``GuideArticle``, :mod:`.articles`). :mod:`.search` lists and searches both alike;
:mod:`.outcomes` records whether a guide solved a reporter's problem and counts the requests it deflected.
"""

from loket.core.guides.outcomes import GuideCount, counts_as_reporter, deflections, record_outcome
from loket.core.guides.search import FoundGuide, find_guides, guide_titles

__all__ = ["FoundGuide", "GuideCount", "counts_as_reporter", "deflections", "find_guides", "guide_titles",
           "record_outcome"]
